// Loaded with --import into every test process: no test may reach real AWS or print EMF noise.
process.env.AWS_REGION ??= 'us-east-1';
process.env.AWS_ACCESS_KEY_ID ??= 'test';
process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.AWS_EC2_METADATA_DISABLED ??= 'true';
process.env.ALERT_TOPIC_ARN ??= 'arn:aws:sns:us-east-1:111122223333:replication-alerts';
process.env.AUDIT_TABLE_NAME ??= 's3-replication-monitor-test-state';
