import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AuditStateStore, BucketSamplingState } from '../../shared/audit/sampling/audit-state.js';
import { createDynamoDbAuditStateStore } from '../../shared/aws/dynamodb-audit-state-store.js';
import { fixedClock } from '../../shared/model/clock.js';
import { awsActionOf, faultResponse } from '../../shared/sim/faults.js';
import { s3Target } from '../../shared/sim/s3.js';
import type { SimRequest } from '../../shared/sim/sim-http.js';
import { syntheticIndexOf } from '../../shared/sim/synthetic.js';
import { type DynaliteTable, startDynaliteTable } from '../helpers/dynalite.js';
import {
  type AuditHarness,
  type OnDemandReport,
  startAuditHarness,
} from '../helpers/reliability/audit-harness.js';
import { CONTROL, FAULTY, faultWorld } from '../helpers/reliability/fault-world.js';
import { tally } from '../helpers/reliability/figures.js';
import {
  FLEET,
  fleetWorld,
  HUGE,
  HUGE_OBJECTS,
  largeWorld,
  SMALL,
} from '../helpers/reliability/large-world.js';

/** A call that hangs past the clients' timeouts fails the suite instead of stalling CI. */
const HANG = 180_000;

/** The Lambda's time for one invocation, and what the audit keeps back to save and alert. */
const BUDGET_MS = 7_000;
const RESERVE_MS = 2_500;
/** Sampling stops this much earlier still, leaving time for the diagnosis and the metrics. */
const CHECKS_RESERVE_MS = 500;
const HEAD_LATENCY_MS = 100;

interface Head {
  key: string;
  /** Set for a re-check of a flagged version; absent for the sweep. */
  versionId?: string;
  remainingMs: number;
}

/** A Lambda context whose deadline is BUDGET_MS from now. */
function lambdaContext() {
  const deadline = Date.now() + BUDGET_MS;
  return { getRemainingTimeInMillis: () => deadline - Date.now() };
}

describe('audit deadline: a 1,000,000-object bucket, 100 ms per HeadObject', { timeout: HANG }, () => {
  let table: DynaliteTable;
  let store: AuditStateStore;
  let harness: AuditHarness;
  let context = lambdaContext();
  const heads: Head[] = [];
  const runs: { report: OnDemandReport; remainingMs: number; heads: Head[]; state?: BucketSamplingState }[] =
    [];

  before(async () => {
    table = await startDynaliteTable();
    store = createDynamoDbAuditStateStore(table.client, {
      tableName: table.tableName,
      clock: fixedClock('2026-11-22T12:00:00Z'),
    });
    harness = await startAuditHarness({
      world: largeWorld(),
      stateStore: store,
      latencyFor: (request) => (request.method === 'HEAD' ? HEAD_LATENCY_MS : undefined),
      onRequest: (request) => {
        const target = s3Target(request);
        if (request.method !== 'HEAD' || target.bucket !== HUGE || target.key === undefined) return;
        const head: Head = { key: target.key, remainingMs: context.getRemainingTimeInMillis() };
        if (request.query.versionId !== undefined) head.versionId = request.query.versionId;
        heads.push(head);
      },
      env: {
        AUDIT_BUCKETS: `${HUGE},${SMALL}`,
        AUDIT_BUCKET_CONCURRENCY: '1',
        AUDIT_DEADLINE_RESERVE_MS: String(RESERVE_MS),
        AUDIT_CHECKS_RESERVE_MS: String(CHECKS_RESERVE_MS),
        SAMPLE_MAX_OBJECTS: '1000000',
      },
      requestTimeoutMs: 1_000,
    });
    // Run 1 audits both buckets: the huge one may use only its share of sampling's time while the
    // small one waits. Run 2 audits the huge one alone: it samples until sampling's deadline.
    for (const payload of [{ notify: true }, { buckets: [HUGE], notify: true }]) {
      context = lambdaContext();
      const start = heads.length;
      const report = (await harness.handler(payload, context)) as OnDemandReport;
      const remainingMs = context.getRemainingTimeInMillis();
      const state = await store.loadBucketState(HUGE);
      runs.push({
        report,
        remainingMs,
        heads: heads.slice(start),
        ...(state === undefined ? {} : { state }),
      });
    }
  });
  after(async () => {
    await harness.close();
    await table.close();
  });

  const coverageOf = (run: number, bucket: string) =>
    runs[run]?.report.buckets.find((entry) => entry.bucket === bucket);
  const sweepIndexes = (run: number) =>
    (runs[run]?.heads ?? [])
      .filter((head) => head.versionId === undefined)
      .map((head) => syntheticIndexOf(HUGE_OBJECTS, head.key) as number);

  it('stops sampling early enough to finish before the deadline, and says how far it got', () => {
    for (const run of runs) {
      assert.ok(run.remainingMs > 0, `the invocation returned ${-run.remainingMs} ms after its deadline`);
      assert.ok(
        run.heads.every((head) => head.remainingMs > 0),
        'no HeadObject after the deadline',
      );
    }
    const huge = coverageOf(1, HUGE);
    assert.equal(huge?.objects?.complete, false);
    assert.equal(huge?.objects?.stoppedBy, 'deadline');
    assert.ok((huge?.objects?.examined ?? 0) > 0);
    assert.ok(huge?.checksSkipped.some((reason) => /stopped early \(deadline\)/.test(reason)));
    // Sampling stops CHECKS_RESERVE_MS before the audit's deadline: no sweep HEAD started after it.
    const lastSweep = Math.min(...(runs[1]?.heads ?? []).map((head) => head.remainingMs));
    assert.ok(
      lastSweep > RESERVE_MS,
      `a HeadObject started ${RESERVE_MS - lastSweep} ms past the audit's deadline`,
    );
    for (const [index, run] of runs.entries()) {
      tally(`deadline.run${index + 1}.examined`, coverageOf(index, HUGE)?.objects?.examined ?? 0);
      tally(`deadline.run${index + 1}.rechecked`, coverageOf(index, HUGE)?.objects?.rechecked ?? 0);
      tally(`deadline.run${index + 1}.remaining-ms-at-return`, Math.round(run.remainingMs));
    }
  });

  it('shares sampling time: the huge bucket stops at its share and the bucket after it is sampled too', () => {
    const huge = coverageOf(0, HUGE);
    assert.equal(huge?.objects?.stoppedBy, 'timeShare');
    assert.ok((huge?.objects?.examined ?? 0) > 0);
    const small = coverageOf(0, SMALL);
    assert.equal(small?.status, 'audited');
    assert.deepEqual([small?.objects?.examined, small?.objects?.complete], [2, true]);
    const findings = runs[0]?.report.findings.filter((finding) => finding.sourceBucket === SMALL) ?? [];
    assert.deepEqual(
      findings.filter((finding) => finding.code.startsWith('MONITOR_')),
      [],
      'the small bucket is audited, not reported out of time',
    );
    assert.ok(
      findings.some((finding) => finding.code === 'OBJECT_REPLICATION_FAILED' && finding.key === 'r/1.pdf'),
    );
    // The huge bucket's share is half of sampling's time (one slot, two buckets): it left the rest.
    const hugeHeads = runs[0]?.heads ?? [];
    const samplingMs = BUDGET_MS - RESERVE_MS - CHECKS_RESERVE_MS;
    const usedMs = (hugeHeads[0]?.remainingMs ?? 0) - (hugeHeads.at(-1)?.remainingMs ?? 0);
    assert.ok(usedMs < samplingMs * 0.75, `the huge bucket swept for ${usedMs} of ${samplingMs} ms`);
    tally('deadline.time-share.huge-sweep-ms', Math.round(usedMs));
  });

  const cursorOf = (run: number) => syntheticIndexOf(HUGE_OBJECTS, runs[run]?.state?.cursor?.afterKey ?? '');

  it('saves its cursor in the state table after the last object it examined, skipping none', () => {
    const cursor = cursorOf(0);
    assert.ok(cursor !== undefined, `cursor ${runs[0]?.state?.cursor?.afterKey}`);
    const examined = new Set(sweepIndexes(0));
    for (let index = 0; index <= cursor; index += 1)
      assert.ok(examined.has(index), `object ${index} was skipped`);
    assert.equal(runs[0]?.state?.passes, 0);
  });

  it('resumes from its cursor on the next run: later keys only, after re-checking what it flagged', () => {
    const cursor = cursorOf(0) as number;
    const second = sweepIndexes(1);
    assert.equal(Math.min(...second), cursor + 1, 'the sweep resumes right after the cursor');
    assert.ok(second.every((index) => index > cursor));
    assert.ok((cursorOf(1) ?? -1) > cursor, 'the cursor moved on');
    const flagged = runs[0]?.state?.recheck.map((entry) => entry.key).sort() ?? [];
    const findings = runs[0]?.report.findings.filter(
      (finding) => finding.sourceBucket === HUGE && finding.key !== undefined,
    );
    assert.ok(flagged.length > 0);
    assert.deepEqual(
      flagged,
      findings?.map((finding) => finding.key).sort(),
      'every flagged object is kept for re-checking',
    );
    const rechecked = runs[1]?.heads
      .filter((head) => head.versionId !== undefined)
      .map((head) => head.key)
      .sort();
    assert.deepEqual(rechecked, flagged, 'and re-checked first on the next run');
  });

  it('sends its alerts within the time it kept back', () => {
    const report = runs[0]?.report;
    const published = harness.simulator.captured.sns;
    assert.ok((report?.alertsSent ?? 0) > 0);
    for (const bucket of [HUGE, SMALL]) {
      assert.ok(
        published.some(
          (message) =>
            message.messageAttributes.sourceBucket?.value === bucket &&
            message.message.includes('OBJECT_REPLICATION_FAILED'),
        ),
        bucket,
      );
    }
  });
});

describe('audit deadline: six large buckets, two at a time, 50 ms per HeadObject', { timeout: HANG }, () => {
  it("shares sampling's time, so every bucket is sampled and none is reported out of time", async () => {
    const harness = await startAuditHarness({
      world: fleetWorld(),
      latencyFor: (request) => (request.method === 'HEAD' ? 50 : undefined),
      env: {
        AUDIT_BUCKETS: FLEET.join(','),
        AUDIT_BUCKET_CONCURRENCY: '2',
        AUDIT_DEADLINE_RESERVE_MS: '2000',
        AUDIT_CHECKS_RESERVE_MS: '500',
        SAMPLE_MAX_OBJECTS: '1000000',
      },
      requestTimeoutMs: 1_000,
    });
    try {
      const deadline = Date.now() + 9_000;
      const context = { getRemainingTimeInMillis: () => deadline - Date.now() };
      const report = (await harness.handler({}, context)) as OnDemandReport;

      assert.ok(context.getRemainingTimeInMillis() > 0, 'returned before the deadline');
      assert.deepEqual(
        report.buckets.map((bucket) => bucket.status),
        FLEET.map(() => 'audited'),
      );
      const examined = report.buckets.map((bucket) => bucket.objects?.examined ?? 0);
      for (const [index, bucket] of report.buckets.entries())
        assert.ok((examined[index] ?? 0) > 0, `${bucket.bucket} was not sampled: ${examined.join(', ')}`);
      // Every bucket but the last two (nothing waits for them) stops at its share.
      assert.deepEqual(
        report.buckets.slice(0, 4).map((bucket) => bucket.objects?.stoppedBy),
        ['timeShare', 'timeShare', 'timeShare', 'timeShare'],
      );
      assert.deepEqual(
        report.findings.filter((finding) => finding.code === 'MONITOR_CHECK_INCOMPLETE'),
        [],
        'no bucket is reported out of time',
      );
      tally('deadline.fleet.examined-min', Math.min(...examined));
      tally('deadline.fleet.examined-max', Math.max(...examined));
    } finally {
      await harness.close();
    }
  });
});

/**
 * One on-demand audit of both fault-world buckets with the deployed retry settings, every call
 * `throttles` picks answered SlowDown/ThrottlingException, and a Lambda deadline `budgetMs` away.
 */
async function throttledAudit(options: {
  budgetMs: number;
  reserveMs: number;
  checksReserveMs: number;
  bucketConcurrency: number;
  throttles: (request: SimRequest) => boolean;
  figure: string;
}) {
  let throttled = 0;
  const harness = await startAuditHarness({
    world: faultWorld(),
    productionRetries: true,
    fault: (request) => {
      if (!options.throttles(request)) return undefined;
      throttled += 1;
      return faultResponse('throttle', request);
    },
    env: {
      AUDIT_BUCKET_CONCURRENCY: String(options.bucketConcurrency),
      AUDIT_DEADLINE_RESERVE_MS: String(options.reserveMs),
      AUDIT_CHECKS_RESERVE_MS: String(options.checksReserveMs),
    },
  });
  const started = Date.now();
  const deadline = started + options.budgetMs;
  try {
    const report = (await harness.handler(
      { buckets: [FAULTY, CONTROL], notify: true },
      { getRemainingTimeInMillis: () => deadline - Date.now() },
    )) as OnDemandReport;
    const tookMs = Date.now() - started;
    tally('faults.throttle', throttled);
    tally(options.figure, tookMs);
    return { report, tookMs };
  } finally {
    await harness.close();
  }
}

describe('audit deadline under throttling: every call throttled, the deployed retry settings', {
  timeout: HANG,
}, () => {
  /** Throttled calls back off for up to 15 s each (five attempts): far past this budget. */
  const THROTTLED_BUDGET_MS = 8_000;
  const THROTTLED_RESERVE_MS = 4_000;

  it('gives up on the calls in flight at its deadline, reports every bucket, and alerts in time', async () => {
    const { report, tookMs } = await throttledAudit({
      budgetMs: THROTTLED_BUDGET_MS,
      reserveMs: THROTTLED_RESERVE_MS,
      checksReserveMs: 1_000,
      bucketConcurrency: 1,
      throttles: (request) => request.service !== 'sns',
      figure: 'deadline.throttled.returned-ms',
    });

    const cutoffMs = THROTTLED_BUDGET_MS - THROTTLED_RESERVE_MS;
    assert.ok(
      tookMs < THROTTLED_BUDGET_MS,
      `returned after ${tookMs} ms, past the ${THROTTLED_BUDGET_MS} ms deadline`,
    );
    assert.ok(tookMs < cutoffMs + 1_000, `${tookMs - cutoffMs} ms spent after the audit's own deadline`);
    assert.deepEqual(
      report.buckets.map((bucket) => bucket.bucket),
      [FAULTY, CONTROL],
    );
    for (const bucket of report.buckets) {
      assert.ok(['unreadable', 'skipped'].includes(bucket.status), `${bucket.bucket}: ${bucket.status}`);
      assert.ok(
        report.findings.some(
          (finding) => finding.sourceBucket === bucket.bucket && finding.code === 'MONITOR_CHECK_INCOMPLETE',
        ),
        `${bucket.bucket} is reported incomplete`,
      );
    }
    assert.ok(report.alertsSent > 0, 'the incidents were published within the time kept back');
  });

  it("abandons sampling's throttled reads at sampling's own deadline, so the diagnosis and the metrics still run", async () => {
    const budgetMs = 12_000;
    const reserveMs = 3_000;
    const sampling = new Set(['s3:ListBucket', 's3:GetObject', 's3:GetObjectTagging']);
    const { report, tookMs } = await throttledAudit({
      budgetMs,
      reserveMs,
      checksReserveMs: 4_000,
      bucketConcurrency: 2,
      throttles: (request) => sampling.has(awsActionOf(request)),
      figure: 'deadline.sampling-throttled.returned-ms',
    });

    assert.ok(tookMs < budgetMs - reserveMs, `returned after ${tookMs} ms, past the audit's own deadline`);
    for (const bucket of report.buckets) {
      assert.equal(bucket.status, 'audited');
      assert.equal(bucket.objects?.stoppedBy, 'deadline', bucket.bucket);
    }
    const outOfTime = report.findings.filter((finding) => finding.evidence?.kind === 'time-budget');
    assert.deepEqual(outOfTime, [], 'the diagnosis and the metrics were not squeezed out');
    const codes = report.findings.map((finding) => finding.code);
    assert.ok(codes.includes('REPLICATION_OPERATIONS_FAILED'), 'the metrics were read');
  });
});
