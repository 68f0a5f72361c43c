import type { MetricQueryPlan, MetricStatistic, MetricTarget, ReplicationMetric } from './metric-queries.js';
import type { MetricSeries } from './metric-read.js';

/** "rule r (src → dst)": how every metric finding names the replication it is about. */
export function describeTarget(target: MetricTarget): string {
  return `rule ${target.ruleId} (${target.sourceBucket} → ${target.destinationBucket})`;
}

/**
 * The AWS CLI command that shows the same datapoints the monitor read, in the Region that
 * publishes them: people check a finding against CloudWatch before acting on it.
 */
export function viewMetricCommand(
  plan: Pick<MetricQueryPlan, 'startTime' | 'endTime'>,
  target: MetricTarget,
  metric: ReplicationMetric,
  stat: MetricStatistic,
  region: string,
): string {
  const queries = JSON.stringify([
    {
      Id: 'm',
      MetricStat: {
        Metric: {
          Namespace: 'AWS/S3',
          MetricName: metric,
          Dimensions: [
            { Name: 'SourceBucket', Value: target.sourceBucket },
            { Name: 'DestinationBucket', Value: target.destinationBucket },
            { Name: 'RuleId', Value: target.ruleId },
          ],
        },
        Period: 60,
        Stat: stat,
      },
    },
  ]);
  return [
    'aws cloudwatch get-metric-data',
    `--region ${region}`,
    `--start-time ${plan.startTime.toISOString()}`,
    `--end-time ${plan.endTime.toISOString()}`,
    `--metric-data-queries ${shellQuote(queries)}`,
  ].join(' ');
}

/** Where replication slows down, in the order worth checking (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-time-control.html). */
export function slowReplicationRemediation(target: MetricTarget): string {
  return [
    `Check the request rate on the source and destination prefixes (S3 guidance: 3,500 PUT/COPY/POST/DELETE and 5,500 GET/HEAD per second per prefix, replication's own requests included; 503 Slow Down means it is exceeded)`,
    'replication transfer above the default 1 Gbps quota (AWS Support can raise it)',
    `KMS throttling when SSE-KMS objects replicate (each object needs KMS requests in ${target.sourceRegion} and ${target.destinationRegion}; look for ThrottlingException from kms.amazonaws.com in CloudTrail)`,
    `and AWS Health for ${target.destinationRegion}.`,
  ].join('; ');
}

/** Datapoints as evidence: ISO timestamps, so a person can line them up with the console. */
export function datapoints(series: MetricSeries): { timestamp: string; value: number | undefined }[] {
  return series.timestamps.map((timestamp, index) => ({
    timestamp: timestamp.toISOString(),
    value: series.values[index],
  }));
}

export function formatNumber(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${formatNumber(value)} ${units[unit]}`;
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}
