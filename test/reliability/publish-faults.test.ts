import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DeliveryError } from '../../shared/model/errors.js';
import { FAULT_KINDS } from '../../shared/sim/faults.js';
import { auditEverything, PLENTY_OF_TIME, startAuditHarness } from '../helpers/reliability/audit-harness.js';
import { startEventHarness } from '../helpers/reliability/event-harness.js';
import { CONTROL, FAULTY, faultWorld } from '../helpers/reliability/fault-world.js';
import { tally } from '../helpers/reliability/figures.js';
import { EventBuilder, snsEvent } from '../helpers/reliability/lambda-events.js';
import {
  BUCKETS,
  notifiedBuckets,
  paging,
  pagingBatch,
  snsFault,
  transportFor,
} from '../helpers/reliability/sns-faults.js';

/** A call that hangs past the clients' timeouts fails the suite instead of stalling CI. */
const HANG = 180_000;

describe('SNS publish faults: the event path', { timeout: HANG }, () => {
  it('redelivers exactly the SQS messages behind an undelivered notice, and the redelivery sends it', async () => {
    await fc.assert(
      fc.asyncProperty(
        pagingBatch,
        fc.subarray(BUCKETS, { minLength: 1 }),
        fc.constantFrom(...FAULT_KINDS),
        async (specs, failingBuckets, kind) => {
          const failing = new Set(failingBuckets);
          const harness = await startEventHarness({
            fault: snsFault(kind, failing),
            transport: transportFor(kind),
          });
          try {
            const builder = new EventBuilder();
            const event = builder.sqs(specs);
            const { good, goodByMessage } = builder.expected;
            const behind = (ids: readonly string[]) =>
              ids.some((id) => failing.has(good.get(id)?.spec.bucket ?? ''));
            const expected = [...goodByMessage]
              .filter(([, ids]) => behind(ids))
              .map(([messageId]) => messageId);

            const response = (await harness.handler(event)) as {
              batchItemFailures: { itemIdentifier: string }[];
            };

            assert.deepEqual(
              response.batchItemFailures.map((item) => item.itemIdentifier).sort(),
              expected.sort(),
            );
            const sent = notifiedBuckets(harness.simulator.captured.sns);
            const seen = new Set([...good.values()].map((entry) => entry.spec.bucket));
            assert.deepEqual(
              [...sent].sort(),
              [...seen].filter((bucket) => !failing.has(bucket)).sort(),
              'every other notice was sent',
            );
            // SQS redelivers the failed messages; SNS is back.
            failing.clear();
            const redelivered = {
              Records: event.Records.filter((item) =>
                expected.includes((item as { messageId?: string }).messageId ?? ''),
              ),
            };
            if (expected.length > 0)
              assert.deepEqual(await harness.handler(redelivered), { batchItemFailures: [] });
            const after = notifiedBuckets(harness.simulator.captured.sns);
            for (const bucket of failingBuckets)
              if (seen.has(bucket)) assert.ok(after.has(bucket), `${bucket}'s notice was lost`);
            tally('publish.event-batches');
          } finally {
            await harness.close();
          }
        },
      ),
      { numRuns: 20 },
    );
  });

  it('fails a direct or SNS-triggered invocation after sending every other notice, and the retry sends the rest', async () => {
    for (const kind of FAULT_KINDS) {
      const failing = new Set([BUCKETS[0] as string]);
      const harness = await startEventHarness({
        fault: snsFault(kind, failing),
        transport: transportFor(kind),
      });
      try {
        const goods = fc
          .sample(paging, { numRuns: 4, seed: 3 })
          .map((spec, index) => ({ ...spec, bucket: BUCKETS[index] as string }));
        const event = snsEvent(new EventBuilder(), [{ kind: 'notification', records: goods, viaSns: false }]);
        await assert.rejects(harness.handler(event), DeliveryError);
        assert.deepEqual(
          [...notifiedBuckets(harness.simulator.captured.sns)].sort(),
          BUCKETS.slice(1).sort(),
        );
        failing.clear();
        await harness.handler(event);
        assert.ok(
          notifiedBuckets(harness.simulator.captured.sns).has(BUCKETS[0] as string),
          `${kind}: the notice was lost`,
        );
      } finally {
        await harness.close();
      }
    }
  });
});

describe('SNS publish faults: the audit', { timeout: HANG }, () => {
  for (const kind of FAULT_KINDS) {
    it(`${kind}: fails the invocation after sending every other notice, and the retry sends the one that failed`, async () => {
      const failing = new Set([FAULTY]);
      const harness = await startAuditHarness({
        world: faultWorld(),
        fault: snsFault(kind, failing),
        transport: transportFor(kind),
        // The cursor moves past the FAILED object in the first run: the retry's sweep will not meet it again.
        env: { SAMPLE_MAX_OBJECTS: '2' },
      });
      try {
        await assert.rejects(auditEverything(harness), DeliveryError);
        assert.deepEqual([...notifiedBuckets(harness.simulator.captured.sns)], [CONTROL]);
        failing.clear();
        await harness.handler({ notify: true }, PLENTY_OF_TIME);
        const retried = harness.simulator.captured.sns.filter((message) => message.message.includes(FAULTY));
        assert.ok(
          retried.some((message) => message.message.includes('docs/b.pdf')),
          'the FAILED object is alerted on',
        );
      } finally {
        await harness.close();
      }
    });
  }
});
