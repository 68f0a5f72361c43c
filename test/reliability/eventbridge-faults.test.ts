import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DeliveryError } from '../../shared/model/errors.js';
import { type FaultKind, faultResponse } from '../../shared/sim/faults.js';
import type { SimRequest, SimResponse } from '../../shared/sim/sim-http.js';
import type { Simulator } from '../../shared/sim/simulator.js';
import { auditEverything, startAuditHarness } from '../helpers/reliability/audit-harness.js';
import { startEventHarness } from '../helpers/reliability/event-harness.js';
import { faultWorld } from '../helpers/reliability/fault-world.js';
import { tally } from '../helpers/reliability/figures.js';
import { EventBuilder } from '../helpers/reliability/lambda-events.js';
import {
  BUCKETS,
  noticeLines,
  paging,
  publishedNotices,
  transportFor,
} from '../helpers/reliability/sns-faults.js';

/** A call that hangs past the clients' timeouts fails the suite instead of stalling CI. */
const HANG = 180_000;
const ENV = { EVENT_BUS_NAME: 'replication-incidents' };

/**
 * What goes wrong with PutEvents: the whole call fails (each of the simulator's fault kinds), or
 * the call succeeds and EventBridge fails every entry of it (`FailedEntryCount`, an `ErrorCode`
 * per entry), as it does when a bus is throttled or has an internal failure.
 */
type EventsFault = FaultKind | 'entries-failed';
const EVENTS_FAULTS: readonly EventsFault[] = [
  'throttle',
  'server-error',
  'timeout',
  'reset',
  'access-denied',
  'entries-failed',
];

function entriesFailed(request: SimRequest): SimResponse {
  const entries = (JSON.parse(request.body) as { Entries?: unknown[] }).Entries ?? [];
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/x-amz-json-1.1' },
    body: JSON.stringify({
      FailedEntryCount: entries.length,
      Entries: entries.map(() => ({ ErrorCode: 'InternalFailure', ErrorMessage: 'Internal failure' })),
    }),
  };
}

/** Fails every PutEvents call while `active()`; counts what it injected. */
function eventsFault(kind: EventsFault, active: () => boolean) {
  return (request: SimRequest): SimResponse | undefined => {
    if (request.service !== 'events' || !active()) return undefined;
    tally(`faults.${kind}`);
    return kind === 'entries-failed' ? entriesFailed(request) : faultResponse(kind, request);
  };
}
const transportOf = (kind: EventsFault) => (kind === 'entries-failed' ? 'in-process' : transportFor(kind));

/** What reached each channel, one line per notice: a notice delivered twice shows twice. */
function delivered(simulator: Simulator) {
  return {
    people: publishedNotices(simulator.captured.sns),
    programs: noticeLines(simulator.captured.events.map((event) => JSON.parse(event.detail))),
  };
}

describe('EventBridge PutEvents faults: the event path', { timeout: HANG }, () => {
  const goods = fc
    .sample(paging, { numRuns: 4, seed: 11 })
    .map((spec, index) => ({ ...spec, bucket: BUCKETS[index % 2] as string }));
  /** Two buckets' records in three messages, and one message that can never be read. */
  const batch = () =>
    new EventBuilder().sqs([
      { kind: 'notification', records: [goods[0] as (typeof goods)[number]], viaSns: false },
      { kind: 'notification', records: [goods[1] as (typeof goods)[number]], viaSns: true },
      { kind: 'notification', records: goods.slice(2), viaSns: false },
      { kind: 'body-mistyped', body: 42 },
    ]);

  it('delivers every notice to people and programs when nothing fails (the witness)', async () => {
    const harness = await startEventHarness({ env: ENV });
    try {
      assert.deepEqual(await harness.handler(batch()), { batchItemFailures: [] });
      const { people, programs } = delivered(harness.simulator);
      assert.ok(people.length >= 2, 'both buckets page someone');
      assert.deepEqual(programs, people, 'every notice also goes to EventBridge');
    } finally {
      await harness.close();
    }
  });

  for (const kind of EVENTS_FAULTS) {
    it(`${kind}: pages people, redelivers the messages behind the notices EventBridge missed, and the redelivery puts them without paging again`, async () => {
      let active = true;
      const harness = await startEventHarness({
        env: ENV,
        fault: eventsFault(kind, () => active),
        transport: transportOf(kind),
      });
      try {
        const event = batch();
        const response = (await harness.handler(event)) as {
          batchItemFailures: { itemIdentifier: string }[];
        };
        assert.deepEqual(
          response.batchItemFailures.map((item) => item.itemIdentifier).sort(),
          ['message-0', 'message-1', 'message-2'],
          'the unreadable message is never sent back',
        );
        const first = delivered(harness.simulator);
        assert.ok(first.people.length >= 2, 'people are paged although EventBridge failed');
        assert.deepEqual(first.programs, []);

        active = false;
        const redelivered = {
          Records: event.Records.filter((record) =>
            response.batchItemFailures.some(
              (item) => item.itemIdentifier === (record as { messageId?: string }).messageId,
            ),
          ),
        };
        assert.deepEqual(await harness.handler(redelivered), { batchItemFailures: [] });
        const after = delivered(harness.simulator);
        assert.deepEqual(after.people, first.people, 'nobody is paged twice');
        assert.deepEqual(after.programs, first.people, 'EventBridge receives every notice, once');
      } finally {
        await harness.close();
      }
    });
  }

  it('absorbs entries EventBridge fails once: they are put again in the same invocation', async () => {
    let failures = 1;
    const harness = await startEventHarness({
      env: ENV,
      fault: eventsFault('entries-failed', () => failures-- > 0),
    });
    try {
      assert.deepEqual(await harness.handler(batch()), { batchItemFailures: [] });
      const { people, programs } = delivered(harness.simulator);
      assert.ok(failures < 0, 'the first call failed its entries');
      assert.deepEqual(programs, people);
    } finally {
      await harness.close();
    }
  });
});

describe('EventBridge PutEvents faults: the audit', { timeout: HANG }, () => {
  for (const kind of EVENTS_FAULTS) {
    it(`${kind}: pages people, fails the invocation, and the retry puts every notice without paging again`, async () => {
      let active = true;
      const harness = await startAuditHarness({
        world: faultWorld(),
        env: ENV,
        fault: eventsFault(kind, () => active),
        transport: transportOf(kind),
      });
      try {
        await assert.rejects(auditEverything(harness), DeliveryError);
        const first = delivered(harness.simulator);
        assert.ok(first.people.length > 2, 'every incident pages although EventBridge failed');
        assert.deepEqual(first.programs, []);
        active = false;
        await auditEverything(harness);
        const after = delivered(harness.simulator);
        assert.deepEqual(after.people, first.people, 'nobody is paged twice');
        assert.deepEqual(after.programs, first.people, 'EventBridge receives every notice, once');
        tally('faults.audits');
      } finally {
        await harness.close();
      }
    });
  }
});
