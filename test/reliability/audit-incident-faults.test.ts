import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createDynamoDbIncidentStore } from '../../shared/aws/dynamodb-incident-store.js';
import { DeliveryError } from '../../shared/model/errors.js';
import { FAULT_KINDS } from '../../shared/sim/faults.js';
import { type DynaliteTable, startDynaliteTable } from '../helpers/dynalite.js';
import { auditEverything, startAuditHarness } from '../helpers/reliability/audit-harness.js';
import {
  type DynamoDbCall,
  type DynamoDbFault,
  startDynamoDbProxy,
} from '../helpers/reliability/dynamodb-proxy.js';
import { CONTROL, FAULTY, faultWorld } from '../helpers/reliability/fault-world.js';
import { tally } from '../helpers/reliability/figures.js';
import { notifiedBuckets, publishedNotices } from '../helpers/reliability/sns-faults.js';

/** A call that hangs past the clients' timeouts fails the suite instead of stalling CI. */
const HANG = 180_000;

/** The registry's items (one per bucket, `sk = bucket#<name>`), read with one Query. */
const registryItem = (call: DynamoDbCall) => call.body.includes('"S":"monitor#incidents"');
/** FAULTY's incident items: its Query, and the GetItem and PutItem of each of its incidents. */
const aboutFaulty = (call: DynamoDbCall) =>
  call.body.includes(`"S":"bucket#${FAULTY}"`) && !registryItem(call);
/** The calls on FAULTY's incidents, each failed on its own: reading them, and writing them. */
const ON_FAULTY_INCIDENTS = {
  Query: (call: DynamoDbCall) => call.operation === 'Query' && aboutFaulty(call),
  PutItem: (call: DynamoDbCall) => call.operation === 'PutItem' && aboutFaulty(call),
};
/** The digest's bookkeeping: read by every audit, written when a digest is due. */
const digestItem = (call: DynamoDbCall) => call.body.includes('"S":"monitor#digest"');
/** Adding FAULTY to the registry, once its first incident opens. */
const registersFaulty = (call: DynamoDbCall) =>
  call.operation === 'PutItem' && registryItem(call) && call.body.includes(`"S":"bucket#${FAULTY}"`);
/** The registry of buckets with incidents: read once per audit, before any bucket. */
const readsRegistry = (call: DynamoDbCall) => call.operation === 'Query' && registryItem(call);

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
      if (injected > 0) {
        tally(`faults.${kind}`, injected);
        tally('faults.audits');
      }
      return { first, paged, injected, all: harness.simulator.captured.sns };
    } finally {
      await harness.close();
      await proxy.close();
    }
  }

  /** What the same two audits send with nothing failing. */
  let faultFree: string[];
  before(async () => {
    faultFree = publishedNotices((await auditTwice('throttle', () => false)).all);
    assert.ok(faultFree.length > 2, `the world opens incidents in both buckets (${faultFree.join(', ')})`);
    assert.ok(faultFree.every((notice) => notice.endsWith(' opened')));
  });

  const store = () => createDynamoDbIncidentStore(table.client, { tableName: table.tableName });

  interface Scenario {
    title: string;
    /** Picks the calls to fail; made afresh for each test (it may count calls). */
    fails: () => (call: DynamoDbCall) => boolean;
    /** FAULTY is in the registry already (an earlier incident, since resolved, put it there). */
    known?: boolean;
    /** The buckets the failed run still paged about. */
    pagedFirst: string[];
  }
  const scenarios: Scenario[] = [
    ...Object.entries(ON_FAULTY_INCIDENTS).map(([operation, fails]) => ({
      title: `${operation} on one bucket's incidents, the bucket already known: the others are paged`,
      fails: () => fails,
      known: true,
      pagedFirst: [CONTROL],
    })),
    {
      title: "writing one of a bucket's two new incidents: the one written is paged at once",
      fails: () => {
        let writes = 0;
        return (call) => ON_FAULTY_INCIDENTS.PutItem(call) && ++writes > 1;
      },
      pagedFirst: [CONTROL, FAULTY],
    },
    {
      title: 'adding a new bucket to the registry: the others are paged',
      fails: () => registersFaulty,
      pagedFirst: [CONTROL],
    },
    {
      title: "on the digest's item: every bucket is paged",
      fails: () => digestItem,
      pagedFirst: [CONTROL, FAULTY],
    },
    {
      title: 'reading the registry of buckets with incidents: every bucket is still paged',
      fails: () => readsRegistry,
      pagedFirst: [CONTROL, FAULTY],
    },
  ];

  for (const scenario of scenarios)
    for (const kind of FAULT_KINDS) {
      it(`${kind} ${scenario.title}; the run fails, and the retry sends the rest without paging twice`, async () => {
        // A known bucket is first re-checked for its open event causes, then reported.
        if (scenario.known === true) await store().rememberBucket(FAULTY, '2026-11-22T11:00:00.000Z');
        const { first, paged, injected, all } = await auditTwice(kind, scenario.fails());
        assert.ok(injected > 0, 'the fault was injected');
        assert.ok(
          first instanceof DeliveryError,
          `the invocation fails so Lambda retries it (${String(first)})`,
        );
        assert.deepEqual([...paged].sort(), scenario.pagedFirst, 'what the failed run still paged');
        assert.deepEqual(publishedNotices(all), faultFree, 'the retry sends what failed, and nothing twice');
        // Audits that no longer see findings in a bucket resolve its incidents only if the
        // registry names it.
        assert.deepEqual(await store().listBuckets(), [CONTROL, FAULTY].sort());
      });
    }
});
