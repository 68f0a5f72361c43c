import { describe, isObject } from './trigger.js';

/** The four replication event types (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-metrics-events.html), as `eventName` carries them (no `s3:` prefix). */
export const REPLICATION_EVENT_NAMES = [
  'OperationFailedReplication',
  'OperationMissedThreshold',
  'OperationReplicatedAfterThreshold',
  'OperationNotTracked',
] as const;
export type ReplicationEventName = (typeof REPLICATION_EVENT_NAMES)[number];

/** One replication event record, validated and decoded. */
export interface ReplicationEvent {
  eventName: ReplicationEventName;
  eventVersion: string;
  eventTime?: string;
  awsRegion?: string;
  sourceBucket: string;
  /** Decoded: S3 sends keys URL-encoded with `+` for spaces. */
  key: string;
  versionId?: string;
  size?: number;
  sequencer?: string;
  ruleId?: string;
  /** A bucket name: S3 sends the destination as an ARN. */
  destinationBucket?: string;
  failureReason?: string;
  s3Operation?: string;
  requestTime?: string;
  threshold?: string;
  replicationTime?: string;
}

export type ParsedRecord = { ok: true; event: ReplicationEvent } | { ok: false; reason: string };

export type ParsedNotification =
  | { kind: 'test-event' }
  | { kind: 'records'; records: ParsedRecord[] }
  | { kind: 'invalid'; reason: string };

/** Reads one S3 event notification message (the body S3 sends to Lambda, SNS or SQS). */
export function parseNotification(message: unknown): ParsedNotification {
  if (!isObject(message))
    return { kind: 'invalid', reason: `the message is ${describe(message)}, not an object` };
  // S3 sends a flat s3:TestEvent once when a notification configuration is saved.
  if (message.Event === 's3:TestEvent') return { kind: 'test-event' };
  if (!Array.isArray(message.Records))
    return { kind: 'invalid', reason: 'Records is missing or not an array' };
  return { kind: 'records', records: message.Records.map(parseRecord) };
}

export function parseRecord(record: unknown): ParsedRecord {
  if (!isObject(record)) return reject(`the record is ${describe(record)}, not an object`);
  const version = record.eventVersion;
  // NSTRUCT: a major version change is breaking; minor versions only add fields.
  if (typeof version !== 'string' || !/^2\.\d+$/.test(version)) {
    return reject(`eventVersion ${JSON.stringify(version)} is not a supported 2.x version`);
  }
  const eventName = parseEventName(record.eventName);
  if (!eventName.ok) return eventName;
  const s3 = isObject(record.s3) ? record.s3 : undefined;
  const bucketName = isObject(s3?.bucket) ? s3.bucket.name : undefined;
  if (typeof bucketName !== 'string' || bucketName === '') return reject('s3.bucket.name is missing');
  const object = isObject(s3?.object) ? s3.object : undefined;
  if (typeof object?.key !== 'string') return reject('s3.object.key is missing');
  const key = decodeKey(object.key);
  if (key === undefined)
    return reject(`s3.object.key is not valid URL encoding: ${JSON.stringify(object.key)}`);
  const data = isObject(record.replicationEventData) ? record.replicationEventData : {};
  const event: ReplicationEvent = {
    eventName: eventName.name,
    eventVersion: version,
    sourceBucket: bucketName,
    key,
    ...optionalStrings({
      eventTime: record.eventTime,
      awsRegion: record.awsRegion,
      versionId: object.versionId,
      sequencer: object.sequencer,
      ruleId: data.replicationRuleId,
      destinationBucket: bucketNameFromArn(data.destinationBucket),
      failureReason: data.failureReason,
      s3Operation: data.s3Operation,
      requestTime: data.requestTime,
      threshold: data.threshold,
      replicationTime: data.replicationTime,
    }),
  };
  if (typeof object.size === 'number' && Number.isFinite(object.size)) event.size = object.size;
  return { ok: true, event };
}

function parseEventName(
  value: unknown,
): { ok: true; name: ReplicationEventName } | { ok: false; reason: string } {
  if (typeof value !== 'string') return reject('eventName is missing');
  const name = value.replace(/^s3:/, '');
  if (!name.startsWith('Replication:')) {
    return reject(
      `eventName ${JSON.stringify(value)} is not a replication event; subscribe only s3:Replication:*`,
    );
  }
  const type = name.slice('Replication:'.length);
  if (!(REPLICATION_EVENT_NAMES as readonly string[]).includes(type)) {
    return reject(`eventName ${JSON.stringify(value)} is not a known replication event type`);
  }
  return { ok: true, name: type as ReplicationEventName };
}

/** S3 URL-encodes keys in notifications, with `+` for a space (`red flower.jpg` → `red+flower.jpg`). */
export function decodeKey(encoded: string): string | undefined {
  try {
    return decodeURIComponent(encoded.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/** `arn:aws:s3:::dst-bucket` → `dst-bucket`; a bare name is kept. */
export function bucketNameFromArn(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const match = /^arn:aws[\w-]*:s3:::([^/]+)/.exec(value);
  return match?.[1] ?? value;
}

function optionalStrings<T extends Record<string, unknown>>(values: T): { [K in keyof T]?: string } {
  const result: { [K in keyof T]?: string } = {};
  for (const [name, value] of Object.entries(values) as [keyof T, unknown][]) {
    if (typeof value === 'string' && value !== '') result[name] = value;
  }
  return result;
}

function reject(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}
