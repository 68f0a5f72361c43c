import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import {
  checkReplicationMetrics,
  coverageKey,
  type MetricsReader,
} from '../../../shared/audit/metrics/check-replication-metrics.js';
import type { MetricQueryPlan } from '../../../shared/audit/metrics/metric-queries.js';
import type { MetricReadProblem } from '../../../shared/audit/metrics/metric-read.js';
import { createCloudWatchMetricsReader } from '../../../shared/aws/cloudwatch-metrics-reader.js';
import { fixedClock } from '../../../shared/model/clock.js';
import {
  crrTarget,
  healthyValues,
  problemIn,
  readResultFor,
  type SeriesValues,
} from '../../helpers/metrics.js';

/** A reader answering from per-target values, recording the plans it was given. */
function fakeReader(
  values: SeriesValues[],
  problemsFor: (plan: MetricQueryPlan) => MetricReadProblem[] = () => [],
) {
  const plans: MetricQueryPlan[] = [];
  const reader: MetricsReader = {
    async read(plan) {
      plans.push(plan);
      return readResultFor(plan, values, problemsFor(plan));
    },
  };
  return { reader, plans };
}

const clock = () => fixedClock('2026-11-22T12:00:30Z');

describe('checkReplicationMetrics', () => {
  it('reads the configured window ending at the last whole minute', async () => {
    const { reader, plans } = fakeReader([healthyValues()]);

    const outcome = await checkReplicationMetrics({
      targets: [crrTarget()],
      reader,
      clock: clock(),
      thresholds: { windowMinutes: 30 },
    });

    assert.equal(plans[0]?.startTime.toISOString(), '2026-11-22T11:30:00.000Z');
    assert.equal(plans[0]?.endTime.toISOString(), '2026-11-22T12:00:00.000Z');
    assert.deepEqual(outcome.findings, []);
    assert.equal(outcome.requests, 2);
  });

  it('reports what it read per rule, leaving out what it could not read', async () => {
    const targets = [crrTarget(), crrTarget({ ruleId: 'to-archive', destinationBucket: 'archive' })];
    const { reader } = fakeReader([healthyValues(), healthyValues()], (plan) => [
      problemIn(plan, 'us-east-1', 'throttled'),
    ]);

    const outcome = await checkReplicationMetrics({ targets, reader, clock: clock() });

    assert.deepEqual(outcome.coverage.get(coverageKey(targets[1] ?? crrTarget())), {
      metricsRead: ['ReplicationLatency', 'BytesPendingReplication', 'OperationsPendingReplication'],
      regions: ['us-west-2'],
    });
    assert.deepEqual(
      outcome.findings.map((finding) => [finding.code, finding.ruleId]),
      [
        ['MONITOR_CHECK_INCOMPLETE', 'to-dr'],
        ['MONITOR_CHECK_INCOMPLETE', 'to-archive'],
      ],
    );
  });

  it('applies threshold and severity overrides', async () => {
    const latency = Array.from({ length: 60 }, () => 120);
    const { reader } = fakeReader([{ ...healthyValues(), ReplicationLatency: latency }]);

    const outcome = await checkReplicationMetrics({
      targets: [crrTarget()],
      reader,
      clock: clock(),
      thresholds: { latencyThresholdSeconds: 60 },
      severityOverrides: { REPLICATION_LATENCY_HIGH: 'critical' },
    });

    assert.deepEqual(
      outcome.findings.map((finding) => [finding.code, finding.severity, finding.threshold]),
      [['REPLICATION_LATENCY_HIGH', 'critical', 60]],
    );
  });

  it('makes no call when no rule has metrics', async () => {
    const { reader, plans } = fakeReader([]);

    const outcome = await checkReplicationMetrics({ targets: [], reader, clock: clock() });

    assert.equal(plans.length, 0);
    assert.deepEqual(outcome, { findings: [], coverage: new Map(), requests: 0 });
  });

  it('refuses a threshold that cannot be used, naming it', async () => {
    const { reader } = fakeReader([]);

    await assert.rejects(
      checkReplicationMetrics({
        targets: [crrTarget()],
        reader,
        clock: clock(),
        thresholds: { windowMinutes: 0 },
      }),
      { name: 'RangeError', message: /thresholds\.windowMinutes/ },
    );
  });

  it('turns an AccessDenied from CloudWatch into MONITOR_ACCESS_DENIED and still checks failures', async () => {
    const west = new CloudWatchClient({ region: 'us-west-2' });
    const east = new CloudWatchClient({ region: 'us-east-1' });
    mockClient(west)
      .on(GetMetricDataCommand)
      .rejects(Object.assign(new Error('not authorized'), { name: 'AccessDenied' }));
    mockClient(east)
      .on(GetMetricDataCommand)
      .resolves({
        MetricDataResults: [
          {
            Id: 't0_failed',
            Timestamps: [new Date('2026-11-22T11:59:00Z')],
            Values: [5],
            StatusCode: 'Complete',
          },
        ],
      });
    const reader = createCloudWatchMetricsReader((region) => (region === 'us-west-2' ? west : east));

    const outcome = await checkReplicationMetrics({ targets: [crrTarget()], reader, clock: clock() });

    assert.deepEqual(
      outcome.findings.map((finding) => [finding.code, finding.region]),
      [
        ['REPLICATION_OPERATIONS_FAILED', 'us-east-1'],
        ['MONITOR_ACCESS_DENIED', 'us-west-2'],
      ],
    );
    assert.deepEqual(outcome.coverage.get('src-bucket/to-dr'), {
      metricsRead: ['OperationsFailedReplication'],
      regions: ['us-east-1'],
    });
  });
});
