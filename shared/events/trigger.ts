/**
 * Unwraps the Lambda event of the replication-event function into S3 notification payloads.
 * S3 delivers to Lambda directly, to SNS (the S3 JSON is the `Sns.Message` string) and to SQS
 * (the S3 JSON is the `body`; when SNS feeds SQS without raw delivery the body is an SNS envelope
 * whose `Message` is the S3 JSON). One SQS message is one payload, so a payload that cannot be
 * read is rejected on its own and never fails its batch neighbours.
 */

export type TriggerKind = 'sqs' | 'sns' | 's3' | 'unknown';

export interface Payload {
  /** Where the payload sits in the Lambda event, for rejection messages (`Records[3].body`). */
  location: string;
  /** The SQS message id, so transient failures can be reported as batch item failures. */
  messageId?: string;
  /** The parsed S3 notification, or why it could not be read. */
  content: { ok: true; value: unknown } | { ok: false; reason: string };
}

export interface Unwrapped {
  kind: TriggerKind;
  payloads: Payload[];
}

export function unwrapTrigger(event: unknown): Unwrapped {
  if (!isObject(event)) {
    return {
      kind: 'unknown',
      payloads: [failed('(event)', `the event is ${describe(event)}, not an object`)],
    };
  }
  const records = event.Records;
  if (!Array.isArray(records)) {
    // The s3:TestEvent and anything else without Records: let the notification parser decide.
    return { kind: 's3', payloads: [{ location: '(event)', content: { ok: true, value: event } }] };
  }
  const kind = detectKind(records);
  if (kind === 's3')
    return { kind, payloads: [{ location: '(event)', content: { ok: true, value: event } }] };
  return { kind, payloads: records.map((record, index) => unwrapRecord(record, `Records[${index}]`)) };
}

/**
 * The first record that names its source decides: one malformed record (no `eventSource`) must
 * not turn its whole batch into records of no known source, which would reject its neighbours
 * and, on SQS, lose the partial batch response.
 */
function detectKind(records: unknown[]): TriggerKind {
  if (records.length === 0) return 's3';
  for (const record of records) {
    if (!isObject(record)) continue;
    if (record.eventSource === 'aws:sqs') return 'sqs';
    if (record.EventSource === 'aws:sns') return 'sns';
    if (record.eventSource === 'aws:s3') return 's3';
  }
  return 'unknown';
}

function unwrapRecord(record: unknown, location: string): Payload {
  if (!isObject(record)) return failed(location, `the record is ${describe(record)}, not an object`);
  if (record.eventSource === 'aws:sqs') return unwrapSqs(record, location);
  if (record.EventSource === 'aws:sns') return unwrapSns(record, location);
  return failed(location, 'the record is neither an SQS message nor an SNS notification');
}

function unwrapSqs(record: Record<string, unknown>, location: string): Payload {
  const messageId = typeof record.messageId === 'string' ? record.messageId : undefined;
  const body = parseJsonString(record.body);
  const payload: Payload = { location: `${location}.body`, content: body };
  if (messageId !== undefined) payload.messageId = messageId;
  if (!body.ok || !isSnsEnvelope(body.value)) return payload;
  // SNS → SQS without raw message delivery: one more envelope.
  return { ...payload, location: `${location}.body.Message`, content: parseJsonString(body.value.Message) };
}

function unwrapSns(record: Record<string, unknown>, location: string): Payload {
  const sns = record.Sns;
  if (!isObject(sns)) return failed(location, 'Sns is missing');
  return { location: `${location}.Sns.Message`, content: parseJsonString(sns.Message) };
}

function isSnsEnvelope(value: unknown): value is { Type: string; Message: unknown } {
  return isObject(value) && value.Type === 'Notification' && 'Message' in value && 'TopicArn' in value;
}

function parseJsonString(text: unknown): Payload['content'] {
  if (typeof text !== 'string')
    return { ok: false, reason: `expected a JSON string, found ${describe(text)}` };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, reason: `not valid JSON (${(error as Error).message})` };
  }
}

function failed(location: string, reason: string): Payload {
  return { location, content: { ok: false, reason } };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === undefined) return 'missing';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}
