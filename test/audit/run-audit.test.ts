import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditAndAlert } from '../../shared/audit/audit-and-alert.js';
import type { AuditDependencies } from '../../shared/audit/audit-dependencies.js';
import { createInMemoryBucketLeases } from '../../shared/audit/bucket-leases.js';
import type { S3BucketReader } from '../../shared/audit/bucket-reader.js';
import type { MetricsReader } from '../../shared/audit/metrics/check-replication-metrics.js';
import { runAudit } from '../../shared/audit/run-audit.js';
import { createInMemoryAuditStateStore } from '../../shared/audit/sampling/audit-state.js';
import type { ObjectReader } from '../../shared/audit/sampling/object-reader.js';
import { loadConfig } from '../../shared/config/config.js';
import { fixedClock } from '../../shared/model/clock.js';
import { type Observed, observed, type ReadProblem, unobserved } from '../../shared/model/observed.js';
import type { ReplicationConfigurationInput } from '../../shared/model/replication-rules.js';

/**
 * The audit runner on in-memory ports: which buckets it audits, how it reports what it could not
 * reach or read, and what it records of the metrics, with no simulator in between.
 */

const NOW = new Date('2026-11-22T12:00:00Z');
const ROLE = 'arn:aws:iam::111122223333:role/replication';

interface FakeBucket {
  region: string;
  replication?: ReplicationConfigurationInput;
  /** Every read of this bucket fails with this problem. */
  refused?: ReadProblem;
  /** Reading its configuration throws (a bug, not an AWS answer). */
  throws?: boolean;
}

function replicatingTo(destination: string, metrics = true): ReplicationConfigurationInput {
  return {
    Role: ROLE,
    Rules: [
      {
        ID: 'to-dr',
        Status: 'Enabled',
        Priority: 1,
        Filter: { Prefix: '' },
        DeleteMarkerReplication: { Status: 'Disabled' },
        Destination: {
          Bucket: `arn:aws:s3:::${destination}`,
          ...(metrics ? { Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } } } : {}),
        },
      },
    ],
  };
}

function bucketReader(
  buckets: Record<string, FakeBucket>,
  listed: Observed<string[]> = observed(Object.keys(buckets)),
): S3BucketReader {
  const of = <T>(name: string, value: (bucket: FakeBucket) => T): Promise<Observed<T>> => {
    const bucket = buckets[name];
    if (bucket?.throws === true) throw new TypeError(`unexpected answer for ${name}`);
    if (bucket?.refused !== undefined) return Promise.resolve(unobserved(bucket.refused));
    return Promise.resolve(observed(value(bucket as FakeBucket)));
  };
  return {
    listBuckets: async () => listed,
    region: (name) =>
      buckets[name] === undefined
        ? Promise.resolve(observed(undefined))
        : of(name, (bucket) => bucket.region),
    replication: (name) => of(name, (bucket) => bucket.replication),
    versioning: (name) => of(name, () => 'Enabled'),
    objectLock: (name) => of(name, () => false),
    encryption: (name) => of(name, () => ({ algorithm: 'AES256', bucketKeyEnabled: false })),
    requesterPays: (name) => of(name, () => false),
    ownership: (name) => of(name, () => undefined),
    policy: (name) => of(name, () => undefined),
  };
}

/** Buckets with no objects: sampling lists one empty page. */
const emptyObjects: ObjectReader = {
  listPage: async () => ({ ok: true, value: { objects: [] } }),
  head: async () => {
    throw new Error('no object to HEAD');
  },
  tags: async () => {
    throw new Error('no object to tag');
  },
};

/** Answers every query with no datapoints, counting its calls. */
function metricsReader(): MetricsReader & { plans: number } {
  const reader = {
    plans: 0,
    read: async () => {
      reader.plans += 1;
      return { series: new Map(), problems: [], requests: 2 };
    },
  };
  return reader;
}

function dependencies(
  reader: S3BucketReader,
  overrides: Partial<AuditDependencies> & { env?: Record<string, string> } = {},
): AuditDependencies {
  const { env = {}, ...rest } = overrides;
  return {
    bucketReader: reader,
    objectReader: emptyObjects,
    metricsReader: metricsReader(),
    stateStore: createInMemoryAuditStateStore(),
    clock: fixedClock(NOW),
    deadline: () => false,
    settings: loadConfig(env).audit,
    severityOverrides: {},
    ...rest,
  };
}

const refusal = (action: string, bucket: string): ReadProblem => ({
  kind: 'access-denied',
  action,
  resource: `arn:aws:s3:::${bucket}`,
  detail: 'AccessDenied (HTTP 403): Access Denied',
});

const WORLD: Record<string, FakeBucket> = {
  'src-a': { region: 'us-east-1', replication: replicatingTo('dst-a') },
  'dst-a': { region: 'us-west-2' },
  'logs-plain': { region: 'us-east-1' },
};

describe('runAudit', () => {
  it('audits the requested buckets once each, in order, and reports a missing one', async () => {
    const report = await runAudit(
      { buckets: ['src-a', 'nope', 'src-a', 'logs-plain'] },
      dependencies(bucketReader(WORLD)),
    );

    assert.deepEqual(
      report.buckets.map((bucket) => [bucket.bucket, bucket.status]),
      [
        ['src-a', 'audited'],
        ['nope', 'not-found'],
        ['logs-plain', 'no-replication'],
      ],
    );
    assert.equal(report.startedAt, NOW.toISOString());
    const missing = report.findings.filter((finding) => finding.sourceBucket === 'nope');
    assert.deepEqual(
      missing.map((finding) => [finding.code, finding.action]),
      [['MONITOR_CHECK_INCOMPLETE', 's3:GetBucketLocation']],
    );
  });

  it('discovers the buckets that pass the filters, and lists only those that replicate', async () => {
    const report = await runAudit(
      { buckets: [] },
      dependencies(bucketReader(WORLD), { env: { AUDIT_EXCLUDE: 'dst-*' } }),
    );

    assert.deepEqual(
      report.buckets.map((bucket) => bucket.bucket),
      ['src-a'],
    );
    assert.deepEqual(
      report.findings.filter((finding) => finding.code.startsWith('MONITOR_')),
      [],
    );
  });

  it('reports a refused bucket listing as MONITOR_ACCESS_DENIED for the account, not as no buckets', async () => {
    const refused = unobserved<string[]>({ ...refusal('s3:ListAllMyBuckets', '*'), resource: '*' });
    const report = await runAudit({ buckets: [] }, dependencies(bucketReader(WORLD, refused)));

    assert.deepEqual(report.buckets, []);
    assert.deepEqual(
      report.findings.map((finding) => [finding.code, finding.sourceBucket, finding.action]),
      [['MONITOR_ACCESS_DENIED', '*', 's3:ListAllMyBuckets']],
    );
  });

  it('reports an unreadable bucket and still audits the others', async () => {
    const world = {
      ...WORLD,
      locked: { region: 'us-east-1', refused: refusal('s3:GetBucketLocation', 'locked') },
    };
    const report = await runAudit({ buckets: ['locked', 'src-a'] }, dependencies(bucketReader(world)));

    assert.deepEqual(
      report.buckets.map((bucket) => [bucket.bucket, bucket.status]),
      [
        ['locked', 'unreadable'],
        ['src-a', 'audited'],
      ],
    );
    const locked = report.findings.filter((finding) => finding.sourceBucket === 'locked');
    assert.deepEqual(
      locked.map((finding) => [finding.code, finding.action]),
      [['MONITOR_ACCESS_DENIED', 's3:GetBucketLocation']],
    );
  });

  it('turns an unexpected error in one bucket into a failed bucket and an incomplete check, not a failed run', async () => {
    const world = { ...WORLD, broken: { region: 'us-east-1', throws: true } };
    const report = await runAudit({ buckets: ['broken', 'src-a'] }, dependencies(bucketReader(world)));

    const broken = report.buckets.find((bucket) => bucket.bucket === 'broken');
    assert.equal(broken?.status, 'failed');
    assert.match(broken?.checksSkipped[0] ?? '', /^audit failed: TypeError: unexpected answer for broken/);
    assert.deepEqual(
      report.findings.filter((finding) => finding.sourceBucket === 'broken').map((finding) => finding.code),
      ['MONITOR_CHECK_INCOMPLETE'],
    );
    assert.equal(report.buckets.find((bucket) => bucket.bucket === 'src-a')?.status, 'audited');
  });

  it('reads the metrics of every bucket in one pass and records what each rule read', async () => {
    const world = {
      ...WORLD,
      'src-b': { region: 'eu-west-1', replication: replicatingTo('dst-b', false) },
      'dst-b': { region: 'eu-central-1' },
    };
    const metrics = metricsReader();
    const report = await runAudit(
      { buckets: ['src-a', 'src-b'] },
      dependencies(bucketReader(world), { metricsReader: metrics }),
    );

    assert.equal(metrics.plans, 1);
    assert.equal(report.metricRequests, 2);
    const rules = Object.fromEntries(
      report.buckets.map((bucket) => [
        bucket.bucket,
        bucket.rules.map((rule) => rule.metricsRead.length > 0),
      ]),
    );
    assert.deepEqual(rules, { 'src-a': [true], 'src-b': [false] }, 'src-b has no metrics enabled');
  });

  it('skips the metrics when the deadline passes after the buckets, and says so per bucket', async () => {
    let asked = 0;
    const metrics = metricsReader();
    const report = await runAudit(
      { buckets: ['src-a'] },
      dependencies(bucketReader(WORLD), {
        metricsReader: metrics,
        // Before the bucket: in time; before the metrics: out of time (sampling has its own clock).
        deadline: () => {
          asked += 1;
          return asked > 1;
        },
        samplingTimeLeftMs: () => 60_000,
      }),
    );

    assert.equal(metrics.plans, 0);
    assert.equal(report.metricRequests, 0);
    const budget = report.findings.filter((finding) => finding.evidence?.kind === 'time-budget');
    assert.deepEqual(
      budget.map((finding) => [finding.sourceBucket, finding.evidence?.checks]),
      [['src-a', ['the replication metrics']]],
    );
    assert.ok(
      report.buckets[0]?.checksSkipped.includes(
        'replication metrics: the time budget ran out before they were read',
      ),
    );
  });

  it('reports a requested bucket the deadline kept it from as skipped, every check named', async () => {
    const report = await runAudit(
      { buckets: ['src-a'] },
      dependencies(bucketReader(WORLD), { deadline: () => true }),
    );

    assert.deepEqual(
      report.buckets.map((bucket) => [bucket.bucket, bucket.status]),
      [['src-a', 'skipped']],
    );
    assert.deepEqual(
      report.findings.map((finding) => finding.evidence?.checks),
      [['the replication configuration', 'the objects', 'the role and KMS keys', 'the metrics']],
    );
  });

  it('says the role and KMS diagnosis was not configured rather than passing it', async () => {
    const report = await runAudit({ buckets: ['src-a'] }, dependencies(bucketReader(WORLD)));

    assert.ok(
      report.buckets[0]?.checksSkipped.includes('role and KMS diagnosis: not configured for this run'),
    );
  });

  it('leaves a bucket another audit holds to it, reported as leased, and gives back its own leases', async () => {
    const held = new Map<string, { holder: string; until: number }>();
    const now = () => NOW.getTime();
    const other = createInMemoryBucketLeases(held, 'other-audit', now, 60_000);
    await other.acquire('src-a');
    const mine = createInMemoryBucketLeases(held, 'this-audit', now, 60_000);

    const outcome = await auditAndAlert(
      { buckets: ['src-a', 'logs-plain'] },
      dependencies(bucketReader(WORLD), { leases: mine }),
    );

    assert.deepEqual(
      outcome.report.buckets.map((bucket) => [bucket.bucket, bucket.status]),
      [
        ['src-a', 'leased'],
        ['logs-plain', 'no-replication'],
      ],
    );
    assert.match(
      outcome.report.buckets[0]?.checksSkipped[0] ?? '',
      /another audit of this bucket is running/,
    );
    assert.deepEqual(outcome.report.findings, [], 'nothing reported for a bucket another audit covers');
    assert.deepEqual([...held.keys()], ['src-a'], "this audit's lease of logs-plain was given back");
  });
});
