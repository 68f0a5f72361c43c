/**
 * The environment of every benchmark process (as test/setup.ts is for tests): the functions read
 * their configuration at import, and nothing here may reach AWS.
 */
export const BENCH_ENV: Readonly<Record<string, string>> = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  AWS_EC2_METADATA_DISABLED: 'true',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_DEV: 'false',
  ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:replication-alerts',
  AUDIT_TABLE_NAME: 's3-replication-monitor-bench-state',
  SLACK_WEBHOOK_PARAMETER: '/s3-replication-monitor/slack-webhook',
};
