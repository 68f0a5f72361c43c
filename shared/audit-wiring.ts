import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tableArnOf } from './aws/aws-errors.js';
import { createCallerAccount } from './aws/caller-account.js';
import { createCloudWatchMetricsReader } from './aws/cloudwatch-metrics-reader.js';
import { createDynamoDbAuditStateStore } from './aws/dynamodb-audit-state-store.js';
import { createDynamoDbDiagnosisStore } from './aws/dynamodb-diagnosis-store.js';
import { createIamRoleReader } from './aws/iam-role-reader.js';
import { createKmsKeyReader } from './aws/kms-key-reader.js';
import { createS3BucketReader, memoizedBucketReader } from './aws/s3-bucket-reader.js';
import { createS3ObjectReader } from './aws/s3-object-reader.js';
import { type AuditStateStore, createInMemoryAuditStateStore } from './checks/audit-state.js';
import { createInMemoryDiagnosisStore, type DiagnosisStore } from './checks/diagnosis-store.js';
import type { AuditDependencies } from './checks/run-audit.js';
import type { MonitorConfig } from './config.js';
import type { Clock } from './core/clock.js';
import { type ClientPool, cutOffAt } from './wiring.js';

/** The audit's readers over a client pool; state in DynamoDB when a table is configured. */
export function createAuditDependencies(input: {
  config: MonitorConfig;
  clients: ClientPool;
  clock: Clock;
  deadline: () => boolean;
  /**
   * Aborts when the audit must stop waiting for answers (its deadline): calls to S3, CloudWatch,
   * IAM, KMS and STS in flight then fail at once. The state table's calls are never cut off.
   */
  cutoff?: AbortSignal;
  homeRegion: string;
  stateStore?: AuditStateStore;
  diagnosisStore?: DiagnosisStore;
}): AuditDependencies {
  const { config, clients, clock, cutoff } = input;
  const reads = <T extends Parameters<typeof cutOffAt>[0]>(client: T): T =>
    cutoff === undefined ? client : cutOffAt(client, cutoff);
  const s3 = (region: string) =>
    reads(
      clients.get('s3', region, (settings) => new S3Client({ ...settings, followRegionRedirects: true })),
    );
  const cloudWatch = (region: string) =>
    reads(clients.get('cloudwatch', region, (settings) => new CloudWatchClient(settings)));
  const tableName = config.audit.tableName;
  const tableArn =
    config.audit.tableArn ?? (tableName === undefined ? undefined : tableArnOf(input.homeRegion, tableName));
  const documents = () =>
    clients.get('dynamodb', input.homeRegion, (settings) =>
      DynamoDBDocumentClient.from(new DynamoDBClient(settings)),
    );
  const stateStore =
    input.stateStore ??
    (tableName === undefined
      ? createInMemoryAuditStateStore()
      : createDynamoDbAuditStateStore(documents(), { tableName, tableArn, clock }));
  const diagnosisStore =
    input.diagnosisStore ??
    (tableName === undefined
      ? createInMemoryDiagnosisStore()
      : createDynamoDbDiagnosisStore(documents(), { tableName, tableArn, clock }));
  // One audit reads each bucket's configuration once, however many sources share a destination.
  const bucketReader = memoizedBucketReader(createS3BucketReader(s3));
  // IAM and STS are global services: one client, in the monitor's home Region.
  const iam = reads(clients.get('iam', input.homeRegion, (settings) => new IAMClient(settings)));
  const sts = reads(clients.get('sts', input.homeRegion, (settings) => new STSClient(settings)));
  return {
    diagnosis: {
      roles: createIamRoleReader(iam),
      keys: createKmsKeyReader((region) =>
        reads(clients.get('kms', region, (settings) => new KMSClient(settings))),
      ),
      bucketPolicy: bucketReader.policy,
      callerAccount: createCallerAccount(sts),
      store: diagnosisStore,
      identityTtlSeconds: config.audit.diagnosisTtlSeconds,
    },
    bucketReader,
    objectReader: createS3ObjectReader(s3),
    metricsReader: createCloudWatchMetricsReader(cloudWatch),
    stateStore,
    clock,
    deadline: input.deadline,
    settings: config.audit,
    severityOverrides: config.severityOverrides,
  };
}
