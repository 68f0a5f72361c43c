import { type Finding, type SeverityOverrides, severityOf } from '../../model/findings.js';
import { checkBacklog } from './metric-backlog.js';
import type { CheckContext, FindingBuilder, TargetSeries } from './metric-check-context.js';
import { DESTINATION_METRICS, type MetricQueryPlan, type MetricTarget } from './metric-queries.js';
import type { MetricReadResult, MetricSeries } from './metric-read.js';
import {
  datapoints,
  describeTarget,
  formatNumber,
  slowReplicationRemediation,
  viewMetricCommand,
} from './metric-remediation.js';
import type { MetricThresholds } from './metric-thresholds.js';

export type { CheckContext, FindingBuilder, FindingFields, TargetSeries } from './metric-check-context.js';
export { DEFAULT_METRIC_THRESHOLDS, type MetricThresholds, resolveThresholds } from './metric-thresholds.js';

export interface MetricEvaluationOptions {
  thresholds: MetricThresholds;
  severityOverrides?: SeverityOverrides;
}

/** What one rule's metrics showed: a series per metric read; unread metrics are absent. */

const NO_DATAPOINTS: MetricSeries = { timestamps: [], values: [] };

/**
 * Series per target: an unread query (a read problem) stays absent, so nothing below can mistake
 * it for healthy; a read query without datapoints is an empty series, never zeros.
 */
export function seriesByTarget(plan: MetricQueryPlan, result: MetricReadResult): TargetSeries[] {
  const unread = new Set(result.problems.flatMap((problem) => problem.queryIds));
  const byTarget = plan.targets.map((): TargetSeries => ({}));
  for (const query of plan.queries.values()) {
    const series = byTarget[query.targetIndex];
    if (series === undefined || unread.has(query.id)) continue;
    series[query.metric] = result.series.get(query.id) ?? NO_DATAPOINTS;
  }
  return byTarget;
}

/** Latency, backlog, failures and missing data for every target whose metrics were read. */
export function evaluateReplicationMetrics(
  plan: MetricQueryPlan,
  result: MetricReadResult,
  options: MetricEvaluationOptions,
): Finding[] {
  const build = findingBuilder(options.severityOverrides);
  return seriesByTarget(plan, result).flatMap((series, index) => {
    const target = plan.targets[index] as MetricTarget;
    const context = { plan, target, thresholds: options.thresholds, build };
    return [
      checkLatency(context, series),
      checkBacklog(context, series),
      checkFailed(context, series),
      checkMissing(context, series),
    ].filter((finding): finding is Finding => finding !== undefined);
  });
}

export function findingBuilder(overrides: SeverityOverrides = {}): FindingBuilder {
  return (code, target, fields) => ({
    code,
    severity: severityOf(code, overrides),
    sourceBucket: target.sourceBucket,
    ruleId: target.ruleId,
    destinationBucket: target.destinationBucket,
    ...fields,
  });
}

function since(series: MetricSeries, fromMs: number): MetricSeries {
  const keep = series.timestamps.map((timestamp) => timestamp.getTime() >= fromMs);
  return {
    timestamps: series.timestamps.filter((_, i) => keep[i]),
    values: series.values.filter((_, i) => keep[i]),
  };
}

// Anchored at the latest datapoint, not the clock: S3 metrics arrive late and best-effort, and a
// lag of a few minutes must not turn the recent datapoints into none.
function checkLatency({ plan, target, thresholds, build }: CheckContext, series: TargetSeries) {
  const latest = series.ReplicationLatency?.timestamps.at(-1);
  if (series.ReplicationLatency === undefined || latest === undefined) return undefined;
  const recent = since(
    series.ReplicationLatency,
    latest.getTime() - (thresholds.latencyLookbackMinutes - 1) * 60_000,
  );
  const observed = Math.max(...recent.values);
  if (!(observed > thresholds.latencyThresholdSeconds)) return undefined;
  const region = target.destinationRegion;
  return build('REPLICATION_LATENCY_HIGH', target, {
    metric: 'ReplicationLatency',
    observed,
    threshold: thresholds.latencyThresholdSeconds,
    region,
    message: `Replication for ${describeTarget(target)} is ${formatNumber(observed)} s behind, above the ${formatNumber(thresholds.latencyThresholdSeconds)} s threshold (maximum ReplicationLatency over the latest ${thresholds.latencyLookbackMinutes} minutes of datapoints, ${region}).`,
    remediation: `${slowReplicationRemediation(target)} View the metric: ${viewMetricCommand(plan, target, 'ReplicationLatency', 'Maximum', region)}`,
    evidence: {
      statistic: 'Maximum',
      lookbackMinutes: thresholds.latencyLookbackMinutes,
      datapoints: datapoints(recent),
    },
  });
}

// Failures are only published when they happen, so here the clock-anchored window is right.
function checkFailed({ plan, target, thresholds, build }: CheckContext, series: TargetSeries) {
  if (series.OperationsFailedReplication === undefined) return undefined;
  const recent = since(
    series.OperationsFailedReplication,
    plan.endTime.getTime() - thresholds.failedLookbackMinutes * 60_000,
  );
  const observed = recent.values.reduce((total, value) => total + value, 0);
  if (!(observed > 0)) return undefined;
  const region = target.sourceRegion;
  return build('REPLICATION_OPERATIONS_FAILED', target, {
    metric: 'OperationsFailedReplication',
    observed,
    threshold: 0,
    region,
    message: `${formatNumber(observed)} replication operations failed for ${describeTarget(target)} in the last ${thresholds.failedLookbackMinutes} minutes (OperationsFailedReplication, ${region}).`,
    remediation: `S3 reports each failure as an s3:Replication:OperationFailedReplication event with its failureReason (see the monitor's event alerts): fix the cause it names (role permissions, KMS, destination settings), then re-replicate the FAILED objects with S3 Batch Replication (ObjectReplicationStatuses FAILED). View the metric: ${viewMetricCommand(plan, target, 'OperationsFailedReplication', 'Sum', region)}`,
    evidence: {
      statistic: 'Sum',
      lookbackMinutes: thresholds.failedLookbackMinutes,
      datapoints: datapoints(recent),
    },
  });
}

// OperationsFailedReplication is absent whenever nothing replicates (https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html): only the
// destination metrics, which are always published, reveal metrics that do not arrive.
function checkMissing({ plan, target, thresholds, build }: CheckContext, series: TargetSeries) {
  const empty = DESTINATION_METRICS.filter((metric) => series[metric]?.values.length === 0);
  if (empty.length === 0) return undefined;
  const region = target.destinationRegion;
  return build('REPLICATION_METRICS_MISSING', target, {
    metric: empty.join(','),
    region,
    message: `CloudWatch returned no datapoints for ${empty.join(', ')} of ${describeTarget(target)} in ${region} over the last ${thresholds.windowMinutes} minutes although metrics are enabled: its health is unknown, not zero.`,
    remediation: `If replication metrics or RTC were enabled in the last 15 minutes, wait: CloudWatch starts reporting about 15 minutes later. Otherwise confirm the rule still has Destination.Metrics Status Enabled (aws s3api get-bucket-replication --bucket ${target.sourceBucket}) and that ${target.destinationBucket} still exists in ${region}; metrics are best-effort and billed as custom metrics. View the metric: ${viewMetricCommand(plan, target, empty[0] ?? 'ReplicationLatency', 'Maximum', region)}`,
    evidence: { missingMetrics: empty, region, windowMinutes: thresholds.windowMinutes },
  });
}
