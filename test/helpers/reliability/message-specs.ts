import fc from 'fast-check';
import { type RecordSpec, recordSpec } from './bad-records.js';

/** One SQS message (or SNS notification): how its body is made. */
export type MessageSpec =
  | { kind: 'notification'; records: RecordSpec[]; viaSns: boolean }
  | { kind: 'truncated'; records: RecordSpec[]; cut: number; viaSns: boolean }
  | { kind: 'body-mistyped'; body: unknown }
  | { kind: 'not-a-notification'; body: string; reason: RegExp }
  | { kind: 'test-event'; viaSns: boolean }
  | { kind: 'broken-sqs-record'; record: unknown; reason: RegExp };

const records = fc.array(recordSpec, { minLength: 0, maxLength: 4 });

export const messageSpec: fc.Arbitrary<MessageSpec> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({ kind: fc.constant('notification' as const), records, viaSns: fc.boolean() }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('truncated' as const),
      records: fc.array(recordSpec, { minLength: 1, maxLength: 3 }),
      cut: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      viaSns: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('body-mistyped' as const),
      body: fc.constantFrom(42, null, { Records: [] }, undefined, true),
    }),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom<[string, RegExp]>(
        ['{"Message":"hello"}', /^Records is missing or not an array$/],
        ['{"Records":{"0":{}}}', /^Records is missing or not an array$/],
        ['[1,2,3]', /^the message is an array, not an object$/],
        ['"just text"', /^the message is a string, not an object$/],
        ['null', /^the message is null, not an object$/],
      )
      .map(([body, reason]) => ({ kind: 'not-a-notification' as const, body, reason })),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('test-event' as const), viaSns: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom<[unknown, RegExp]>(
        [null, /^the record is null, not an object$/],
        ['text', /^the record is a string, not an object$/],
        [
          { messageId: 'no-source', body: '{}' },
          /^the record is neither an SQS message nor an SNS notification$/,
        ],
      )
      .map(([record, reason]) => ({ kind: 'broken-sqs-record' as const, record, reason })),
  },
);

/** An SQS batch with at least one well-formed message, as Lambda never sends a batch of none. */
export const sqsBatchSpec = fc
  .tuple(
    fc.record({ kind: fc.constant('notification' as const), records, viaSns: fc.boolean() }),
    fc.array(messageSpec, { maxLength: 24 }),
    fc.nat(),
  )
  .map(([first, others, position]) => {
    const all: MessageSpec[] = [...others];
    all.splice(position % (others.length + 1), 0, first);
    return all;
  });
