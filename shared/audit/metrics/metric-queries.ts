import type { ReplicationRule } from '../../model/replication-rules.js';

export const REPLICATION_NAMESPACE = 'AWS/S3';
/** S3 publishes replication metrics per minute (https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html); 1-minute data is kept 15 days. */
export const METRIC_PERIOD_SECONDS = 60;
export const MAX_WINDOW_MINUTES = 15 * 24 * 60;
/** GetMetricData accepts up to 500 queries a call (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html; older docs said 100). */
export const MAX_QUERIES_PER_CALL = 500;

/** Published in the destination bucket's Region, even when nothing replicates (https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html). */
export const DESTINATION_METRICS = [
  'ReplicationLatency',
  'BytesPendingReplication',
  'OperationsPendingReplication',
] as const;
/** Published in the source bucket's Region, and only when replication operations occur. */
export const SOURCE_METRICS = ['OperationsFailedReplication'] as const;
export type ReplicationMetric = (typeof DESTINATION_METRICS)[number] | (typeof SOURCE_METRICS)[number];
export type MetricStatistic = 'Maximum' | 'Sum';

const SPECS: Record<ReplicationMetric, { stat: MetricStatistic; idSuffix: string }> = {
  ReplicationLatency: { stat: 'Maximum', idSuffix: 'latency' },
  BytesPendingReplication: { stat: 'Maximum', idSuffix: 'bytes' },
  OperationsPendingReplication: { stat: 'Maximum', idSuffix: 'ops' },
  OperationsFailedReplication: { stat: 'Sum', idSuffix: 'failed' },
};

/** One replication rule whose metrics are read. Buckets are names: the metric dimensions use names. */
export interface MetricTarget {
  sourceBucket: string;
  sourceRegion: string;
  destinationBucket: string;
  destinationRegion: string;
  ruleId: string;
}

export interface MetricWindow {
  end: Date;
  minutes: number;
}

export interface MetricQuery {
  /** Unique in the plan and valid for CloudWatch (`^[a-z][a-zA-Z0-9_]*$`). */
  id: string;
  targetIndex: number;
  metric: ReplicationMetric;
  stat: MetricStatistic;
  region: string;
  dimensions: { name: string; value: string }[];
}

export interface MetricQueryBatch {
  region: string;
  queries: MetricQuery[];
}

export interface MetricQueryPlan {
  targets: readonly MetricTarget[];
  startTime: Date;
  endTime: Date;
  namespace: string;
  periodSeconds: number;
  /** At most MAX_QUERIES_PER_CALL queries each; one GetMetricData call (plus its pages) per batch. */
  batches: MetricQueryBatch[];
  queries: ReadonlyMap<string, MetricQuery>;
}

/** Query ids are positional, so they stay valid whatever characters bucket names and rule ids hold. */
export function queryIdFor(targetIndex: number, metric: ReplicationMetric): string {
  return `t${targetIndex}_${SPECS[metric].idSuffix}`;
}

/** The metrics of every rule that has them on and a destination whose Region is known. */
export function metricTargetsFor(
  source: { bucket: string; region: string },
  rules: readonly ReplicationRule[],
  destinationRegion: (destinationBucket: string) => string | undefined,
): { targets: MetricTarget[]; unresolved: ReplicationRule[] } {
  const targets: MetricTarget[] = [];
  const unresolved: ReplicationRule[] = [];
  for (const rule of rules) {
    if (!rule.enabled || !rule.metricsEnabled) continue;
    const region = rule.destination.bucket ? destinationRegion(rule.destination.bucket) : undefined;
    if (region === undefined) {
      unresolved.push(rule);
      continue;
    }
    targets.push({
      sourceBucket: source.bucket,
      sourceRegion: source.region,
      destinationBucket: rule.destination.bucket,
      destinationRegion: region,
      ruleId: rule.id,
    });
  }
  return { targets, unresolved };
}

/**
 * Whole minutes only: the minute in progress is left out (its datapoint is not final), and
 * minute-aligned bounds make every run ask for the same periods.
 */
export function alignWindow(window: MetricWindow): { startTime: Date; endTime: Date } {
  if (Number.isNaN(window.end.getTime())) throw new RangeError('window.end must be a valid date');
  if (!Number.isInteger(window.minutes) || window.minutes < 1 || window.minutes > MAX_WINDOW_MINUTES) {
    throw new RangeError(
      `window.minutes must be an integer from 1 to ${MAX_WINDOW_MINUTES}, got ${window.minutes}`,
    );
  }
  const end = Math.floor(window.end.getTime() / 60_000) * 60_000;
  return { startTime: new Date(end - window.minutes * 60_000), endTime: new Date(end) };
}

/** Plans the queries for every target, grouped by the Region that publishes each metric. */
export function planMetricQueries(targets: readonly MetricTarget[], window: MetricWindow): MetricQueryPlan {
  targets.forEach(validateTarget);
  const byRegion = new Map<string, MetricQuery[]>();
  const queries = new Map<string, MetricQuery>();
  targets.forEach((target, targetIndex) => {
    const placed = [
      ...DESTINATION_METRICS.map((metric) => [metric, target.destinationRegion] as const),
      ...SOURCE_METRICS.map((metric) => [metric, target.sourceRegion] as const),
    ];
    for (const [metric, region] of placed) {
      const { stat } = SPECS[metric];
      const query: MetricQuery = {
        id: queryIdFor(targetIndex, metric),
        targetIndex,
        metric,
        stat,
        region,
        dimensions: [
          { name: 'SourceBucket', value: target.sourceBucket },
          { name: 'DestinationBucket', value: target.destinationBucket },
          { name: 'RuleId', value: target.ruleId },
        ],
      };
      queries.set(query.id, query);
      const regionQueries = byRegion.get(region) ?? [];
      regionQueries.push(query);
      byRegion.set(region, regionQueries);
    }
  });
  const batches = [...byRegion].flatMap(([region, regionQueries]) => chunk(regionQueries, region));
  return {
    targets,
    ...alignWindow(window),
    namespace: REPLICATION_NAMESPACE,
    periodSeconds: METRIC_PERIOD_SECONDS,
    batches,
    queries,
  };
}

function chunk(queries: MetricQuery[], region: string): MetricQueryBatch[] {
  const batches: MetricQueryBatch[] = [];
  for (let start = 0; start < queries.length; start += MAX_QUERIES_PER_CALL) {
    batches.push({ region, queries: queries.slice(start, start + MAX_QUERIES_PER_CALL) });
  }
  return batches;
}

function validateTarget(target: MetricTarget, index: number): void {
  for (const field of [
    'sourceBucket',
    'sourceRegion',
    'destinationBucket',
    'destinationRegion',
    'ruleId',
  ] as const) {
    if (typeof target[field] !== 'string' || target[field] === '') {
      throw new RangeError(`targets[${index}].${field} must be a non-empty string`);
    }
  }
}
