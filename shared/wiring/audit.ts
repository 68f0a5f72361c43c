import { randomUUID } from 'node:crypto';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditDependencies } from '../audit/audit-dependencies.js';
import type { BucketLeases } from '../audit/bucket-leases.js';
import { type AuditStateStore, createInMemoryAuditStateStore } from '../audit/sampling/audit-state.js';
import { tableArnOf } from '../aws/aws-errors.js';
import { createCallerAccount } from '../aws/caller-account.js';
import { createCloudWatchMetricsReader } from '../aws/cloudwatch-metrics-reader.js';
import { createDynamoDbAuditStateStore } from '../aws/dynamodb-audit-state-store.js';
import { createDynamoDbBucketLeases } from '../aws/dynamodb-bucket-leases.js';
import { createDynamoDbDiagnosisStore } from '../aws/dynamodb-diagnosis-store.js';
import { createIamRoleReader } from '../aws/iam-role-reader.js';
import { createKmsKeyReader } from '../aws/kms-key-reader.js';
import { createOrganizationReader } from '../aws/organizations-reader.js';
import { createS3BucketReader, memoizedBucketReader } from '../aws/s3-bucket-reader.js';
import { createS3ObjectReader } from '../aws/s3-object-reader.js';
import type { MonitorConfig } from '../config/config.js';
import { createInMemoryDiagnosisStore, type DiagnosisStore } from '../diagnosis/diagnosis-store.js';
import type { Clock } from '../model/clock.js';
import { type ClientPool, cutOffAt } from './clients.js';

/**
 * Signals that abort the audit's reads still in flight, so the time kept back is not spent waiting
 * for answers the audit can no longer use: `checks` at the audit's deadline (S3, CloudWatch, IAM,
 * KMS, STS), `sampling` at sampling's earlier one (ListObjectsV2, HeadObject, GetObjectTagging).
 * The state table's calls are never cut off.
 */
export interface AuditCutoffs {
  checks: AbortSignal;
  sampling?: AbortSignal;
}

/** Lambda's longest timeout: a lease of an invocation that never says how long it has left. */
const MAX_LAMBDA_MS = 15 * 60_000;

/** The audit's readers over a client pool; state in DynamoDB when a table is configured. */
export function createAuditDependencies(input: {
  config: MonitorConfig;
  clients: ClientPool;
  clock: Clock;
  deadline: () => boolean;
  /** When the reads still in flight are abandoned; absent, they are always waited for. */
  cutoffs?: AuditCutoffs;
  homeRegion: string;
  stateStore?: AuditStateStore;
  diagnosisStore?: DiagnosisStore;
  /** How long this audit's bucket leases last unless given back: the invocation's time left. */
  leaseMs?: number;
  leases?: BucketLeases;
}): AuditDependencies {
  const { config, clients, clock, cutoffs } = input;
  // Readers ask for their client on every call (every HEAD): each pooled client is wrapped once
  // per signal for this invocation, not once per request.
  const wrapped = new Map<AbortSignal, WeakMap<object, object>>();
  const cutOff = <T extends Parameters<typeof cutOffAt>[0]>(
    client: T,
    signal: AbortSignal | undefined,
  ): T => {
    if (signal === undefined) return client;
    const clients = wrapped.get(signal) ?? new WeakMap<object, object>();
    wrapped.set(signal, clients);
    const cut = (clients.get(client) as T | undefined) ?? cutOffAt(client, signal);
    clients.set(client, cut);
    return cut;
  };
  const reads = <T extends Parameters<typeof cutOffAt>[0]>(client: T): T => cutOff(client, cutoffs?.checks);
  const rawS3 = (service: 's3' | 's3-objects', region: string) =>
    clients.get(service, region, (settings) => new S3Client({ ...settings, followRegionRedirects: true }));
  const s3 = (region: string) => reads(rawS3('s3', region));
  // Sampling has a client of its own: S3 throttles per prefix, and the adaptive retry mode slows a
  // client down for every bucket after a SlowDown (to 0.5 requests/s), so a throttled sweep must
  // not starve the configuration reads and the diagnosis. Its reads give up at sampling's own,
  // earlier deadline.
  const samplingS3 = (region: string) =>
    cutOff(rawS3('s3-objects', region), cutoffs?.sampling ?? cutoffs?.checks);
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
  const leaseMs = input.leaseMs ?? MAX_LAMBDA_MS;
  // Without a state table (the CLI, one audit in one process) there is nothing to share a lease in.
  const leases =
    input.leases ??
    (tableName === undefined
      ? undefined
      : createDynamoDbBucketLeases(
          { acquire: reads(documents()), release: documents() },
          {
            tableName,
            tableArn,
            clock,
            holder: randomUUID(),
            leaseMs,
          },
        ));
  // One audit reads each bucket's configuration once, however many sources share a destination.
  const bucketReader = memoizedBucketReader(createS3BucketReader(s3));
  // IAM and STS are global services: one client, in the monitor's home Region.
  const iam = reads(clients.get('iam', input.homeRegion, (settings) => new IAMClient(settings)));
  const sts = reads(clients.get('sts', input.homeRegion, (settings) => new STSClient(settings)));
  // Organizations is global too; its endpoint is in us-east-1 whatever the home Region.
  const organizations = reads(
    clients.get('organizations', 'us-east-1', (settings) => new OrganizationsClient(settings)),
  );
  const callerAccount = createCallerAccount(sts);
  return {
    diagnosis: {
      roles: createIamRoleReader(iam),
      keys: createKmsKeyReader((region) =>
        reads(clients.get('kms', region, (settings) => new KMSClient(settings))),
      ),
      bucketPolicy: bucketReader.policy,
      callerAccount,
      organization: createOrganizationReader(organizations, callerAccount),
      store: diagnosisStore,
      identityTtlSeconds: config.audit.diagnosisTtlSeconds,
    },
    bucketReader,
    objectReader: createS3ObjectReader(samplingS3),
    metricsReader: createCloudWatchMetricsReader(cloudWatch),
    stateStore,
    ...(leases === undefined ? {} : { leases }),
    clock,
    deadline: input.deadline,
    settings: config.audit,
    severityOverrides: config.severityOverrides,
  };
}
