import type { Finding } from '../../model/findings.js';
import type { CheckContext, TargetSeries } from './metric-check-context.js';
import type { ReplicationMetric } from './metric-queries.js';
import {
  datapoints,
  describeTarget,
  formatBytes,
  formatNumber,
  slowReplicationRemediation,
  viewMetricCommand,
} from './metric-remediation.js';
import type { MetricThresholds } from './metric-thresholds.js';

export type BacklogTrigger = 'operations-threshold' | 'operations-growth' | 'bytes-threshold';

export interface BacklogGrowth {
  grew: boolean;
  /** Steps between consecutive datapoints, and how many of them rose. */
  steps: number;
  rising: number;
  first: number;
  last: number;
  /** The value `last` had to exceed: first + max(minimum, ratio × first). */
  required: number;
}

type GrowthThresholds = Pick<
  MetricThresholds,
  'backlogGrowthStepShare' | 'backlogGrowthMinimum' | 'backlogGrowthRatio'
>;

/**
 * The contract's growth rule over the datapoints that exist (gaps are skipped, never read as
 * zero). Fewer than three datapoints give no verdict: one rising step is a burst, not a trend.
 */
export function backlogGrowth(
  values: readonly number[],
  thresholds: GrowthThresholds,
): BacklogGrowth | undefined {
  const first = values[0];
  const last = values.at(-1);
  if (values.length < 3 || first === undefined || last === undefined) return undefined;
  const steps = values.length - 1;
  const rising = values.filter((value, index) => index > 0 && value > (values[index - 1] as number)).length;
  const required = first + Math.max(thresholds.backlogGrowthMinimum, thresholds.backlogGrowthRatio * first);
  const grew = rising / steps >= thresholds.backlogGrowthStepShare && last > required;
  return { grew, steps, rising, first, last, required };
}

/** REPLICATION_BACKLOG: pending operations or bytes above their thresholds, or operations growing. */
export function checkBacklog(context: CheckContext, series: TargetSeries): Finding | undefined {
  const { plan, target, thresholds, build } = context;
  const operations = series.OperationsPendingReplication;
  const bytes = series.BytesPendingReplication;
  const latestOperations = operations?.values.at(-1);
  const latestBytes = bytes?.values.at(-1);
  const growth = operations === undefined ? undefined : backlogGrowth(operations.values, thresholds);
  const triggered: {
    trigger: BacklogTrigger;
    metric: ReplicationMetric;
    observed: number;
    threshold: number;
    reason: string;
  }[] = [];
  if (latestOperations !== undefined && latestOperations > thresholds.pendingOperationsThreshold) {
    triggered.push({
      trigger: 'operations-threshold',
      metric: 'OperationsPendingReplication',
      observed: latestOperations,
      threshold: thresholds.pendingOperationsThreshold,
      reason: `${formatNumber(latestOperations)} operations pending, above ${formatNumber(thresholds.pendingOperationsThreshold)}`,
    });
  }
  if (growth?.grew) {
    triggered.push({
      trigger: 'operations-growth',
      metric: 'OperationsPendingReplication',
      observed: growth.last,
      threshold: growth.required,
      reason: `pending operations rose in ${growth.rising} of ${growth.steps} steps, from ${formatNumber(growth.first)} to ${formatNumber(growth.last)}`,
    });
  }
  if (latestBytes !== undefined && latestBytes > thresholds.pendingBytesThreshold) {
    triggered.push({
      trigger: 'bytes-threshold',
      metric: 'BytesPendingReplication',
      observed: latestBytes,
      threshold: thresholds.pendingBytesThreshold,
      reason: `${formatBytes(latestBytes)} pending, above ${formatBytes(thresholds.pendingBytesThreshold)}`,
    });
  }
  // One finding per rule; its metric (part of the fingerprint) prefers operations, the usual trigger.
  const [primary] = triggered;
  if (primary === undefined) return undefined;
  const region = target.destinationRegion;
  return build('REPLICATION_BACKLOG', target, {
    metric: primary.metric,
    observed: primary.observed,
    threshold: primary.threshold,
    region,
    message: `Replication for ${describeTarget(target)} is falling behind in ${region}: ${triggered.map((entry) => entry.reason).join('; ')}.`,
    remediation: `${slowReplicationRemediation(target)} View the metric: ${viewMetricCommand(plan, target, primary.metric, 'Maximum', region)}`,
    evidence: {
      triggers: triggered.map((entry) => entry.trigger),
      ...(growth === undefined ? {} : { growth }),
      operationsPending: operations === undefined ? undefined : datapoints(operations),
      bytesPending: bytes === undefined ? undefined : datapoints(bytes),
    },
  });
}
