import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backlogGrowth } from '../../../shared/audit/metrics/metric-backlog.js';
import {
  DEFAULT_METRIC_THRESHOLDS,
  evaluateReplicationMetrics,
  type MetricThresholds,
} from '../../../shared/audit/metrics/metric-checks.js';
import { planMetricQueries } from '../../../shared/audit/metrics/metric-queries.js';
import {
  crrTarget,
  healthyValues,
  readResultFor,
  type SeriesValues,
  WINDOW_END,
} from '../../helpers/metrics.js';

const GiB = 1024 ** 3;

function evaluate(values: SeriesValues, thresholds: Partial<MetricThresholds> = {}, overrides = {}) {
  const plan = planMetricQueries([crrTarget()], { end: WINDOW_END, minutes: 60 });
  return evaluateReplicationMetrics(plan, readResultFor(plan, [values]), {
    thresholds: { ...DEFAULT_METRIC_THRESHOLDS, ...thresholds },
    severityOverrides: overrides,
  });
}

const flat = (value: number, length = 60) => Array.from({ length }, () => value);
const codes = (findings: { code: string }[]) => findings.map((finding) => finding.code);

describe('evaluateReplicationMetrics', () => {
  it('reports nothing for a healthy rule without failure datapoints', () => {
    assert.deepEqual(evaluate(healthyValues()), []);
  });

  it('does not flag latency exactly at the threshold', () => {
    const values = { ...healthyValues(), ReplicationLatency: [...flat(10, 59), 900] };

    assert.deepEqual(evaluate(values), []);
  });

  it('flags the maximum latency of the last five minutes above 900 s, with its Region and datapoints', () => {
    const values = { ...healthyValues(), ReplicationLatency: [...flat(10, 55), 300, 1200, 901, 600, 400] };

    const [finding] = evaluate(values);

    assert.equal(finding?.code, 'REPLICATION_LATENCY_HIGH');
    assert.equal(finding?.severity, 'warning');
    assert.equal(finding?.metric, 'ReplicationLatency');
    assert.equal(finding?.observed, 1200);
    assert.equal(finding?.threshold, 900);
    assert.equal(finding?.region, 'us-west-2');
    assert.equal(finding?.ruleId, 'to-dr');
    assert.equal(finding?.destinationBucket, 'dst-bucket');
    assert.equal((finding?.evidence?.datapoints as unknown[] | undefined)?.length, 5);
    assert.match(finding?.remediation ?? '', /aws cloudwatch get-metric-data --region us-west-2/);
    assert.match(finding?.remediation ?? '', /1 Gbps/);
  });

  it('ignores high latency that ended before the lookback', () => {
    const values = { ...healthyValues(), ReplicationLatency: [...flat(2000, 30), ...flat(10, 30)] };

    assert.deepEqual(evaluate(values), []);
  });

  it('counts back from the latest datapoint when the last minutes are not published yet', () => {
    const values = {
      ...healthyValues(),
      ReplicationLatency: [...flat(10, 50), 1500, ...flat(10, 3), null, null, null, null, null, null],
    };

    const findings = evaluate(values, { latencyLookbackMinutes: 5 });

    assert.deepEqual(codes(findings), ['REPLICATION_LATENCY_HIGH']);
  });

  it('flags failed operations in the source Region as critical', () => {
    const values = { ...healthyValues(), OperationsFailedReplication: [null, 2, null, 1] };

    const [finding] = evaluate(values);

    assert.equal(finding?.code, 'REPLICATION_OPERATIONS_FAILED');
    assert.equal(finding?.severity, 'critical');
    assert.equal(finding?.observed, 3);
    assert.equal(finding?.threshold, 0);
    assert.equal(finding?.region, 'us-east-1');
    assert.match(finding?.remediation ?? '', /--region us-east-1/);
  });

  it('sums failures over the failure lookback only', () => {
    const values = { ...healthyValues(), OperationsFailedReplication: [4, ...flat(0, 29)] };

    assert.deepEqual(evaluate(values, { failedLookbackMinutes: 15 }), []);
    assert.deepEqual(codes(evaluate(values)), ['REPLICATION_OPERATIONS_FAILED']);
  });

  it('applies severity overrides', () => {
    const values = { ...healthyValues(), OperationsFailedReplication: [1] };

    assert.equal(evaluate(values, {}, { REPLICATION_OPERATIONS_FAILED: 'warning' })[0]?.severity, 'warning');
  });
});

describe('evaluateReplicationMetrics: backlog', () => {
  it('does not flag pending operations exactly at the threshold', () => {
    const values = { ...healthyValues(), OperationsPendingReplication: [...flat(5, 59), 10_000] };

    assert.deepEqual(evaluate(values), []);
  });

  it('flags the latest pending operations above the threshold and says which rule triggered', () => {
    const values = { ...healthyValues(), OperationsPendingReplication: [...flat(5, 59), 10_001] };

    const [finding] = evaluate(values);

    assert.equal(finding?.code, 'REPLICATION_BACKLOG');
    assert.equal(finding?.metric, 'OperationsPendingReplication');
    assert.equal(finding?.observed, 10_001);
    assert.equal(finding?.region, 'us-west-2');
    assert.deepEqual(finding?.evidence?.triggers, ['operations-threshold']);
    assert.match(finding?.message ?? '', /10,001 operations pending, above 10,000/);
  });

  it('flags pending bytes above the threshold', () => {
    const values = { ...healthyValues(), BytesPendingReplication: [...flat(GiB, 59), 101 * GiB] };

    const [finding] = evaluate(values);

    assert.equal(finding?.metric, 'BytesPendingReplication');
    assert.deepEqual(finding?.evidence?.triggers, ['bytes-threshold']);
    assert.match(finding?.message ?? '', /101 GiB pending/);
  });

  it('flags pending operations that grow through the window', () => {
    const rising = Array.from({ length: 60 }, (_, minute) => 100 + minute * 15 - (minute % 6 === 0 ? 20 : 0));

    const [finding] = evaluate({ ...healthyValues(), OperationsPendingReplication: rising });

    assert.equal(finding?.code, 'REPLICATION_BACKLOG');
    assert.deepEqual(finding?.evidence?.triggers, ['operations-growth']);
    assert.match(finding?.message ?? '', /rose in \d+ of 59 steps, from 80 to 985/);
  });

  it('does not flag steady growth that stays within 50%', () => {
    const rising = Array.from({ length: 60 }, (_, minute) => 1000 + minute);

    assert.deepEqual(evaluate({ ...healthyValues(), OperationsPendingReplication: rising }), []);
  });

  it('does not flag a backlog that rises and drains', () => {
    const sawtooth = Array.from({ length: 60 }, (_, minute) => (minute % 2 === 0 ? 10 + minute * 10 : 5));

    assert.deepEqual(evaluate({ ...healthyValues(), OperationsPendingReplication: sawtooth }), []);
  });

  it('judges growth over the datapoints that exist, never reading a gap as zero', () => {
    const gappy = [10, null, 20, null, 30, null, 40];

    const [finding] = evaluate({ ...healthyValues(), OperationsPendingReplication: gappy });

    assert.deepEqual(finding?.evidence?.triggers, ['operations-growth']);
  });
});

describe('evaluateReplicationMetrics: missing datapoints', () => {
  it('reports one info finding listing every empty metric and the Region queried, and nothing else', () => {
    const findings = evaluate({});

    assert.deepEqual(codes(findings), ['REPLICATION_METRICS_MISSING']);
    const [finding] = findings;
    assert.equal(finding?.severity, 'info');
    assert.equal(finding?.region, 'us-west-2');
    assert.deepEqual(finding?.evidence?.missingMetrics, [
      'ReplicationLatency',
      'BytesPendingReplication',
      'OperationsPendingReplication',
    ]);
    assert.match(finding?.message ?? '', /unknown, not zero/);
    assert.match(finding?.remediation ?? '', /15 minutes/);
  });

  it('lists only the metric that came back empty', () => {
    const findings = evaluate({ ...healthyValues(), BytesPendingReplication: [] });

    assert.deepEqual(findings[0]?.evidence?.missingMetrics, ['BytesPendingReplication']);
  });

  it('does not treat missing failure datapoints alone as missing metrics', () => {
    assert.deepEqual(evaluate({ ...healthyValues(), OperationsFailedReplication: [] }), []);
  });
});

describe('backlogGrowth', () => {
  const thresholds = DEFAULT_METRIC_THRESHOLDS;

  it('needs at least 80% of steps rising', () => {
    // 5 steps, 4 rising (80%); 0 → 40 is more than max(10, 0).
    assert.equal(backlogGrowth([0, 10, 20, 15, 30, 40], thresholds)?.grew, true);
    // 5 steps, 3 rising (60%).
    assert.equal(backlogGrowth([0, 10, 5, 15, 10, 40], thresholds)?.grew, false);
  });

  it('needs a rise of more than 10 from a small start', () => {
    assert.equal(backlogGrowth([0, 5, 10], thresholds)?.grew, false);
    assert.equal(backlogGrowth([0, 5, 11], thresholds)?.grew, true);
  });

  it('needs a rise of more than 50% from a large start', () => {
    assert.equal(backlogGrowth([100, 120, 150], thresholds)?.grew, false);
    assert.equal(backlogGrowth([100, 120, 151], thresholds)?.grew, true);
  });

  it('gives no verdict from fewer than three datapoints', () => {
    assert.equal(backlogGrowth([0, 1000], thresholds), undefined);
  });
});
