import type { MonitorConfig } from '../config/config.js';
import { UsageError } from '../model/errors.js';
import { setUpBuckets } from '../setup/set-up-buckets.js';
import { type BucketSetupResult, bucketSetupStatus, setupExitStatus } from '../setup/setup-report.js';
import { createSetupDependencies } from '../wiring/cli.js';
import { type AwsTargetFlags, assertTargetCredentials, resolveAwsTarget } from './aws-target.js';
import { openWorldFile } from './open-world.js';
import type { OutputFormat } from './output.js';
import { setupDocument } from './setup-output.js';
import { setupTable } from './setup-table.js';

export interface SetupCommandInput {
  queueArn: string | undefined;
  buckets: string[];
  world?: string;
  apply: boolean;
  enableMetrics: boolean;
  format: OutputFormat;
  config: MonitorConfig;
  write: (text: string) => void;
  /** Per-bucket progress lines (stderr); never the result. */
  progress?: (text: string) => void;
  /** `--profile`, `--region` and the environment they fall back on (real AWS only). */
  aws?: AwsTargetFlags & { env: Readonly<Record<string, string | undefined>> };
}

const SQS_QUEUE_ARN = /^arn:aws[\w-]*:sqs:[a-z0-9-]+:\d{12}:[\w-]{1,80}(\.fifo)?$/;

/**
 * `setup`: points each replicated bucket's s3:Replication events at the monitor's queue and offers
 * replication metrics where rules lack them. A dry run unless `apply`. Exit status 0 when nothing
 * is left to do, 1 when something still needs attention (changes pending in a dry run, a
 * conflict, a failed write, a bucket unread), 2 when it cannot run.
 */
export async function runSetupCommand(input: SetupCommandInput): Promise<number> {
  const queueArn = validQueueArn(input.queueArn);
  const session = input.world === undefined ? undefined : await openWorldFile(input.world);
  const target =
    session === undefined
      ? await resolveAwsTarget(input.aws ?? {}, input.aws?.env ?? process.env)
      : undefined;
  if (target !== undefined) await assertTargetCredentials(target);
  const clients = session?.clients ?? (target as NonNullable<typeof target>).clients;
  const report = await setUpBuckets(
    { buckets: input.buckets, queueArn, apply: input.apply, enableMetrics: input.enableMetrics },
    {
      ...createSetupDependencies({ config: input.config, clients }),
      ...(input.progress === undefined
        ? {}
        : {
            onBucket: progressLine(
              input.progress,
              input.buckets.length + input.config.audit.buckets.length > 0,
            ),
          }),
    },
  );
  const simulatedWrites = session?.simulator.writes.map(({ operation, bucket, region, document }) => ({
    operation,
    bucket,
    region,
    document,
  }));
  input.write(
    input.format === 'json'
      ? `${JSON.stringify(setupDocument(report, simulatedWrites), null, 2)}\n`
      : `${setupTable(report, simulatedWrites)}\n`,
  );
  return setupExitStatus(report);
}

function validQueueArn(value: string | undefined): string {
  if (value === undefined)
    throw new UsageError("setup needs --queue-arn: the stack's ReplicationEventsQueueArn output");
  if (!SQS_QUEUE_ARN.test(value))
    throw new UsageError(
      `--queue-arn must be an SQS queue ARN (arn:aws:sqs:REGION:ACCOUNT:NAME), not ${value}`,
    );
  // S3 refuses FIFO queues as event notification destinations.
  if (value.endsWith('.fifo'))
    throw new UsageError(`--queue-arn: S3 cannot send notifications to a FIFO queue (${value})`);
  return value;
}

function progressLine(progress: (text: string) => void, explicit: boolean) {
  return (result: BucketSetupResult) => {
    // Discovery reads every bucket of the account; those without replication are not worth a line.
    if (result.status === 'no-replication' && !explicit) return;
    progress(`  ${result.bucket}: ${bucketSetupStatus(result)}\n`);
  };
}
