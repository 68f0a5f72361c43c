import { type BucketSetupResult, bucketSetupStatus, type SetupReport } from '../setup/setup-report.js';
import { documentChanges } from './document-changes.js';

/** A configuration write the simulator applied to its in-memory world (`--world` only). */
export interface SimulatedWrite {
  operation: string;
  bucket: string;
  region: string;
  document: unknown;
}

/** S3 validates the destination when the configuration is written; setup never edits the queue policy. */
export const QUEUE_POLICY_NOTE =
  "S3 delivers to the queue only if the queue's policy lets the service principal s3.amazonaws.com " +
  'call sqs:SendMessage with aws:SourceArn arn:aws:s3:::BUCKET (and aws:SourceAccount, the bucket owner). ' +
  "The deployed stack's queue policy must cover every bucket above (the stack's parameters " +
  'sourceBuckets, and monitoredAccounts for buckets of other accounts); otherwise --apply ' +
  'fails with "Unable to validate the following destination configurations". ' +
  'Setup does not change the queue policy.';

/** `setup --format json`: exactly one document. */
export function setupDocument(report: SetupReport, simulatedWrites?: readonly SimulatedWrite[]) {
  return {
    queueArn: report.queueArn,
    apply: report.apply,
    enableMetrics: report.enableMetrics,
    ...(report.discoveryProblem === undefined ? {} : { discoveryProblem: report.discoveryProblem }),
    buckets: report.buckets.map(bucketDocument),
    notes: [QUEUE_POLICY_NOTE],
    ...(simulatedWrites === undefined ? {} : { simulatedWrites }),
  };
}

function bucketDocument(result: BucketSetupResult) {
  const status = bucketSetupStatus(result);
  if (result.status !== 'planned') return { ...result, status };
  const { plan } = result;
  return {
    bucket: result.bucket,
    region: plan.region,
    status,
    notification: plan.notification.status === 'add' ? withoutDocument(plan.notification) : plan.notification,
    metrics: {
      changes: plan.metrics.changes,
      accepted: plan.metrics.accepted,
      problems: plan.metrics.problems,
    },
    writes: result.writes.map(({ before, ...write }) => ({
      ...write,
      changes: documentChanges(before, write.document),
    })),
  };
}

function withoutDocument<T extends { document: unknown }>(value: T): Omit<T, 'document'> {
  const { document: _document, ...rest } = value;
  return rest;
}
