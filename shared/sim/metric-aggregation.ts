import type { WorldMetricSeries } from './world-schema.js';

export type Statistic = 'Maximum' | 'Minimum' | 'Sum' | 'Average' | 'SampleCount';
export const STATISTICS: readonly Statistic[] = ['Maximum', 'Minimum', 'Sum', 'Average', 'SampleCount'];

export interface Datapoint {
  /** Epoch seconds of the period's start, as CloudWatch stamps datapoints. */
  timestamp: number;
  value: number;
}

/**
 * Aggregates a per-minute series into `periodSeconds` buckets over [start, end). Value `i` of
 * `values` covers the minute starting `values.length - i` minutes before `now`, so the last one
 * is the minute ending at `now`. Periods are aligned to multiples of the period since the epoch;
 * a period without any datapoint is absent, never zero (missing data is unknown, https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html).
 * Each minute value counts as one sample for Average and SampleCount.
 */
export function aggregate(
  series: WorldMetricSeries,
  now: Date,
  start: number,
  end: number,
  periodSeconds: number,
  statistic: Statistic,
): Datapoint[] {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const buckets = new Map<number, number[]>();
  series.values.forEach((value, index) => {
    if (value === null) return;
    const minuteStart = nowSeconds - (series.values.length - index) * 60;
    if (minuteStart < start || minuteStart >= end) return;
    const bucket = Math.floor(minuteStart / periodSeconds) * periodSeconds;
    const samples = buckets.get(bucket) ?? [];
    samples.push(value);
    buckets.set(bucket, samples);
  });
  return [...buckets]
    .sort(([left], [right]) => left - right)
    .map(([timestamp, samples]) => ({ timestamp, value: reduce(samples, statistic) }));
}

function reduce(samples: number[], statistic: Statistic): number {
  switch (statistic) {
    case 'Maximum':
      return Math.max(...samples);
    case 'Minimum':
      return Math.min(...samples);
    case 'Sum':
      return samples.reduce((total, sample) => total + sample, 0);
    case 'Average':
      return samples.reduce((total, sample) => total + sample, 0) / samples.length;
    case 'SampleCount':
      return samples.length;
  }
}

/** CloudWatch matches a metric by namespace, name and the exact set of dimensions. */
export function matchesMetric(
  series: WorldMetricSeries,
  region: string,
  metric: { Namespace?: unknown; MetricName?: unknown; Dimensions?: unknown },
): boolean {
  if (
    series.region !== region ||
    series.namespace !== metric.Namespace ||
    series.metricName !== metric.MetricName
  ) {
    return false;
  }
  const dimensions = Array.isArray(metric.Dimensions)
    ? (metric.Dimensions as { Name?: unknown; Value?: unknown }[])
    : [];
  const wanted = Object.entries(series.dimensions);
  return (
    dimensions.length === wanted.length &&
    dimensions.every(
      (dimension) =>
        typeof dimension.Name === 'string' && series.dimensions[dimension.Name] === dimension.Value,
    )
  );
}
