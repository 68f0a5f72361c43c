/**
 * The event of benchmark 2: one SQS batch of S3 replication notifications (one record per
 * message, as S3 → SQS delivers them), whose causes cycle through a fixed mix.
 */
import type { ReplicationEventName } from '../shared/events/replication-event.js';

interface Cause {
  eventName: ReplicationEventName;
  bucket: string;
  destination: string;
  rule: string;
  failureReason?: string;
}

/** Six causes over two routes: four failure reasons and two RTC threshold events. */
export const CAUSES: readonly Cause[] = [
  {
    eventName: 'OperationFailedReplication',
    bucket: 'acme-orders',
    destination: 'acme-orders-dr',
    rule: 'orders-to-dr',
    failureReason: 'DstPutObjectNotPermitted',
  },
  {
    eventName: 'OperationFailedReplication',
    bucket: 'acme-orders',
    destination: 'acme-orders-dr',
    rule: 'orders-to-dr',
    failureReason: 'DstKmsKeyInvalidState',
  },
  {
    eventName: 'OperationFailedReplication',
    bucket: 'acme-logs',
    destination: 'acme-logs-archive',
    rule: 'logs-to-archive',
    failureReason: 'AssumeRoleNotPermitted',
  },
  {
    eventName: 'OperationFailedReplication',
    bucket: 'acme-logs',
    destination: 'acme-logs-archive',
    rule: 'logs-to-archive',
    failureReason: 'SrcGetObjectNotPermitted',
  },
  {
    eventName: 'OperationMissedThreshold',
    bucket: 'acme-orders',
    destination: 'acme-orders-dr',
    rule: 'orders-to-dr',
  },
  {
    eventName: 'OperationReplicatedAfterThreshold',
    bucket: 'acme-logs',
    destination: 'acme-logs-archive',
    rule: 'logs-to-archive',
  },
];

function s3Record(index: number): Record<string, unknown> {
  const cause = CAUSES[index % CAUSES.length] as Cause;
  const second = String(index % 60).padStart(2, '0');
  return {
    eventVersion: '2.2',
    eventSource: 'aws:s3',
    awsRegion: 'us-east-1',
    eventTime: `2026-11-22T11:${String(Math.floor(index / 600) % 60).padStart(2, '0')}:${second}.000Z`,
    eventName: `Replication:${cause.eventName}`,
    userIdentity: { principalId: 's3.amazonaws.com' },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'replication-monitor',
      bucket: { name: cause.bucket, arn: `arn:aws:s3:::${cause.bucket}` },
      object: {
        key: `data/2026/11/22/part+${index}.parquet`,
        size: 1024 + index,
        versionId: `v${index.toString(36).padStart(8, '0')}`,
        sequencer: index.toString(16).padStart(18, '0').toUpperCase(),
      },
    },
    replicationEventData: {
      replicationRuleId: cause.rule,
      destinationBucket: `arn:aws:s3:::${cause.destination}`,
      s3Operation: 'OBJECT_PUT',
      requestTime: '2026-11-22T10:59:59.000Z',
      ...(cause.failureReason === undefined ? { threshold: '15' } : { failureReason: cause.failureReason }),
    },
  };
}

/** One SQS message per S3 notification, as S3 → SQS delivers them. */
export function sqsBatch(records: number): { Records: Record<string, unknown>[] } {
  return {
    Records: Array.from({ length: records }, (_, index) => ({
      messageId: `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`,
      receiptHandle: 'AQEBEXAMPLE',
      body: JSON.stringify({ Records: [s3Record(index)] }),
      attributes: {},
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:111122223333:replication-events',
      awsRegion: 'us-east-1',
    })),
  };
}
