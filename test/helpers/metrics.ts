import type {
  MetricQueryPlan,
  MetricTarget,
  ReplicationMetric,
} from '../../shared/audit/metrics/metric-queries.js';
import type {
  MetricReadProblem,
  MetricReadResult,
  MetricSeries,
} from '../../shared/audit/metrics/metric-read.js';

/** The instant the metric fixtures end at: a whole minute, as plans align to. */
export const WINDOW_END = new Date('2026-11-22T12:00:00Z');

/** A cross-Region rule; tests override one field at a time. */
export function crrTarget(overrides: Partial<MetricTarget> = {}): MetricTarget {
  return {
    sourceBucket: 'src-bucket',
    sourceRegion: 'us-east-1',
    destinationBucket: 'dst-bucket',
    destinationRegion: 'us-west-2',
    ruleId: 'to-dr',
    ...overrides,
  };
}

/** Per-minute datapoints, the last in the minute before `end`; `null` is a minute without a datapoint. */
export function minuteSeries(values: readonly (number | null)[], end: Date = WINDOW_END): MetricSeries {
  const series: MetricSeries = { timestamps: [], values: [] };
  values.forEach((value, index) => {
    if (value === null) return;
    series.timestamps.push(new Date(end.getTime() - (values.length - index) * 60_000));
    series.values.push(value);
  });
  return series;
}

export type SeriesValues = Partial<Record<ReplicationMetric, readonly (number | null)[]>>;

/** A healthy rule for 60 minutes: low latency, a small steady backlog, no failure published. */
export function healthyValues(): SeriesValues {
  return {
    ReplicationLatency: Array.from({ length: 60 }, (_, minute) => 5 + (minute % 7)),
    BytesPendingReplication: Array.from({ length: 60 }, (_, minute) => 1_048_576 * (1 + (minute % 3))),
    OperationsPendingReplication: Array.from({ length: 60 }, (_, minute) => 3 + (minute % 4)),
  };
}

/** What a reader would return for `values` per target (index-aligned with the plan's targets). */
export function readResultFor(
  plan: MetricQueryPlan,
  values: readonly SeriesValues[],
  problems: MetricReadProblem[] = [],
): MetricReadResult {
  const unread = new Set(problems.flatMap((problem) => problem.queryIds));
  const series = new Map<string, MetricSeries>();
  for (const query of plan.queries.values()) {
    if (unread.has(query.id)) continue;
    series.set(query.id, minuteSeries(values[query.targetIndex]?.[query.metric] ?? [], plan.endTime));
  }
  return { series, problems, requests: plan.batches.length };
}

/** A problem covering every query of `plan` in `region`. */
export function problemIn(
  plan: MetricQueryPlan,
  region: string,
  kind: MetricReadProblem['kind'],
  detail = 'refused',
): MetricReadProblem {
  const queryIds = [...plan.queries.values()]
    .filter((query) => query.region === region)
    .map((query) => query.id);
  return { kind, action: 'cloudwatch:GetMetricData', region, detail, queryIds };
}
