import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createDynamoDbIncidentStore } from '../../shared/aws/dynamodb-incident-store.js';
import { DeliveryError } from '../../shared/errors.js';
import { FAULT_KINDS } from '../../shared/sim/faults.js';
import { type DynaliteTable, startDynaliteTable } from '../helpers/dynalite.js';
import { auditEverything, startAuditHarness } from './helpers/audit-harness.js';
import { type DynamoDbCall, type DynamoDbFault, startDynamoDbProxy } from './helpers/dynamodb-proxy.js';
import { CONTROL, FAULTY, faultWorld } from './helpers/fault-world.js';
import { tally } from './helpers/figures.js';
import { notifiedBuckets } from './helpers/sns-faults.js';

/** A call that hangs past the clients' timeouts fails the suite instead of stalling CI. */
const HANG = 180_000;

/** FAULTY's incident items: its Query, and the GetItem and PutItem of each of its incidents. */
const aboutFaulty = (call: DynamoDbCall) => call.body.includes(`"S":"bucket#${FAULTY}"`);
/** The item listing the buckets that have incidents: read once per audit, before any bucket. */
const readsRegistry = (call: DynamoDbCall) =>
  call.operation === 'GetItem' && call.body.includes('"S":"monitor#incidents"');

describe('incidents in DynamoDB: faults on the audit path', { timeout: HANG }, () => {
  let table: DynaliteTable;
  before(async () => {
    table = await startDynaliteTable('incidents');
  });
  after(() => table.close());
  beforeEach(() => table.clear());

  /**
   * Two audits of the fault world with the incidents behind a proxy: the first while `fails`
   * picks calls to fail with `kind`, the second (the retry Lambda or the next schedule makes)
   * with DynamoDB back. Returns the buckets each run paged about.
   */
  async function auditTwice(kind: DynamoDbFault, fails: (call: DynamoDbCall) => boolean) {
    let active = true;
    let injected = 0;
    const proxy = await startDynamoDbProxy(table.endpoint, (call) => {
      if (!active || !fails(call)) return undefined;
      injected += 1;
      return kind;
    });
    const harness = await startAuditHarness({
      world: faultWorld(),
      incidentStore: createDynamoDbIncidentStore(proxy.client, { tableName: table.tableName }),
    });
    try {
      const first = await auditEverything(harness).then(
        () => undefined,
        (error: unknown) => error,
      );
      const paged = notifiedBuckets(harness.simulator.captured.sns);
      active = false;
      await auditEverything(harness);
      tally(`faults.${kind}`, injected);
      tally('faults.audits');
      return { first, paged, injected, all: harness.simulator.captured.sns };
    } finally {
      await harness.close();
      await proxy.close();
    }
  }

  /** Each notice sent, as `bucket incident transition`: a notice sent twice shows twice. */
  const notices = (messages: readonly { message: string }[], bucket?: string) =>
    messages
      .map((message) => JSON.parse(JSON.parse(message.message).default) as Record<string, string>)
      .filter((document) => bucket === undefined || document.sourceBucket === bucket)
      .map((document) => `${document.sourceBucket} ${document.incidentId} ${document.transition}`)
      .sort();
  /** What the same two audits send with nothing failing. */
  let faultFree: string[];
  before(async () => {
    faultFree = notices((await auditTwice('throttle', () => false)).all);
    assert.ok(faultFree.length > 2, `the world opens incidents in both buckets (${faultFree.join(', ')})`);
    assert.ok(faultFree.every((notice) => notice.endsWith(' opened')));
  });

  for (const kind of FAULT_KINDS) {
    it(`${kind} on one bucket's incidents, the bucket already known: the others are paged, the run fails, the retry pages it once`, async () => {
      // An earlier incident of FAULTY (since resolved and expired) left it in the registry: the
      // audit first re-checks its open event causes, then reports its findings.
      await createDynamoDbIncidentStore(table.client, { tableName: table.tableName }).rememberBucket(FAULTY);
      const { first, paged, injected, all } = await auditTwice(kind, aboutFaulty);
      assert.ok(injected > 0, 'the fault was injected');
      assert.ok(
        first instanceof DeliveryError,
        `the invocation fails so Lambda retries it (${String(first)})`,
      );
      assert.deepEqual([...paged], [CONTROL], "the other bucket's alert was sent in the failed run");
      assert.deepEqual(notices(all), faultFree, 'the retry sends what failed, and nothing twice');
    });
  }

  for (const kind of FAULT_KINDS) {
    it(`${kind} reading the registry of buckets with incidents: every bucket is still paged, the run fails, the retry pages none twice`, async () => {
      const { first, paged, injected, all } = await auditTwice(kind, readsRegistry);
      assert.ok(injected > 0, 'the fault was injected');
      assert.ok(
        first instanceof DeliveryError,
        `the invocation fails so Lambda retries it (${String(first)})`,
      );
      assert.deepEqual([...paged].sort(), [CONTROL, FAULTY].sort());
      assert.deepEqual(notices(all), faultFree, 'nothing is sent twice');
    });
  }
});
