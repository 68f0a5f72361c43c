import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { badRecordSpec } from '../helpers/reliability/bad-records.js';
import { run } from '../helpers/reliability/event-outcome.js';
import { tally } from '../helpers/reliability/figures.js';
import type { MessageSpec } from '../helpers/reliability/message-specs.js';
import { goodRecordSpec, maximalKey } from '../helpers/reliability/s3-records.js';

describe('replication-event handler: a 10,000-message SQS batch', () => {
  it('processes its 9,000 good records (1,000 with 1,024-byte keys), rejects its 1,000 bad ones, and redelivers none', async () => {
    // Specs are reused (each record still gets its own tracking id): generating 10,000 costs more than handling them.
    const goods = fc.sample(goodRecordSpec, { numRuns: 500, seed: 42 });
    const maximal = fc.sample(maximalKey, { numRuns: 100, seed: 43 });
    const bads = fc.sample(badRecordSpec, { numRuns: 200, seed: 44 });
    const pick = <T>(items: readonly T[], index: number) => items[index % items.length] as T;
    const specs: MessageSpec[] = [];
    for (let index = 0; index < 10_000; index += 1) {
      if (index % 10 !== 3) {
        const good = pick(goods, index);
        const key = index % 10 === 7 ? pick(maximal, index) : good.key;
        specs.push({ kind: 'notification', records: [{ ...good, key }], viaSns: index % 20 === 1 });
      } else if (index % 100 === 3) {
        specs.push({ kind: 'truncated', records: [pick(goods, index)], cut: 0.5, viaSns: index % 200 === 3 });
      } else if (index % 100 === 13) {
        specs.push({ kind: 'body-mistyped', body: 42 });
      } else if (index % 100 === 23) {
        specs.push({
          kind: 'broken-sqs-record',
          record: null,
          reason: /^the record is null, not an object$/,
        });
      } else {
        specs.push({ kind: 'notification', records: [pick(bads, index)], viaSns: false });
      }
    }

    const { response, expected } = await run((builder) => builder.sqs(specs));

    assert.deepEqual(response, { batchItemFailures: [] });
    assert.equal(expected.good.size, 9_000);
    assert.equal(expected.rejected.length, 1_000);
    tally('event.sqs.batches');
    tally('event.sqs.messages', specs.length);
    tally('event.keys.1024-bytes', 1_000);
  });
});
