import type { S3BucketReader } from '../audit/bucket-reader.js';
import { discoverBuckets } from '../audit/discover-buckets.js';
import { mapSettled } from '../model/concurrency.js';
import type { Observed } from '../model/observed.js';
import type { ReplicationConfigurationInput } from '../model/replication-rules.js';
import type { NotificationConfigurationInput } from './notification-configuration.js';
import { type PlannedWrite, planBucketSetup, type SetupOptions } from './setup-plan.js';
import type { BucketSetupResult, SetupReport, WriteOutcome } from './setup-report.js';

/** What setup needs beyond the bucket reader; `createS3SetupClient` is the adapter. Never throws for AWS errors. */
export interface BucketSetupClient {
  notificationConfiguration(
    bucket: string,
    region: string,
  ): Promise<Observed<NotificationConfigurationInput>>;
  putNotificationConfiguration(
    bucket: string,
    region: string,
    document: NotificationConfigurationInput,
  ): Promise<Observed<void>>;
  putReplication(
    bucket: string,
    region: string,
    document: ReplicationConfigurationInput,
  ): Promise<Observed<void>>;
}

export interface SetupRequest extends SetupOptions {
  /** Source buckets; empty: the configured ones, or discovery. */
  buckets: string[];
  /** Write the planned changes; without it nothing is written. */
  apply: boolean;
}

export interface SetupDependencies {
  bucketReader: S3BucketReader;
  setupClient: BucketSetupClient;
  settings: { buckets: string[]; include: string[]; exclude: string[]; bucketConcurrency: number };
  /** Sees each bucket's result as soon as it is known (progress). */
  onBucket?: (result: BucketSetupResult) => void;
}

/**
 * `setup`: for each replicated source bucket, reads its notification and replication
 * configurations, plans what the monitor needs (core/setup-plan.ts) and, with `apply`, writes
 * each planned document. One bucket's failure never stops the others. Each write sends the whole
 * document read moments before: S3 has no conditional write for bucket configuration, so a
 * change made by someone else in between would be overwritten; the window is one bucket's calls.
 */
export async function setUpBuckets(
  request: SetupRequest,
  dependencies: SetupDependencies,
): Promise<SetupReport> {
  const report: SetupReport = {
    queueArn: request.queueArn,
    apply: request.apply,
    enableMetrics: request.enableMetrics,
    buckets: [],
  };
  const requested = request.buckets.length > 0 ? request.buckets : dependencies.settings.buckets;
  const explicit = requested.length > 0;
  let sources = [...new Set(requested)];
  if (!explicit) {
    const discovered = await discoverBuckets(dependencies.bucketReader, dependencies.settings);
    if (!discovered.ok) return { ...report, discoveryProblem: discovered.problem };
    sources = discovered.value;
  }
  const results = await mapSettled(sources, dependencies.settings.bucketConcurrency, async (bucket) => {
    const result = await setUpBucket(bucket, request, dependencies);
    dependencies.onBucket?.(result);
    return result;
  });
  for (const [index, settled] of results.entries()) {
    const bucket = sources[index] as string;
    const result: BucketSetupResult =
      settled.status === 'fulfilled'
        ? settled.value
        : {
            bucket,
            status: 'unreadable',
            problem: {
              kind: 'error',
              action: 'setup',
              resource: `arn:aws:s3:::${bucket}`,
              detail: String(settled.reason),
            },
          };
    // Discovery covers the buckets that replicate; the others are not worth a line.
    if (result.status !== 'no-replication' || explicit) report.buckets.push(result);
  }
  return report;
}

async function setUpBucket(
  bucket: string,
  request: SetupRequest,
  dependencies: SetupDependencies,
): Promise<BucketSetupResult> {
  const { bucketReader, setupClient } = dependencies;
  const region = await bucketReader.region(bucket);
  if (!region.ok) return { bucket, status: 'unreadable', problem: region.problem };
  if (region.value === undefined) return { bucket, status: 'not-found' };
  const where = { bucket, region: region.value };
  const replication = await bucketReader.replication(bucket, region.value);
  if (!replication.ok) return { ...where, status: 'unreadable', problem: replication.problem };
  if (replication.value === undefined || (replication.value.Rules ?? []).length === 0)
    return { ...where, status: 'no-replication' };
  const notifications = await setupClient.notificationConfiguration(bucket, region.value);
  if (!notifications.ok) return { ...where, status: 'unreadable', problem: notifications.problem };
  const plan = planBucketSetup({
    ...where,
    notifications: notifications.value,
    replication: replication.value,
    options: request,
  });
  const writes: WriteOutcome[] = [];
  for (const write of plan.writes) {
    // The two documents are independent: a refused one does not stop the other.
    writes.push(request.apply ? await perform(write, where, setupClient) : { ...write, status: 'pending' });
  }
  return { bucket, status: 'planned', plan, writes };
}

async function perform(
  write: PlannedWrite,
  where: { bucket: string; region: string },
  client: BucketSetupClient,
): Promise<WriteOutcome> {
  const done =
    write.operation === 'PutBucketNotificationConfiguration'
      ? await client.putNotificationConfiguration(where.bucket, where.region, write.document)
      : await client.putReplication(where.bucket, where.region, write.document);
  return done.ok ? { ...write, status: 'applied' } : { ...write, status: 'failed', problem: done.problem };
}
