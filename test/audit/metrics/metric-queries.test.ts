import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  alignWindow,
  type MetricTarget,
  metricTargetsFor,
  planMetricQueries,
} from '../../../shared/audit/metrics/metric-queries.js';
import { normaliseRule, type ReplicationRuleInput } from '../../../shared/model/replication-rules.js';

function crrTarget(index = 0): MetricTarget {
  return {
    sourceBucket: 'src-bucket',
    sourceRegion: 'us-east-1',
    destinationBucket: 'dst-bucket',
    destinationRegion: 'us-west-2',
    ruleId: `rule-${index}`,
  };
}

const window = () => ({ end: new Date('2026-11-22T12:00:00Z'), minutes: 60 });

describe('planMetricQueries', () => {
  it('asks the destination Region for latency and pending metrics and the source Region for failures', () => {
    const plan = planMetricQueries([crrTarget()], window());

    const placed = [...plan.queries.values()].map((query) => [query.metric, query.stat, query.region]);
    assert.deepEqual(placed, [
      ['ReplicationLatency', 'Maximum', 'us-west-2'],
      ['BytesPendingReplication', 'Maximum', 'us-west-2'],
      ['OperationsPendingReplication', 'Maximum', 'us-west-2'],
      ['OperationsFailedReplication', 'Sum', 'us-east-1'],
    ]);
    assert.deepEqual(
      plan.batches.map((batch) => [batch.region, batch.queries.length]),
      [
        ['us-west-2', 3],
        ['us-east-1', 1],
      ],
    );
    assert.equal(plan.namespace, 'AWS/S3');
    assert.equal(plan.periodSeconds, 60);
  });

  it('uses bucket names and the rule id as the three dimensions', () => {
    const plan = planMetricQueries([crrTarget()], window());

    for (const query of plan.queries.values()) {
      assert.deepEqual(query.dimensions, [
        { name: 'SourceBucket', value: 'src-bucket' },
        { name: 'DestinationBucket', value: 'dst-bucket' },
        { name: 'RuleId', value: 'rule-0' },
      ]);
    }
  });

  it('gives every query a unique CloudWatch-valid id that maps back to its target and metric', () => {
    const targets = [crrTarget(0), { ...crrTarget(1), ruleId: 'Rule with spaces/and "quotes"' }];
    const plan = planMetricQueries(targets, window());

    const ids = plan.batches.flatMap((batch) => batch.queries.map((query) => query.id));
    assert.equal(new Set(ids).size, 8);
    for (const id of ids) assert.match(id, /^[a-z][a-zA-Z0-9_]*$/);
    const query = plan.queries.get('t1_failed');
    assert.equal(query?.metric, 'OperationsFailedReplication');
    assert.equal(plan.targets[query?.targetIndex ?? -1]?.ruleId, 'Rule with spaces/and "quotes"');
  });

  it('splits 170 cross-Region rules into 2 destination calls (500 + 10) and 1 source call (170)', () => {
    const plan = planMetricQueries(
      Array.from({ length: 170 }, (_, index) => crrTarget(index)),
      window(),
    );

    assert.equal(plan.queries.size, 680);
    assert.deepEqual(
      plan.batches.map((batch) => [batch.region, batch.queries.length]),
      [
        ['us-west-2', 500],
        ['us-west-2', 10],
        ['us-east-1', 170],
      ],
    );
  });

  it('splits 170 same-Region rules into 2 calls of 500 and 180', () => {
    const targets = Array.from({ length: 170 }, (_, index) => ({
      ...crrTarget(index),
      destinationRegion: 'us-east-1',
    }));

    const plan = planMetricQueries(targets, window());

    assert.deepEqual(
      plan.batches.map((batch) => [batch.region, batch.queries.length]),
      [
        ['us-east-1', 500],
        ['us-east-1', 180],
      ],
    );
  });

  it('plans nothing for no targets', () => {
    assert.deepEqual(planMetricQueries([], window()).batches, []);
  });

  it('names the empty field of a target', () => {
    assert.throws(() => planMetricQueries([crrTarget(), { ...crrTarget(), ruleId: '' }], window()), {
      message: /targets\[1\]\.ruleId/,
    });
  });
});

describe('alignWindow', () => {
  it('ends on the last whole minute and starts the window length before it', () => {
    const aligned = alignWindow({ end: new Date('2026-11-22T12:34:56.789Z'), minutes: 60 });

    assert.equal(aligned.endTime.toISOString(), '2026-11-22T12:34:00.000Z');
    assert.equal(aligned.startTime.toISOString(), '2026-11-22T11:34:00.000Z');
  });

  it('refuses a window that is not a whole number of minutes within 1-minute retention', () => {
    const end = new Date('2026-11-22T12:00:00Z');
    for (const minutes of [0, 1.5, 15 * 24 * 60 + 1]) {
      assert.throws(() => alignWindow({ end, minutes }), { name: 'RangeError', message: /window\.minutes/ });
    }
  });
});

describe('metricTargetsFor', () => {
  const rule = (overrides: ReplicationRuleInput, index = 0) =>
    normaliseRule(
      {
        ID: `rule-${index}`,
        Status: 'Enabled',
        Filter: {},
        Destination: { Bucket: 'arn:aws:s3:::dst-bucket', Metrics: { Status: 'Enabled' } },
        ...overrides,
      },
      index,
    );

  it('keeps enabled rules with metrics and reports those whose destination Region is unknown', () => {
    const rules = [
      rule({}, 0),
      rule({ Status: 'Disabled' }, 1),
      rule({ Destination: { Bucket: 'arn:aws:s3:::dst-bucket' } }, 2),
      rule({ Destination: { Bucket: 'arn:aws:s3:::elsewhere', Metrics: { Status: 'Enabled' } } }, 3),
    ];

    const { targets, unresolved } = metricTargetsFor(
      { bucket: 'src-bucket', region: 'us-east-1' },
      rules,
      (bucket) => (bucket === 'dst-bucket' ? 'us-west-2' : undefined),
    );

    assert.deepEqual(targets, [crrTarget(0)]);
    assert.deepEqual(
      unresolved.map((entry) => entry.id),
      ['rule-3'],
    );
  });
});
