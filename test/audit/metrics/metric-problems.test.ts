import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_METRIC_THRESHOLDS,
  evaluateReplicationMetrics,
} from '../../../shared/audit/metrics/metric-checks.js';
import { findingsForReadProblems } from '../../../shared/audit/metrics/metric-problems.js';
import { planMetricQueries } from '../../../shared/audit/metrics/metric-queries.js';
import { mergeTimeBudgetFindings } from '../../../shared/model/observed.js';
import { crrTarget, healthyValues, problemIn, readResultFor, WINDOW_END } from '../../helpers/metrics.js';

function twoRulePlan() {
  return planMetricQueries([crrTarget(), crrTarget({ ruleId: 'to-archive', destinationBucket: 'archive' })], {
    end: WINDOW_END,
    minutes: 60,
  });
}

describe('findingsForReadProblems', () => {
  it('reports one MONITOR_ACCESS_DENIED per source bucket and Region with the IAM statement to add', () => {
    const plan = twoRulePlan();

    const findings = findingsForReadProblems(plan, [
      problemIn(plan, 'us-west-2', 'access-denied', 'AccessDenied: no'),
    ]);

    assert.equal(findings.length, 1);
    const [finding] = findings;
    assert.equal(finding?.code, 'MONITOR_ACCESS_DENIED');
    assert.equal(finding?.severity, 'warning');
    assert.equal(finding?.sourceBucket, 'src-bucket');
    assert.equal(finding?.action, 'cloudwatch:GetMetricData');
    assert.equal(finding?.principal, 'monitor');
    assert.equal(finding?.resource, 'arn:aws:cloudwatch:us-west-2:*:*');
    assert.equal(finding?.region, 'us-west-2');
    assert.deepEqual(finding?.evidence?.rules, ['to-dr', 'to-archive']);
    assert.match(finding?.remediation ?? '', /"Action":"cloudwatch:GetMetricData","Resource":"\*"/);
    assert.match(finding?.message ?? '', /unchecked, not healthy/);
  });

  it('reports MONITOR_CHECK_INCOMPLETE per rule and Region, naming the unread metrics and why', () => {
    const plan = twoRulePlan();

    const findings = findingsForReadProblems(plan, [
      problemIn(plan, 'us-east-1', 'throttled', 'Throttling: slow'),
    ]);

    assert.deepEqual(
      findings.map((finding) => [finding.code, finding.ruleId, finding.region, finding.metric]),
      [
        ['MONITOR_CHECK_INCOMPLETE', 'to-dr', 'us-east-1', 'OperationsFailedReplication'],
        ['MONITOR_CHECK_INCOMPLETE', 'to-archive', 'us-east-1', 'OperationsFailedReplication'],
      ],
    );
    assert.match(findings[0]?.message ?? '', /throttled/);
    assert.deepEqual(findings[0]?.evidence?.details, ['Throttling: slow']);
  });

  it('reports reads abandoned at the deadline as the time budget, folded into one finding per bucket', () => {
    const plan = twoRulePlan();

    const findings = mergeTimeBudgetFindings(
      findingsForReadProblems(plan, [
        problemIn(plan, 'us-east-1', 'cut-off', 'DeadlineExceededError: the audit stopped waiting'),
        problemIn(plan, 'us-west-2', 'throttled', 'Throttling: slow'),
      ]),
    );

    const budget = findings.filter((finding) => finding.evidence?.kind === 'time-budget');
    assert.equal(budget.length, 1);
    assert.equal(budget[0]?.code, 'MONITOR_CHECK_INCOMPLETE');
    assert.equal(budget[0]?.sourceBucket, 'src-bucket');
    assert.match(
      budget[0]?.message ?? '',
      /time budget ran out before it checked .*rule to-dr .*rule to-archive/,
    );
    assert.doesNotMatch(budget[0]?.message ?? '', /failed/);
    // The throttled Region stays its own finding, with its own cause.
    assert.deepEqual(
      findings.filter((finding) => finding.evidence?.kind !== 'time-budget').map((finding) => finding.region),
      ['us-west-2', 'us-west-2'],
    );
  });

  it('applies severity overrides', () => {
    const plan = twoRulePlan();

    const [finding] = findingsForReadProblems(plan, [problemIn(plan, 'us-west-2', 'error')], {
      MONITOR_CHECK_INCOMPLETE: 'critical',
    });

    assert.equal(finding?.severity, 'critical');
  });
});

describe('evaluateReplicationMetrics with read problems', () => {
  it('gives no verdict, not even "missing", for metrics that were not read, and still judges the rest', () => {
    const plan = twoRulePlan();
    const result = readResultFor(
      plan,
      [{ OperationsFailedReplication: [3] }, { ...healthyValues(), OperationsFailedReplication: [] }],
      [problemIn(plan, 'us-west-2', 'access-denied')],
    );

    const findings = evaluateReplicationMetrics(plan, result, { thresholds: DEFAULT_METRIC_THRESHOLDS });

    assert.deepEqual(
      findings.map((finding) => [finding.code, finding.ruleId]),
      [['REPLICATION_OPERATIONS_FAILED', 'to-dr']],
    );
  });
});
