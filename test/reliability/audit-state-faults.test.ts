import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import fc from 'fast-check';
import { type BucketSamplingState, mergeBucketStates } from '../../shared/audit/sampling/audit-state.js';
import { createDynamoDbAuditStateStore } from '../../shared/aws/dynamodb-audit-state-store.js';
import { createDynamoDbDiagnosisStore } from '../../shared/aws/dynamodb-diagnosis-store.js';
import { fixedClock } from '../../shared/model/clock.js';
import { FAULT_KINDS } from '../../shared/sim/faults.js';
import { type DynaliteTable, startDynaliteTable } from '../helpers/dynalite.js';
import {
  auditEverything,
  type OnDemandReport,
  startAuditHarness,
} from '../helpers/reliability/audit-harness.js';
import {
  type DynamoDbCall,
  type DynamoDbFault,
  startDynamoDbProxy,
} from '../helpers/reliability/dynamodb-proxy.js';
import { CONTROL, FAULTY, faultWorld, NOW } from '../helpers/reliability/fault-world.js';
import { tally } from '../helpers/reliability/figures.js';

/** A call that hangs past the clients' timeouts fails the suite instead of stalling CI. */
const HANG = 180_000;

const clock = fixedClock(NOW);
/** A write of FAULTY's sampling state (the diagnosis cache shares the table and the partition key). */
const savesState = (call: DynamoDbCall) =>
  call.operation === 'PutItem' &&
  call.body.includes(`"S":"bucket#${FAULTY}"`) &&
  call.body.includes('"S":"sampling"');
const fingerprints = (report: OnDemandReport, bucket?: string) =>
  report.findings
    .filter((finding) => bucket === undefined || finding.sourceBucket === bucket)
    .map((finding) => finding.fingerprint)
    .sort();

describe('audit state in DynamoDB: faults and concurrent writers', { timeout: HANG }, () => {
  let table: DynaliteTable;
  let baseline: OnDemandReport;
  before(async () => {
    table = await startDynaliteTable();
    baseline = await auditEverything(await startAuditHarness({ world: faultWorld() }));
  });
  after(() => table.close());
  beforeEach(() => table.clear());

  /** The audit with both of its DynamoDB stores behind a proxy that may fail or interleave calls. */
  async function auditThrough(
    fault: (call: DynamoDbCall) => DynamoDbFault | undefined | Promise<DynamoDbFault | undefined>,
  ) {
    const proxy = await startDynamoDbProxy(table.endpoint, fault);
    try {
      const harness = await startAuditHarness({
        world: faultWorld(),
        stateStore: createDynamoDbAuditStateStore(proxy.client, { tableName: table.tableName, clock }),
        diagnosisStore: createDynamoDbDiagnosisStore(proxy.client, { tableName: table.tableName, clock }),
      });
      return { report: await auditEverything(harness), calls: proxy.calls };
    } finally {
      await proxy.close();
    }
  }

  for (const operation of ['GetItem', 'PutItem']) {
    for (const kind of FAULT_KINDS) {
      it(`${operation} ${kind}: the audit finishes, loses none of the bucket's findings, and reports the table`, async () => {
        let injected = 0;
        const { report } = await auditThrough((call) => {
          if (call.operation !== operation || !call.body.includes(FAULTY)) return undefined;
          injected += 1;
          return kind;
        });
        tally(`faults.${kind}`, injected);
        tally('faults.audits');
        assert.ok(injected > 0);
        assert.deepEqual(fingerprints(report, CONTROL), fingerprints(baseline, CONTROL));
        const known = new Set(fingerprints(baseline));
        assert.deepEqual(
          report.findings.filter(
            (finding) => !finding.code.startsWith('MONITOR_') && !known.has(finding.fingerprint),
          ),
          [],
        );
        const seen = new Set(fingerprints(report, FAULTY));
        const missing = fingerprints(baseline, FAULTY).filter((id) => !seen.has(id));
        assert.deepEqual(missing, [], 'every finding of the bucket is still reported');
        assert.equal(report.buckets.find((bucket) => bucket.bucket === FAULTY)?.status, 'audited');
        // The sampling state is always read and written: its failure is a finding naming the table.
        const reported = report.findings.filter(
          (finding) => finding.sourceBucket === FAULTY && finding.code.startsWith('MONITOR_'),
        );
        const expected = kind === 'access-denied' ? 'MONITOR_ACCESS_DENIED' : 'MONITOR_CHECK_INCOMPLETE';
        assert.ok(reported.length > 0, 'the failure is reported');
        for (const finding of reported) {
          assert.equal(finding.code, expected);
          assert.equal(finding.action, `dynamodb:${operation}`);
          assert.match(finding.resource ?? '', /^arn:aws:dynamodb:.*:table\//);
        }
      });
    }
  }

  it('merges with the state a concurrent audit saved in between, instead of overwriting it', async () => {
    const competitor: BucketSamplingState = {
      cursor: { afterKey: 'zzz/last-key' },
      recheck: [
        {
          key: 'other/stuck.bin',
          versionId: 'v9',
          firstFlaggedAt: '2026-11-22T09:00:00.000Z',
          status: 'PENDING',
        },
      ],
      passes: 0,
      updatedAt: '2026-11-22T11:59:00.000Z',
    };
    let interleaved = false;
    const { report, calls } = await auditThrough(async (call) => {
      if (interleaved || !savesState(call)) return undefined;
      interleaved = true;
      // Another audit of the same bucket saves first: this PutItem's condition now fails for real.
      const other = createDynamoDbAuditStateStore(table.client, { tableName: table.tableName, clock });
      await other.saveBucketState(FAULTY, competitor);
      return undefined;
    });
    assert.deepEqual(fingerprints(report), fingerprints(baseline), 'the audit reports everything it saw');
    const puts = calls.filter(savesState);
    assert.equal(puts.length, 2, 'the conflicting write is retried once, after a reload');
    const stored = await createDynamoDbAuditStateStore(table.client, {
      tableName: table.tableName,
      clock,
    }).loadBucketState(FAULTY);
    assert.equal(stored?.passes, 1, 'the further position wins: our completed pass');
    assert.deepEqual(stored?.recheck.map((entry) => entry.key).sort(), [
      'docs/b.pdf',
      'logs/2.log',
      'other/stuck.bin',
    ]);
  });

  it('keeps every flagged object of two audits that save the same bucket at once', async () => {
    const entry = fc.record({
      key: fc.string({ minLength: 1, maxLength: 12 }),
      versionId: fc.constantFrom('v1', 'v2'),
      firstFlaggedAt: fc.constantFrom('2026-11-22T10:00:00.000Z', '2026-11-22T11:00:00.000Z'),
      status: fc.constantFrom('PENDING' as const, 'FAILED' as const),
    });
    const state = fc.record({
      cursor: fc.option(fc.record({ afterKey: fc.string({ maxLength: 12 }) }), { nil: undefined }),
      recheck: fc.uniqueArray(entry, { maxLength: 5, selector: (item) => `${item.key}\n${item.versionId}` }),
      passes: fc.nat(3),
      updatedAt: fc.constant(NOW),
    });
    let bucket = 0;
    await fc.assert(
      fc.asyncProperty(state, state, async (first, second) => {
        const name = `race-${bucket++}`;
        const clean = (value: typeof first): BucketSamplingState => {
          const { cursor, ...rest } = value;
          return cursor === undefined ? rest : { ...rest, cursor };
        };
        const writers = [first, second].map(() =>
          createDynamoDbAuditStateStore(table.client, { tableName: table.tableName, clock }),
        );
        await Promise.all(writers.map((writer) => writer.loadBucketState(name)));
        await writers[0]?.saveBucketState(name, clean(first));
        await writers[1]?.saveBucketState(name, clean(second));
        const stored = await createDynamoDbAuditStateStore(table.client, {
          tableName: table.tableName,
          clock,
        }).loadBucketState(name);
        assert.deepEqual(stored, mergeBucketStates(clean(first), clean(second)));
        tally('state.conflicts');
      }),
      { numRuns: 25 },
    );
  });

  it('gives way without failing the audit when every write conflicts (another audit keeps winning)', async () => {
    const { report, calls } = await auditThrough((call) => (savesState(call) ? 'conflict' : undefined));
    assert.deepEqual(fingerprints(report), fingerprints(baseline));
    assert.equal(calls.filter(savesState).length, 2, 'one write and one retry after a reload');
  });
});
