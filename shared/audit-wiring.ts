import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createCloudWatchMetricsReader } from './aws/cloudwatch-metrics-reader.js';
import { createDynamoDbAuditStateStore } from './aws/dynamodb-audit-state-store.js';
import { createS3BucketReader } from './aws/s3-bucket-reader.js';
import { createS3ObjectReader } from './aws/s3-object-reader.js';
import { type AuditStateStore, createInMemoryAuditStateStore } from './checks/audit-state.js';
import type { AuditDependencies } from './checks/run-audit.js';
import type { MonitorConfig } from './config.js';
import type { Clock } from './core/clock.js';
import type { ClientPool } from './wiring.js';

/** The audit's readers over a client pool; state in DynamoDB when a table is configured. */
export function createAuditDependencies(input: {
  config: MonitorConfig;
  clients: ClientPool;
  clock: Clock;
  deadline: () => boolean;
  homeRegion: string;
  stateStore?: AuditStateStore;
}): AuditDependencies {
  const { config, clients, clock } = input;
  const s3 = (region: string) =>
    clients.get('s3', region, (settings) => new S3Client({ ...settings, followRegionRedirects: true }));
  const cloudWatch = (region: string) =>
    clients.get('cloudwatch', region, (settings) => new CloudWatchClient(settings));
  const tableName = config.audit.tableName;
  const stateStore =
    input.stateStore ??
    (tableName === undefined
      ? createInMemoryAuditStateStore()
      : createDynamoDbAuditStateStore(
          clients.get('dynamodb', input.homeRegion, (settings) =>
            DynamoDBDocumentClient.from(new DynamoDBClient(settings)),
          ),
          { tableName, clock },
        ));
  return {
    bucketReader: createS3BucketReader(s3),
    objectReader: createS3ObjectReader(s3),
    metricsReader: createCloudWatchMetricsReader(cloudWatch),
    stateStore,
    clock,
    deadline: input.deadline,
    settings: config.audit,
    severityOverrides: config.severityOverrides,
  };
}
