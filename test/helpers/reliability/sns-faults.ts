import fc from 'fast-check';
import { type FaultKind, faultResponse } from '../../../shared/sim/faults.js';
import { queryParameters } from '../../../shared/sim/protocols.js';
import type { SimRequest } from '../../../shared/sim/sim-http.js';
import { badRecordSpec, type RecordSpec } from './bad-records.js';
import { tally } from './figures.js';
import type { MessageSpec } from './message-specs.js';
import { goodRecordSpec } from './s3-records.js';

/** Source buckets of the generated events. */
export const BUCKETS = ['alpha-bucket', 'bravo-bucket', 'charlie-bucket', 'delta-bucket'];

/** The source bucket an SNS Publish is about, read from the notice's JSON body. */
function publishedBucket(request: SimRequest): string | undefined {
  if (request.service !== 'sns') return undefined;
  const message = queryParameters(request.body).get('Message');
  if (message === null) return undefined;
  return (JSON.parse(JSON.parse(message).default) as { sourceBucket?: string }).sourceBucket;
}

/** SNS fails with `kind` for the notices of the buckets in `failing` (a set the test may empty). */
export function snsFault(kind: FaultKind, failing: Set<string>) {
  return (request: SimRequest) => {
    const bucket = publishedBucket(request);
    if (bucket === undefined || !failing.has(bucket)) return undefined;
    tally(`faults.${kind}`);
    return faultResponse(kind, request);
  };
}

export const transportFor = (kind: FaultKind) =>
  kind === 'timeout' || kind === 'reset' ? 'socket' : 'in-process';
/** A notice's JSON document: what SNS sent as its `default` body, or what EventBridge got as `detail`. */
type NoticeDocument = Record<string, string>;
/** The documents of the notices SNS took, in order. */
const publishedDocuments = (messages: readonly { message: string }[]): NoticeDocument[] =>
  messages.map((message) => JSON.parse(JSON.parse(message.message).default) as NoticeDocument);
/** Each notice, as `bucket incident transition`, sorted: a notice sent twice shows twice. */
export const noticeLines = (documents: readonly NoticeDocument[]) =>
  documents
    .map((document) => `${document.sourceBucket} ${document.incidentId} ${document.transition}`)
    .sort();
/** The notices SNS took, as {@link noticeLines}. */
export const publishedNotices = (messages: readonly { message: string }[]) =>
  noticeLines(publishedDocuments(messages));
/** The source buckets SNS took a notice about. */
export const notifiedBuckets = (messages: readonly { message: string }[]) =>
  new Set(publishedDocuments(messages).map((document) => document.sourceBucket));

/** Records that page someone (critical and warning events): each bucket with one gets a notice. */
export const paging = fc
  .tuple(
    goodRecordSpec,
    fc.constantFrom(...BUCKETS),
    fc.constantFrom('OperationFailedReplication', 'OperationMissedThreshold'),
  )
  .map(([spec, bucket, type]) => ({ ...spec, bucket, eventName: `s3:Replication:${type}` }));
const record: fc.Arbitrary<RecordSpec> = fc.oneof(
  { weight: 4, arbitrary: paging },
  { weight: 1, arbitrary: badRecordSpec },
);
/** SQS batches of paging records, bad records and unreadable messages. */
export const pagingBatch = fc.array(
  fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        kind: fc.constant('notification' as const),
        records: fc.array(record, { minLength: 1, maxLength: 3 }),
        viaSns: fc.boolean(),
      }),
    },
    { weight: 1, arbitrary: fc.constant<MessageSpec>({ kind: 'body-mistyped', body: 42 }) },
  ),
  { minLength: 1, maxLength: 12 },
);
