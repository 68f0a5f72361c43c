import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type AuditStateStore,
  compareKeys,
  createInMemoryAuditStateStore,
} from '../../../shared/audit/sampling/audit-state.js';
import type {
  ObjectReader,
  ObjectReadProblem,
  ReplicationStatus,
} from '../../../shared/audit/sampling/object-reader.js';
import { type SampleObjectsInput, sampleObjects } from '../../../shared/audit/sampling/sample-objects.js';
import { fixedClock } from '../../../shared/model/clock.js';
import { StoreCallError } from '../../../shared/model/errors.js';
import { normaliseRule, type ReplicationRuleInput } from '../../../shared/model/replication-rules.js';

const NOW = new Date('2026-11-22T12:00:00.000Z');
const secondsAgo = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);

interface FakeObject {
  key: string;
  versionId?: string;
  status?: ReplicationStatus;
  lastModified?: Date;
  tags?: Record<string, string>;
}

/** An in-memory bucket behind the ObjectReader port, recording every call. */
class FakeBucket implements ObjectReader {
  readonly objects = new Map<string, FakeObject>();
  readonly heads: string[] = [];
  readonly tagReads: string[] = [];
  readonly deniedActions = new Set<string>();
  readonly failing = new Map<string, ObjectReadProblem['kind']>();
  /** Keys whose HEAD fails with an error that may pass (a 500, a timeout, a reset). */
  readonly transient = new Set<string>();
  readonly tagFailing = new Map<string, ObjectReadProblem['kind']>();
  inFlight = 0;
  maxInFlight = 0;

  constructor(objects: FakeObject[]) {
    for (const object of objects) this.objects.set(object.key, { versionId: `${object.key}-v1`, ...object });
  }

  async listPage(input: { startAfter?: string; maxKeys: number }) {
    if (this.deniedActions.has('s3:ListBucket')) return this.problem('access-denied', 's3:ListBucket', 'src');
    const keys = [...this.objects.keys()]
      .sort(compareKeys)
      .filter((key) => input.startAfter === undefined || compareKeys(key, input.startAfter) > 0);
    const page = keys.slice(0, input.maxKeys);
    const objects = page.map((key) => ({ key, lastModified: secondsAgo(60), size: 1 }));
    const last = page.at(-1);
    return {
      ok: true as const,
      value: keys.length > page.length && last ? { objects, nextStartAfter: last } : { objects },
    };
  }

  async head(input: { key: string; versionId?: string }) {
    this.heads.push(input.key);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((resolve) => setTimeout(resolve, 1));
    this.inFlight -= 1;
    const action = input.versionId === undefined ? 's3:GetObject' : 's3:GetObjectVersion';
    const failure = this.failing.get(input.key);
    if (failure !== undefined) return this.problem(failure, action, `src/${input.key}`);
    if (this.transient.has(input.key)) {
      const failed = this.problem('error', action, `src/${input.key}`);
      return { ok: false as const, problem: { ...failed.problem, transient: true } };
    }
    if (this.deniedActions.has(action)) return this.problem('access-denied', action, `src/${input.key}`);
    const object = this.objects.get(input.key);
    if (object === undefined) return this.problem('not-found', action, `src/${input.key}`);
    const value = {
      lastModified: object.lastModified ?? secondsAgo(60),
      ...(object.status === undefined ? {} : { replicationStatus: object.status }),
      ...(object.versionId === undefined ? {} : { versionId: object.versionId }),
      tagCount: Object.keys(object.tags ?? {}).length,
    };
    return { ok: true as const, value };
  }

  async tags(input: { key: string }) {
    this.tagReads.push(input.key);
    const failure = this.tagFailing.get(input.key);
    if (failure !== undefined) return this.problem(failure, 's3:GetObjectTagging', `src/${input.key}`);
    return { ok: true as const, value: { ...this.objects.get(input.key)?.tags } };
  }

  private problem(
    kind: ObjectReadProblem['kind'],
    action: string,
    path: string,
  ): { ok: false; problem: ObjectReadProblem } {
    return {
      ok: false,
      problem: { kind, action, resource: `arn:aws:s3:::${path}`, detail: kind } as ObjectReadProblem,
    };
  }
}

function rule(overrides: Partial<ReplicationRuleInput> = {}) {
  return normaliseRule(
    {
      ID: 'to-dr',
      Status: 'Enabled',
      Priority: 1,
      Filter: { Prefix: '' },
      Destination: { Bucket: 'arn:aws:s3:::dst' },
      ...overrides,
    },
    0,
  );
}

function input(reader: FakeBucket, overrides: Partial<SampleObjectsInput> = {}): SampleObjectsInput {
  return {
    bucket: { name: 'src', region: 'eu-west-1' },
    rules: [rule()],
    reader,
    store: createInMemoryAuditStateStore(),
    clock: fixedClock(NOW),
    budget: { deadline: () => false, maxObjects: 10_000 },
    ...overrides,
  };
}

const keysOf = (count: number, status: ReplicationStatus = 'COMPLETED') =>
  Array.from({ length: count }, (_, index) => ({ key: `k${String(index).padStart(3, '0')}`, status }));

describe('sampleObjects', () => {
  it('flags PENDING only when older than the stuck threshold, with its age', async () => {
    const bucket = new FakeBucket([
      { key: 'at-threshold', status: 'PENDING', lastModified: secondsAgo(900) },
      { key: 'past-threshold', status: 'PENDING', lastModified: secondsAgo(901) },
    ]);

    const result = await sampleObjects(input(bucket));

    assert.equal(result.findings.length, 1);
    const [finding] = result.findings;
    assert.equal(finding?.code, 'OBJECT_REPLICATION_STUCK');
    assert.equal(finding?.severity, 'warning');
    assert.equal(finding?.key, 'past-threshold');
    assert.equal(finding?.versionId, 'past-threshold-v1');
    assert.equal(finding?.ageSeconds, 901);
    assert.equal(finding?.ruleId, 'to-dr');
    assert.equal(finding?.destinationBucket, 'dst');
    assert.deepEqual(result.counts['to-dr'], { PENDING: 2, COMPLETED: 0, FAILED: 0, REPLICA: 0, NONE: 0 });
  });

  it('flags FAILED as critical with the Batch Replication command for this bucket', async () => {
    const bucket = new FakeBucket([{ key: 'docs/é & +.pdf', status: 'FAILED' }]);

    const result = await sampleObjects(input(bucket));

    const [finding] = result.findings;
    assert.equal(finding?.code, 'OBJECT_REPLICATION_FAILED');
    assert.equal(finding?.severity, 'critical');
    assert.equal(finding?.key, 'docs/é & +.pdf');
    assert.match(
      finding?.remediation ?? '',
      /aws s3control create-job .*"ObjectReplicationStatuses":\["FAILED"\]/,
    );
    assert.match(finding?.remediation ?? '', /arn:aws:s3:::src.*--region eu-west-1/);
    assert.deepEqual(result.state.recheck, [
      {
        key: 'docs/é & +.pdf',
        versionId: 'docs/é & +.pdf-v1',
        firstFlaggedAt: NOW.toISOString(),
        status: 'FAILED',
      },
    ]);
  });

  it('counts objects without a replication header as NONE and never flags them', async () => {
    const bucket = new FakeBucket([
      { key: 'old.txt', lastModified: secondsAgo(86_400) },
      { key: 'new.txt', status: 'REPLICA' },
    ]);

    const result = await sampleObjects(input(bucket));

    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.counts['to-dr'], { PENDING: 0, COMPLETED: 0, FAILED: 0, REPLICA: 1, NONE: 1 });
  });

  it('reads only objects in an enabled rule\u2019s prefix, and tags only when a tag rule needs them', async () => {
    const bucket = new FakeBucket([
      { key: 'logs/a', status: 'COMPLETED' },
      { key: 'data/tagged', status: 'FAILED', tags: { replicate: 'yes' } },
      { key: 'data/other-tag', status: 'COMPLETED', tags: { replicate: 'no' } },
      { key: 'data/untagged', status: 'COMPLETED' },
      { key: 'tmp/x', status: 'FAILED' },
    ]);
    const rules = [
      rule({ ID: 'logs', Filter: { Prefix: 'logs/' } }),
      rule({
        ID: 'tagged-data',
        Filter: { And: { Prefix: 'data/', Tags: [{ Key: 'replicate', Value: 'yes' }] } },
      }),
      rule({ ID: 'disabled-tmp', Status: 'Disabled', Filter: { Prefix: 'tmp/' } }),
    ];

    const result = await sampleObjects(input(bucket, { rules }));

    assert.deepEqual(bucket.heads.sort(), ['data/other-tag', 'data/tagged', 'data/untagged', 'logs/a']);
    assert.deepEqual(
      bucket.tagReads.sort(),
      ['data/other-tag', 'data/tagged'],
      'no tag read for an untagged object',
    );
    assert.deepEqual(result.counts, {
      logs: { PENDING: 0, COMPLETED: 1, FAILED: 0, REPLICA: 0, NONE: 0 },
      'tagged-data': { PENDING: 0, COMPLETED: 0, FAILED: 1, REPLICA: 0, NONE: 0 },
    });
    assert.deepEqual(
      result.findings.map((finding) => [finding.key, finding.ruleId]),
      [['data/tagged', 'tagged-data']],
    );
  });

  it('continues from the cursor so two runs cover the whole bucket exactly once, then starts over', async () => {
    const bucket = new FakeBucket(keysOf(10));
    const store = createInMemoryAuditStateStore();
    const budget = { deadline: () => false, maxObjects: 6 };

    const first = await sampleObjects(input(bucket, { store, budget, pageSize: 4 }));
    const second = await sampleObjects(input(bucket, { store, budget, pageSize: 4 }));

    assert.deepEqual(
      { stoppedBy: first.coverage.stoppedBy, complete: first.coverage.complete, cursor: first.state.cursor },
      { stoppedBy: 'maxObjects', complete: false, cursor: { afterKey: 'k005' } },
    );
    assert.deepEqual(
      { complete: second.coverage.complete, passes: second.state.passes },
      { complete: true, passes: 1 },
    );
    assert.equal(second.state.cursor, undefined);
    assert.deepEqual(
      bucket.heads,
      keysOf(10).map((object) => object.key),
    );
    await sampleObjects(input(bucket, { store, budget: { deadline: () => false, maxObjects: 1 } }));
    assert.equal(bucket.heads.at(-1), 'k000', 'the third run starts over');
  });

  it('re-checks flagged objects first, dropping those that recovered or were deleted', async () => {
    const bucket = new FakeBucket([
      { key: 'recovers', status: 'FAILED' },
      { key: 'deleted', status: 'PENDING', lastModified: secondsAgo(3600) },
      { key: 'still-failed', status: 'FAILED' },
    ]);
    const store = createInMemoryAuditStateStore();
    await sampleObjects(input(bucket, { store, clock: fixedClock(secondsAgo(60)) }));
    (bucket.objects.get('recovers') as FakeObject).status = 'COMPLETED';
    bucket.objects.delete('deleted');
    bucket.heads.length = 0;

    const result = await sampleObjects(
      input(bucket, { store, budget: { deadline: () => false, maxObjects: 0 } }),
    );

    assert.deepEqual(bucket.heads.sort(), ['deleted', 'recovers', 'still-failed']);
    assert.equal(result.coverage.rechecked, 3);
    assert.deepEqual(result.state.recheck, [
      {
        key: 'still-failed',
        versionId: 'still-failed-v1',
        firstFlaggedAt: secondsAgo(60).toISOString(),
        status: 'FAILED',
      },
    ]);
    assert.deepEqual(
      result.findings.map((finding) => finding.key),
      ['still-failed'],
    );
  });

  it('reads no object at all with re-checks off (sampling turned off), keeping the flagged ones waiting', async () => {
    const bucket = new FakeBucket([{ key: 'still-failed', status: 'FAILED' }]);
    const store = createInMemoryAuditStateStore();
    await sampleObjects(input(bucket, { store, clock: fixedClock(secondsAgo(60)) }));
    bucket.heads.length = 0;

    const result = await sampleObjects(
      input(bucket, { store, budget: { deadline: () => false, maxObjects: 0, recheck: false } }),
    );

    assert.deepEqual(bucket.heads, []);
    assert.equal(result.coverage.rechecked, 0);
    assert.deepEqual(
      result.state.recheck.map((entry) => entry.key),
      ['still-failed'],
    );
  });

  it('does not count or flag a version twice when the sweep meets an object just re-checked', async () => {
    const bucket = new FakeBucket([{ key: 'failed', status: 'FAILED' }]);
    const store = createInMemoryAuditStateStore();
    await sampleObjects(input(bucket, { store }));

    const result = await sampleObjects(input(bucket, { store }));

    assert.equal(result.coverage.rechecked, 1);
    assert.equal(result.findings.length, 1);
    assert.equal(result.counts['to-dr']?.FAILED, 1);
  });

  it('keeps the re-check list and still sweeps when only reading versions is refused', async () => {
    const bucket = new FakeBucket([
      { key: 'failed', status: 'FAILED' },
      { key: 'ok', status: 'COMPLETED' },
    ]);
    const store = createInMemoryAuditStateStore();
    await sampleObjects(input(bucket, { store }));
    bucket.deniedActions.add('s3:GetObjectVersion');

    const result = await sampleObjects(input(bucket, { store }));

    assert.equal(result.coverage.complete, true);
    assert.equal(result.state.recheck.length, 1);
    assert.deepEqual(
      result.findings.map((finding) => [finding.code, finding.action]),
      [
        ['OBJECT_REPLICATION_FAILED', undefined],
        ['MONITOR_ACCESS_DENIED', 's3:GetObjectVersion'],
      ],
    );
  });

  it('stops at the deadline with in-flight reads finished and a cursor that skips no key', async () => {
    const bucket = new FakeBucket(keysOf(20));
    const store = createInMemoryAuditStateStore();
    let checks = 0;
    const deadline = () => ++checks > 7;

    const first = await sampleObjects(
      input(bucket, { store, concurrency: 3, budget: { deadline, maxObjects: 100 } }),
    );
    const readInFirst = [...bucket.heads];
    const second = await sampleObjects(input(bucket, { store }));

    assert.equal(first.coverage.stoppedBy, 'deadline');
    assert.equal(first.coverage.complete, false);
    assert.equal(first.state.cursor?.afterKey, readInFirst.at(-1));
    assert.equal(first.coverage.examined, readInFirst.length);
    assert.deepEqual(first.findings, [], 'a deadline after some sampling is not a problem');
    assert.equal(second.coverage.complete, true);
    assert.deepEqual(
      bucket.heads,
      keysOf(20).map((object) => object.key),
    );
  });

  it('stops the sweep at its time share after the re-checks, with a cursor that skips no key', async () => {
    const bucket = new FakeBucket([{ key: 'k000', status: 'FAILED' }, ...keysOf(20).slice(1)]);
    const store = createInMemoryAuditStateStore();
    await sampleObjects(input(bucket, { store, budget: { deadline: () => false, maxObjects: 1 } }));
    bucket.heads.length = 0;
    let checks = 0;
    // The share is spent after a few sweep checks; the re-check of k000 must still run.
    const sweepSpent = () => ++checks > 5;

    const first = await sampleObjects(
      input(bucket, {
        store,
        concurrency: 2,
        budget: { deadline: () => false, maxObjects: 100, sweepSpent },
      }),
    );
    const readInFirst = [...bucket.heads];
    const second = await sampleObjects(input(bucket, { store }));

    assert.equal(first.coverage.stoppedBy, 'timeShare');
    assert.equal(first.coverage.complete, false);
    assert.equal(first.coverage.rechecked, 1, 'the re-check ran although the share was spent');
    assert.ok(first.coverage.examined > 0 && first.coverage.examined < 19, `${first.coverage.examined}`);
    assert.equal(first.state.cursor?.afterKey, readInFirst.at(-1));
    assert.deepEqual(
      first.findings.map((finding) => finding.code),
      ['OBJECT_REPLICATION_FAILED'],
      "a used share is the sweep's pace, not a problem",
    );
    assert.equal(second.coverage.complete, true);
    assert.deepEqual(
      [...readInFirst.slice(1), ...bucket.heads.slice(readInFirst.length)].filter((key) => key !== 'k000'),
      keysOf(20)
        .slice(1)
        .map((object) => object.key),
      'every key swept once over the two runs',
    );
  });

  it('reports a sweep whose share ran out before it read anything as incomplete', async () => {
    const bucket = new FakeBucket(keysOf(5));
    const result = await sampleObjects(
      input(bucket, { budget: { deadline: () => false, maxObjects: 100, sweepSpent: () => true } }),
    );

    assert.deepEqual([result.coverage.stoppedBy, result.coverage.examined], ['timeShare', 0]);
    assert.deepEqual(
      result.findings.map((finding) => finding.code),
      ['MONITOR_CHECK_INCOMPLETE'],
    );
    assert.match(
      result.findings[0]?.message ?? '',
      /share of the audit's time ran out before the sweep read any object/,
    );
  });

  it('keeps the cursor before a throttled key even when later keys were read', async () => {
    const bucket = new FakeBucket(keysOf(8));
    bucket.failing.set('k002', 'throttled');

    const result = await sampleObjects(input(bucket, { concurrency: 4 }));

    assert.equal(result.coverage.stoppedBy, 'throttled');
    assert.deepEqual(result.state.cursor, { afterKey: 'k001' });
    assert.ok(bucket.heads.includes('k003'));
    const incomplete = result.findings.filter((finding) => finding.code === 'MONITOR_CHECK_INCOMPLETE');
    assert.equal(incomplete.length, 1);
    assert.match(incomplete[0]?.message ?? '', /throttled/);
  });

  it('reports a refused HEAD once per action, not per object, with the statement to add', async () => {
    const bucket = new FakeBucket(keysOf(30));
    bucket.deniedActions.add('s3:GetObject');

    const result = await sampleObjects(input(bucket, { concurrency: 4 }));

    assert.equal(result.findings.length, 1);
    const [finding] = result.findings;
    assert.deepEqual(
      [finding?.code, finding?.principal, finding?.action, finding?.resource],
      ['MONITOR_ACCESS_DENIED', 'monitor', 's3:GetObject', 'arn:aws:s3:::src/*'],
    );
    assert.match(finding?.remediation ?? '', /"Action":"s3:GetObject","Resource":"arn:aws:s3:::src\/\*"/);
    assert.equal(result.coverage.stoppedBy, 'access-denied');
    assert.equal(result.state.cursor, undefined, 'nothing unread is passed over');
    assert.ok(bucket.heads.length <= 4, 'stops after the requests in flight');
  });

  it('reports a refused listing as one MONITOR_ACCESS_DENIED on the bucket', async () => {
    const bucket = new FakeBucket(keysOf(3));
    bucket.deniedActions.add('s3:ListBucket');

    const result = await sampleObjects(input(bucket));

    assert.deepEqual(
      result.findings.map((finding) => [finding.code, finding.action, finding.resource]),
      [['MONITOR_ACCESS_DENIED', 's3:ListBucket', 'arn:aws:s3:::src']],
    );
  });

  it('goes past an unreadable object and reports the check incomplete', async () => {
    const bucket = new FakeBucket(keysOf(3));
    bucket.failing.set('k001', 'error');

    const result = await sampleObjects(input(bucket));

    assert.equal(result.coverage.complete, true);
    assert.equal(result.coverage.unreadable, 1);
    assert.deepEqual(
      result.findings.map((finding) => finding.code),
      ['MONITOR_CHECK_INCOMPLETE'],
    );
  });

  it('reports the check incomplete when the deadline comes before any object is read', async () => {
    const bucket = new FakeBucket(keysOf(3));

    const result = await sampleObjects(input(bucket, { budget: { deadline: () => true, maxObjects: 10 } }));

    assert.equal(bucket.heads.length, 0);
    assert.deepEqual(
      result.findings.map((finding) => finding.code),
      ['MONITOR_CHECK_INCOMPLETE'],
    );
  });

  it('never has more reads in flight than the concurrency', async () => {
    const bucket = new FakeBucket(keysOf(50));

    await sampleObjects(input(bucket, { concurrency: 3 }));

    assert.equal(bucket.heads.length, 50);
    assert.equal(bucket.maxInFlight, 3);
  });

  it('saves the state it returns', async () => {
    const store: AuditStateStore = createInMemoryAuditStateStore();
    const bucket = new FakeBucket([{ key: 'f', status: 'FAILED' }]);

    const result = await sampleObjects(input(bucket, { store }));

    assert.deepEqual(await store.loadBucketState('src'), result.state);
  });

  it('rejects a concurrency that is not a positive integer, naming it', async () => {
    await assert.rejects(sampleObjects(input(new FakeBucket([]), { concurrency: 0 })), /concurrency/);
  });

  it('stops before an object whose read failed in a way that may pass, and reads it next run', async () => {
    const store = createInMemoryAuditStateStore();
    const bucket = new FakeBucket(keysOf(8));
    bucket.transient.add('k002');

    const first = await sampleObjects(input(bucket, { concurrency: 1, store }));

    assert.equal(first.coverage.stoppedBy, 'error');
    assert.equal(first.coverage.complete, false);
    assert.equal(first.coverage.unreadable, 0, 'not given up on as unreadable');
    assert.deepEqual(first.state.cursor, { afterKey: 'k001' });
    assert.deepEqual(
      first.findings.map((finding) => finding.code),
      ['MONITOR_CHECK_INCOMPLETE'],
    );
    bucket.transient.clear();
    bucket.heads.length = 0;
    const second = await sampleObjects(input(bucket, { concurrency: 1, store }));
    assert.equal(bucket.heads[0], 'k002', 'the next run starts at the object that failed');
    assert.equal(second.coverage.complete, true);
  });

  it('never says a pass is complete when a tag read was throttled on its last page', async () => {
    const store = createInMemoryAuditStateStore();
    const objects = keysOf(3).map((object) => ({ ...object, tags: { replicate: 'yes' } }));
    const bucket = new FakeBucket(objects);
    bucket.tagFailing.set('k002', 'throttled');
    const rules = [rule({ Filter: { Tag: { Key: 'replicate', Value: 'yes' } } })];

    const first = await sampleObjects(input(bucket, { rules, store }));

    assert.equal(first.coverage.stoppedBy, 'throttled');
    assert.equal(first.coverage.complete, false);
    assert.equal(first.state.passes, 0);
    assert.deepEqual(first.state.cursor, { afterKey: 'k001' }, 'the object whose tags were not read waits');
    assert.equal(first.counts['to-dr']?.COMPLETED, 2);
    bucket.tagFailing.clear();
    const second = await sampleObjects(input(bucket, { rules, store }));
    assert.equal(second.coverage.complete, true);
    assert.equal(second.state.passes, 1);
    assert.equal(second.counts['to-dr']?.COMPLETED, 1);
  });

  it('counts an object under the rules that need no tags when its tags are refused, and goes on', async () => {
    const bucket = new FakeBucket(keysOf(3).map((object) => ({ ...object, tags: { replicate: 'yes' } })));
    bucket.tagFailing.set('k001', 'access-denied');
    const rules = [
      rule({ ID: 'all' }),
      rule({ ID: 'tagged', Priority: 2, Filter: { Tag: { Key: 'replicate', Value: 'yes' } } }),
    ];

    const result = await sampleObjects(input(bucket, { rules }));

    assert.equal(result.coverage.complete, true);
    assert.equal(result.counts.all?.COMPLETED, 3);
    assert.equal(result.counts.tagged?.COMPLETED, 2);
    assert.deepEqual(
      result.findings.map((finding) => [finding.code, finding.action]),
      [['MONITOR_ACCESS_DENIED', 's3:GetObjectTagging']],
    );
  });

  describe('when the state table fails', () => {
    const refused = (action: string) =>
      new StoreCallError({
        kind: 'access-denied',
        action,
        resource: 'arn:aws:dynamodb:eu-west-1:111122223333:table/monitor',
        detail: 'AccessDeniedException',
      });
    const failingStore = (failure: { load?: Error; save?: Error }): AuditStateStore => {
      const inner = createInMemoryAuditStateStore({
        src: {
          cursor: { afterKey: 'k000' },
          recheck: [{ key: 'k001', firstFlaggedAt: '2026-11-22T09:00:00.000Z', status: 'FAILED' }],
          passes: 3,
          updatedAt: '2026-11-22T11:55:00.000Z',
        },
      });
      return {
        loadBucketState: (bucket) =>
          failure.load === undefined ? inner.loadBucketState(bucket) : Promise.reject(failure.load),
        saveBucketState: (bucket, state) =>
          failure.save === undefined ? inner.saveBucketState(bucket, state) : Promise.reject(failure.save),
      };
    };

    it('an unreadable state: samples from the start, reports the refusal with the statement, keeps every finding', async () => {
      const bucket = new FakeBucket([{ key: 'k000', status: 'FAILED' }, ...keysOf(3).slice(1)]);

      const result = await sampleObjects(
        input(bucket, { store: failingStore({ load: refused('dynamodb:GetItem') }) }),
      );

      assert.deepEqual(bucket.heads, ['k000', 'k001', 'k002'], 'swept from the start');
      assert.deepEqual(
        result.findings.map((finding) => [finding.code, finding.action ?? finding.key]),
        [
          ['MONITOR_ACCESS_DENIED', 'dynamodb:GetItem'],
          ['OBJECT_REPLICATION_FAILED', 'k000'],
        ],
      );
      assert.match(
        result.findings[0]?.remediation ?? '',
        /"Action":"dynamodb:GetItem","Resource":"arn:aws:dynamodb:eu-west-1:111122223333:table\/monitor"/,
      );
    });

    it('a failed save: reports it and keeps the run\u2019s findings', async () => {
      const bucket = new FakeBucket([{ key: 'k005', status: 'FAILED' }]);

      const result = await sampleObjects(
        input(bucket, { store: failingStore({ save: new Error('socket hang up') }) }),
      );

      assert.deepEqual(result.findings.map((finding) => finding.code).sort(), [
        'MONITOR_CHECK_INCOMPLETE',
        'OBJECT_REPLICATION_FAILED',
      ]);
      const incomplete = result.findings.find((finding) => finding.code === 'MONITOR_CHECK_INCOMPLETE');
      assert.match(incomplete?.message ?? '', /save sampling state .*socket hang up/);
    });
  });
});
