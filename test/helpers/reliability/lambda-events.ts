import type { RecordSpec } from './bad-records.js';
import type { MessageSpec } from './message-specs.js';
import { type GoodSpec, s3Record } from './s3-records.js';

/** What the handler must do with a generated event: process exactly these, reject exactly those. */
export interface Expected {
  /** Good records by tracking id (their version id), with the decoded key each must keep. */
  good: Map<string, { key: string; spec: GoodSpec }>;
  rejected: { location: string; reason: RegExp; messageId?: string }[];
  testEvents: number;
  /** Per SQS message: the tracking ids of the good records it carries. */
  goodByMessage: Map<string, string[]>;
}

const snsEnvelope = (message: unknown) =>
  JSON.stringify({
    Type: 'Notification',
    MessageId: 'b1a2c3d4-0000-4000-8000-000000000001',
    TopicArn: 'arn:aws:sns:us-east-1:111122223333:replication-events',
    Message: message,
    Timestamp: '2026-11-22T11:00:01.000Z',
  });

/** Builds the S3 notification of some records, assigning each good one its tracking id. */
export class EventBuilder {
  readonly expected: Expected = { good: new Map(), rejected: [], testEvents: 0, goodByMessage: new Map() };
  private next = 0;

  notification(specs: readonly RecordSpec[], location: string, messageId?: string): { Records: unknown[] } {
    const ids: string[] = [];
    const Records = specs.map((spec, index) => {
      const id = `track-${String(this.next++).padStart(6, '0')}`;
      const good = spec.kind === 'good' ? spec : undefined;
      const record = s3Record(good ?? GOOD_TEMPLATE, id);
      if (good !== undefined) {
        this.expected.good.set(id, { key: good.key, spec: good });
        ids.push(id);
        return record;
      }
      const broken = spec as Extract<RecordSpec, { kind: 'bad' }>;
      this.reject(`${location}.Records[${index}]`, broken.reason, messageId);
      return broken.breakRecord(record);
    });
    if (messageId !== undefined) this.expected.goodByMessage.set(messageId, ids);
    return { Records };
  }

  reject(location: string, reason: RegExp, messageId?: string): void {
    this.expected.rejected.push(
      messageId === undefined ? { location, reason } : { location, reason, messageId },
    );
  }

  /** An SQS batch; message ids are `message-<index>`. */
  sqs(specs: readonly MessageSpec[]): { Records: unknown[] } {
    return { Records: specs.map((spec, index) => this.sqsRecord(spec, index)) };
  }

  private sqsRecord(spec: MessageSpec, index: number): unknown {
    const messageId = `message-${index}`;
    const location = `Records[${index}].body`;
    if (spec.kind === 'broken-sqs-record') {
      this.reject(`Records[${index}]`, spec.reason);
      return spec.record;
    }
    const record: Record<string, unknown> = {
      messageId,
      receiptHandle: 'AQEBEXAMPLE',
      attributes: { ApproximateReceiveCount: '1' },
      messageAttributes: {},
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:111122223333:replication-events',
      awsRegion: 'us-east-1',
    };
    const body = this.body(spec, location, messageId);
    if (body !== undefined) record.body = body;
    return record;
  }

  /** The body of a message; `location` is where its S3 JSON sits (`.Message` added via SNS). */
  body(
    spec: Exclude<MessageSpec, { kind: 'broken-sqs-record' }>,
    location: string,
    messageId?: string,
  ): unknown {
    switch (spec.kind) {
      case 'notification': {
        const inner = spec.viaSns ? `${location}.Message` : location;
        const json = JSON.stringify(this.notification(spec.records, inner, messageId));
        return spec.viaSns ? snsEnvelope(json) : json;
      }
      case 'truncated': {
        // Built and then forgotten: none of its records can be read, so none counts as good.
        const scratch = new EventBuilder();
        const json = JSON.stringify(scratch.notification(spec.records, location));
        const cut = json.slice(0, Math.floor(spec.cut * json.length));
        this.reject(spec.viaSns ? `${location}.Message` : location, /^not valid JSON \(/, messageId);
        if (messageId !== undefined) this.expected.goodByMessage.set(messageId, []);
        return spec.viaSns ? snsEnvelope(cut) : cut;
      }
      case 'body-mistyped':
        this.reject(
          location,
          /^expected a JSON string, found (a number|null|an object|missing|a boolean)$/,
          messageId,
        );
        return spec.body;
      case 'not-a-notification':
        this.reject(location, spec.reason, messageId);
        return spec.body;
      case 'test-event': {
        this.expected.testEvents += 1;
        const json = JSON.stringify({
          Service: 'Amazon S3',
          Event: 's3:TestEvent',
          Time: '2026-11-22T11:00:00.000Z',
          Bucket: 'acme-orders',
          RequestId: 'R',
          HostId: 'H',
        });
        return spec.viaSns ? snsEnvelope(json) : json;
      }
    }
  }
}

const GOOD_TEMPLATE: GoodSpec = {
  kind: 'good',
  eventName: 'Replication:OperationFailedReplication',
  eventVersion: '2.2',
  key: 'template.txt',
  bucket: 'acme-orders',
  rule: 'to-dr',
  failureReason: 'DstPutObjectNotPermitted',
  noise: {},
};

/** A direct S3 invocation: the notification itself is the event. */
export function directEvent(builder: EventBuilder, specs: readonly RecordSpec[]): { Records: unknown[] } {
  // With no record naming its source, nothing says this is S3: each is rejected where it sits.
  if (specs.length > 0 && specs.every((spec) => spec.kind === 'bad' && spec.defect === 'not an object')) {
    const Records = specs.map((spec, index) => {
      const broken = spec as Extract<RecordSpec, { kind: 'bad' }>;
      builder.reject(`Records[${index}]`, broken.reason);
      return broken.breakRecord({});
    });
    return { Records };
  }
  return builder.notification(specs, '(event)');
}

/** An SNS-triggered invocation: one S3 notification per SNS record. */
export function snsEvent(
  builder: EventBuilder,
  specs: readonly Exclude<MessageSpec, { kind: 'broken-sqs-record' }>[],
) {
  return {
    Records: specs.map((spec, index) => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:us-east-1:111122223333:replication-events:sub',
      Sns: {
        Type: 'Notification',
        MessageId: `sns-${index}`,
        TopicArn: 'arn:aws:sns:us-east-1:111122223333:replication-events',
        Message: builder.body(
          'viaSns' in spec ? { ...spec, viaSns: false } : spec,
          `Records[${index}].Sns.Message`,
        ),
        Timestamp: '2026-11-22T11:00:01.000Z',
      },
    })),
  };
}
