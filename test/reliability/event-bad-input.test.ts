import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { recordSpec } from '../helpers/reliability/bad-records.js';
import { run, summary } from '../helpers/reliability/event-outcome.js';
import { tally } from '../helpers/reliability/figures.js';
import { directEvent, snsEvent } from '../helpers/reliability/lambda-events.js';
import { type MessageSpec, messageSpec, sqsBatchSpec } from '../helpers/reliability/message-specs.js';
import { goodRecordSpec } from '../helpers/reliability/s3-records.js';

describe('replication-event handler: generated bad input', () => {
  it('processes every good record of an SQS batch, rejects each bad one with its reason, and redelivers none', async () => {
    await fc.assert(
      fc.asyncProperty(sqsBatchSpec, async (specs) => {
        const { response } = await run((builder) => builder.sqs(specs));
        assert.deepEqual(response, { batchItemFailures: [] });
        tally('event.sqs.batches');
        tally('event.sqs.messages', specs.length);
      }),
      { numRuns: 120 },
    );
  });

  it('processes every good record of a direct S3 invocation and rejects each bad one', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(recordSpec, { maxLength: 30 }), async (specs) => {
        const { expected, response } = await run((builder) => directEvent(builder, specs));
        assert.deepEqual(summary(response), {
          records: expected.good.size + expected.rejected.length,
          findings: expected.good.size,
          rejected: expected.rejected.length,
        });
        tally('event.direct.invocations');
      }),
      { numRuns: 80 },
    );
  });

  it('processes every good record of an SNS-triggered invocation and rejects each bad one', async () => {
    const snsMessage = messageSpec.filter(
      (spec): spec is Exclude<MessageSpec, { kind: 'broken-sqs-record' }> =>
        spec.kind !== 'broken-sqs-record',
    );
    await fc.assert(
      fc.asyncProperty(fc.array(snsMessage, { minLength: 1, maxLength: 10 }), async (specs) => {
        const { expected, response } = await run((builder) => snsEvent(builder, specs));
        assert.equal(summary(response).rejected, expected.rejected.length);
        tally('event.sns.invocations');
      }),
      { numRuns: 60 },
    );
  });

  it('keeps the batch kind when its first record names no source, so its neighbours are processed', async () => {
    const goods = fc.sample(goodRecordSpec, { numRuns: 3, seed: 7 });
    const { response, expected } = await run((builder) =>
      builder.sqs([
        {
          kind: 'broken-sqs-record',
          record: { messageId: 'no-source', body: '{}' },
          reason: /^the record is neither/,
        },
        { kind: 'notification', records: goods, viaSns: false },
      ]),
    );
    assert.deepEqual(response, { batchItemFailures: [] });
    assert.equal(expected.good.size, 3);

    const direct = await run((builder) => {
      const event = builder.notification(goods, '(event)');
      const { eventSource: _dropped, ...first } = event.Records[0] as Record<string, unknown>;
      return { Records: [first, ...event.Records.slice(1)] };
    });
    assert.deepEqual(summary(direct.response), { records: 3, findings: 3, rejected: 0 });
  });
});
