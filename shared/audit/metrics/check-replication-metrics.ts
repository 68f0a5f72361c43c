import type { Clock } from '../../model/clock.js';
import type { Finding, SeverityOverrides } from '../../model/findings.js';
import { evaluateReplicationMetrics, type MetricThresholds, resolveThresholds } from './metric-checks.js';
import { findingsForReadProblems } from './metric-problems.js';
import {
  type MetricQueryPlan,
  type MetricTarget,
  planMetricQueries,
  type ReplicationMetric,
} from './metric-queries.js';
import type { MetricReadResult } from './metric-read.js';

/** Reads a query plan; the CloudWatch adapter is one, a world simulator or a test double another. */
export interface MetricsReader {
  read(plan: MetricQueryPlan): Promise<MetricReadResult>;
}

export interface MetricsCheckInput {
  targets: readonly MetricTarget[];
  reader: MetricsReader;
  clock: Clock;
  /** Merged over DEFAULT_METRIC_THRESHOLDS. */
  thresholds?: Partial<MetricThresholds>;
  severityOverrides?: SeverityOverrides;
}

export interface RuleCoverage {
  /** Metrics whose read succeeded (with or without datapoints). */
  metricsRead: ReplicationMetric[];
  /** Regions where those reads succeeded. */
  regions: string[];
}

export interface MetricsCheckOutcome {
  findings: Finding[];
  /** Keyed by `coverageKey(target)`: what was actually read, so a report never claims more. */
  coverage: Map<string, RuleCoverage>;
  requests: number;
}

/** `source-bucket/rule-id`: bucket names cannot hold `/`, so the key is unambiguous. */
export function coverageKey(target: Pick<MetricTarget, 'sourceBucket' | 'ruleId'>): string {
  return `${target.sourceBucket}/${target.ruleId}`;
}

/**
 * The metrics part of the scheduled audit: plans the GetMetricData queries for every rule with
 * metrics enabled, reads them, and turns series and read problems into findings.
 */
export async function checkReplicationMetrics(input: MetricsCheckInput): Promise<MetricsCheckOutcome> {
  const thresholds = resolveThresholds(input.thresholds);
  const plan = planMetricQueries(input.targets, {
    end: input.clock.now(),
    minutes: thresholds.windowMinutes,
  });
  if (plan.batches.length === 0) return { findings: [], coverage: new Map(), requests: 0 };
  const result = await input.reader.read(plan);
  const findings = [
    ...evaluateReplicationMetrics(plan, result, {
      thresholds,
      severityOverrides: input.severityOverrides ?? {},
    }),
    ...findingsForReadProblems(plan, result.problems, input.severityOverrides),
  ];
  return { findings, coverage: coverageOf(plan, result), requests: result.requests };
}

function coverageOf(plan: MetricQueryPlan, result: MetricReadResult): Map<string, RuleCoverage> {
  const unread = new Set(result.problems.flatMap((problem) => problem.queryIds));
  const coverage = new Map<string, RuleCoverage>();
  for (const target of plan.targets) coverage.set(coverageKey(target), { metricsRead: [], regions: [] });
  for (const query of plan.queries.values()) {
    const target = plan.targets[query.targetIndex];
    const entry = target === undefined ? undefined : coverage.get(coverageKey(target));
    if (entry === undefined || unread.has(query.id)) continue;
    if (!entry.metricsRead.includes(query.metric)) entry.metricsRead.push(query.metric);
    if (!entry.regions.includes(query.region)) entry.regions.push(query.region);
  }
  return coverage;
}
