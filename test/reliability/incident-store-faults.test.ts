import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createDynamoDbIncidentStore } from '../../shared/aws/dynamodb-incident-store.js';
import { FAULT_KINDS } from '../../shared/sim/faults.js';
import { type DynaliteTable, startDynaliteTable } from '../helpers/dynalite.js';
import type { RecordSpec } from '../helpers/reliability/bad-records.js';
import {
  type DynamoDbCall,
  type DynamoDbFault,
  startDynamoDbProxy,
} from '../helpers/reliability/dynamodb-proxy.js';
import { type EventHarness, startEventHarness } from '../helpers/reliability/event-harness.js';
import { tally } from '../helpers/reliability/figures.js';
import { EventBuilder } from '../helpers/reliability/lambda-events.js';

/** A call that hangs past the clients' timeouts fails the suite instead of stalling CI. */
const HANG = 180_000;

describe('incidents in DynamoDB: faults on the event path', { timeout: HANG }, () => {
  let table: DynaliteTable;
  before(async () => {
    table = await startDynaliteTable('incidents');
  });
  after(() => table.close());

  // Each test has its own buckets: incidents stay open in the table from one test to the next.
  let run = 0;
  const failed = (bucket: string, key: string): RecordSpec => ({
    kind: 'good',
    eventName: 's3:Replication:OperationFailedReplication',
    eventVersion: '2.2',
    key,
    bucket,
    rule: 'to-dr',
    failureReason: 'DstPutObjectNotPermitted',
    noise: {},
  });
  const notified = (harness: EventHarness) =>
    harness.published().map((document) => document.sourceBucket as string);

  /** Four messages: ALPHA's, BRAVO's, one with both, and one that can never be read. */
  async function eventsThrough(fault: (call: DynamoDbCall, alpha: string) => DynamoDbFault | undefined) {
    run += 1;
    const [alpha, bravo] = [`alpha-${run}`, `bravo-${run}`];
    const proxy = await startDynamoDbProxy(table.endpoint, (call) => fault(call, alpha));
    const harness = await startEventHarness({
      incidentStore: createDynamoDbIncidentStore(proxy.client, { tableName: table.tableName }),
    });
    const event = new EventBuilder().sqs([
      { kind: 'notification', records: [failed(alpha, 'a.bin')], viaSns: false },
      { kind: 'notification', records: [failed(bravo, 'b.bin')], viaSns: false },
      { kind: 'notification', records: [failed(alpha, 'c.bin'), failed(bravo, 'd.bin')], viaSns: false },
      { kind: 'body-mistyped', body: 42 },
    ]);
    return { proxy, harness, event, alpha, bravo };
  }
  const registry = (call: DynamoDbCall) => call.body.includes('"S":"monitor#incidents"');
  const about = (call: DynamoDbCall, bucket: string) => call.body.includes(`bucket#${bucket}`);
  /** Reading a bucket's incidents, writing them, and adding the bucket to the registry. */
  const CALLS: Record<string, (call: DynamoDbCall, bucket: string) => boolean> = {
    Query: (call, bucket) => call.operation === 'Query' && about(call, bucket),
    PutItem: (call, bucket) => call.operation === 'PutItem' && about(call, bucket) && !registry(call),
    'PutItem (registry)': (call, bucket) =>
      call.operation === 'PutItem' && about(call, bucket) && registry(call),
  };

  for (const [operation, fails] of Object.entries(CALLS))
    for (const kind of FAULT_KINDS) {
      it(`${operation} ${kind} on one bucket's incidents: only its messages are redelivered, and the redelivery notifies`, async () => {
        let active = true;
        let injected = 0;
        const { proxy, harness, event, alpha, bravo } = await eventsThrough((call, alpha) => {
          if (!active || !fails(call, alpha)) return undefined;
          tally(`faults.${kind}`);
          injected += 1;
          return kind;
        });
        try {
          const response = (await harness.handler(event)) as {
            batchItemFailures: { itemIdentifier: string }[];
          };
          assert.deepEqual(response.batchItemFailures.map((item) => item.itemIdentifier).sort(), [
            'message-0',
            'message-2',
          ]);
          assert.ok(injected > 0, 'the fault was injected');
          assert.deepEqual(notified(harness), [bravo]);
          active = false;
          const redelivered = { Records: event.Records.filter((_, index) => index === 0 || index === 2) };
          assert.deepEqual(await harness.handler(redelivered), { batchItemFailures: [] });
          assert.deepEqual(notified(harness).sort(), [alpha, bravo]);
          const registry = await createDynamoDbIncidentStore(table.client, {
            tableName: table.tableName,
          }).listBuckets();
          assert.ok(registry.includes(alpha) && registry.includes(bravo), 'both buckets are registered');
        } finally {
          await proxy.close();
          await harness.close();
        }
      });
    }

  it('retries a conflicting incident write (another invocation wrote first) and notifies once', async () => {
    let conflicts = 1;
    const { proxy, harness, event, alpha, bravo } = await eventsThrough((call, alpha) => {
      if (conflicts === 0 || !CALLS.PutItem?.(call, alpha)) return undefined;
      conflicts -= 1;
      return 'conflict';
    });
    try {
      assert.deepEqual(await harness.handler(event), { batchItemFailures: [] });
      assert.equal(conflicts, 0, 'the conflict happened');
      assert.deepEqual(notified(harness).sort(), [alpha, bravo]);
    } finally {
      await proxy.close();
      await harness.close();
    }
  });
});
