import { assertNever } from '../model/assert-never.js';
import { type Finding, type FindingCode, type SeverityOverrides, severityOf } from '../model/findings.js';
import { createTupleCache } from '../model/tuple-cache.js';
import { diagnoseFailure } from './failure-reasons.js';
import type { ReplicationEvent, ReplicationEventName } from './replication-event.js';

export function codeForEvent(eventName: ReplicationEventName): FindingCode {
  switch (eventName) {
    case 'OperationFailedReplication':
      return 'REPLICATION_FAILED';
    case 'OperationMissedThreshold':
      return 'REPLICATION_THRESHOLD_MISSED';
    case 'OperationReplicatedAfterThreshold':
      return 'REPLICATION_COMPLETED_LATE';
    case 'OperationNotTracked':
      return 'REPLICATION_NOT_TRACKED';
    default:
      return assertNever(eventName);
  }
}

/** The finding one replication event record stands for. */
export function findingForEvent(event: ReplicationEvent, overrides: SeverityOverrides = {}): Finding {
  const code = codeForEvent(event.eventName);
  const text = textFor(event);
  // Built in one go, in the order the CLI prints the fields: 10,000 records make 10,000 findings.
  const finding: Finding = {
    code,
    severity: severityOf(code, overrides),
    sourceBucket: event.sourceBucket,
    key: event.key,
    message: text.message,
    remediation: text.remediation,
    evidence: evidenceOf(event),
  };
  if (event.ruleId !== undefined) finding.ruleId = event.ruleId;
  if (event.destinationBucket !== undefined) finding.destinationBucket = event.destinationBucket;
  if (event.versionId !== undefined) finding.versionId = event.versionId;
  if (event.awsRegion !== undefined) finding.region = event.awsRegion;
  if (text.failureReason !== undefined) finding.failureReason = text.failureReason;
  if (text.failureCategory !== undefined) finding.failureCategory = text.failureCategory;
  return finding;
}

type EventText = Pick<Finding, 'message' | 'remediation' | 'failureReason' | 'failureCategory'>;

/**
 * The texts depend only on the event type, the failure reason and the route, which a batch
 * repeats for thousands of objects: each combination is written once and its strings shared by
 * every finding.
 */
const TEXTS = createTupleCache<Readonly<EventText>>(1024);

function textFor(event: ReplicationEvent): Readonly<EventText> {
  return TEXTS.get(
    [
      event.eventName,
      event.failureReason,
      event.sourceBucket,
      event.destinationBucket,
      event.ruleId,
      event.awsRegion,
    ],
    () => Object.freeze(describeEvent(event, describeRoute(event))),
  );
}

function describeEvent(event: ReplicationEvent, where: string): EventText {
  switch (event.eventName) {
    case 'OperationFailedReplication': {
      const diagnosis = diagnoseFailure(event.failureReason, {
        sourceBucket: event.sourceBucket,
        ...(event.destinationBucket === undefined ? {} : { destinationBucket: event.destinationBucket }),
        ...(event.ruleId === undefined ? {} : { ruleId: event.ruleId }),
        ...(event.awsRegion === undefined ? {} : { sourceRegion: event.awsRegion }),
      });
      return {
        ...(event.failureReason === undefined ? {} : { failureReason: diagnosis.failureReason }),
        failureCategory: diagnosis.category,
        message: `Replication failed ${where}: ${diagnosis.meaning}`,
        remediation: diagnosis.remediation,
      };
    }
    case 'OperationMissedThreshold':
      return textOf(THRESHOLD_TEXT.missed, where);
    case 'OperationReplicatedAfterThreshold':
      return textOf(THRESHOLD_TEXT.late, where);
    case 'OperationNotTracked':
      return textOf(THRESHOLD_TEXT.notTracked, where);
    default:
      return assertNever(event.eventName);
  }
}

function textOf(text: { message: string; remediation: string }, where: string): EventText {
  return { message: `${text.message} ${where}.`, remediation: text.remediation };
}

function describeRoute(event: ReplicationEvent): string {
  const destination = event.destinationBucket ?? 'its destination';
  const rule = event.ruleId === undefined ? '' : ` under rule ${event.ruleId}`;
  return `from ${event.sourceBucket} to ${destination}${rule}`;
}

const EVIDENCE_FIELDS = [
  'eventTime',
  'requestTime',
  's3Operation',
  'sequencer',
  'threshold',
  'replicationTime',
] as const;

function evidenceOf(event: ReplicationEvent): Record<string, unknown> {
  const evidence: Record<string, unknown> = { eventName: `s3:Replication:${event.eventName}` };
  for (const field of EVIDENCE_FIELDS) {
    if (event[field] !== undefined) evidence[field] = event[field];
  }
  if (event.size !== undefined) evidence.size = event.size;
  return evidence;
}

const METRICS_HINT =
  'Check the rule’s ReplicationLatency and BytesPendingReplication metrics in the destination bucket’s Region';

const THRESHOLD_TEXT = {
  missed: {
    message: 'An object has not replicated within the 15-minute S3 Replication Time Control threshold',
    remediation:
      `The object is still replicating; S3 sends OperationReplicatedAfterThreshold when it completes. ${METRICS_HINT}. ` +
      'Common causes: request rates above 3,500 PUT or 5,500 GET/HEAD per second per prefix (replication’s own ' +
      'requests count), the 1 Gbps replication transfer quota, or KMS throttling for SSE-KMS objects. ' +
      'If it persists, raise the quota or spread keys across prefixes.',
  },
  late: {
    message: 'An object replicated, but after the 15-minute S3 Replication Time Control threshold',
    remediation:
      `No action is needed for this object. ${METRICS_HINT} if late replication recurs: sustained lateness ` +
      'means request-rate, transfer (1 Gbps default) or KMS quotas are being reached.',
  },
  notTracked: {
    message: 'Replication metrics stopped tracking an object eligible for replication',
    remediation:
      'Confirm the rule still has replication metrics (Destination.Metrics.Status = Enabled) and check the ' +
      'object with `aws s3api head-object` (x-amz-replication-status). If it is FAILED or stays PENDING, ' +
      're-replicate it with S3 Batch Replication.',
  },
} as const;
