import {
  type CloudWatchClient,
  GetMetricDataCommand,
  type MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import type { MetricsReader } from '../audit/metrics/check-replication-metrics.js';
import type { MetricQueryBatch, MetricQueryPlan } from '../audit/metrics/metric-queries.js';
import type {
  MetricReadProblem,
  MetricReadProblemKind,
  MetricReadResult,
  MetricSeries,
} from '../audit/metrics/metric-read.js';
import { mapSettled } from '../model/concurrency.js';
import { readProblemOf } from './aws-errors.js';

export interface CloudWatchMetricsReaderOptions {
  /** Most GetMetricData pages read per batch; a batch with more is reported `truncated`. */
  pageBudget?: number;
  /** Calls in flight at once: the account's GetMetricData quota (50 TPS) is shared with other tools. */
  concurrency?: number;
}

const ACTION = 'cloudwatch:GetMetricData';
/** A result's StatusCode can refuse one query (Forbidden: cross-account observability) while the call succeeds. */
const STATUS_PROBLEM: Record<string, MetricReadProblemKind | undefined> = {
  Forbidden: 'access-denied',
  InternalError: 'error',
};

type BatchOutcome =
  | { ok: true; series: Map<string, MetricSeries>; problems: MetricReadProblem[] }
  | { ok: false; problem: MetricReadProblem };

/**
 * Reads replication metrics with GetMetricData, each batch in the Region its plan names (latency
 * and pending metrics live in the destination's Region, failures in the source's). A batch that
 * fails or runs out of pages becomes a problem for its queries; the other batches still count.
 *
 * IAM: `cloudwatch:GetMetricData` on `*` (the action has no resource-level permissions) in every
 * source and destination Region.
 */
export function createCloudWatchMetricsReader(
  clientFor: (region: string) => CloudWatchClient,
  options: CloudWatchMetricsReaderOptions = {},
): MetricsReader {
  const pageBudget = options.pageBudget ?? 10;
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(pageBudget) || pageBudget < 1) {
    throw new RangeError(`options.pageBudget must be a positive integer, got ${pageBudget}`);
  }
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`options.concurrency must be a positive integer, got ${concurrency}`);
  }
  return {
    async read(plan: MetricQueryPlan): Promise<MetricReadResult> {
      const result: MetricReadResult = { series: new Map(), problems: [], requests: 0 };
      const countRequest = () => {
        result.requests += 1;
      };
      const outcomes = await mapSettled(plan.batches, concurrency, (batch) =>
        readBatch(clientFor(batch.region), plan, batch, pageBudget, countRequest),
      );
      outcomes.forEach((outcome, index) => {
        const batch = plan.batches[index] as MetricQueryBatch;
        // readBatch catches service errors; a rejection here is clientFor failing for the Region.
        const settled = outcome.status === 'fulfilled' ? outcome.value : failed(batch, outcome.reason);
        if (!settled.ok) {
          result.problems.push(settled.problem);
          return;
        }
        for (const [id, series] of settled.series) result.series.set(id, series);
        result.problems.push(...settled.problems);
      });
      return result;
    },
  };
}

async function readBatch(
  client: CloudWatchClient,
  plan: MetricQueryPlan,
  batch: MetricQueryBatch,
  pageBudget: number,
  countRequest: () => void,
): Promise<BatchOutcome> {
  const pages: MetricDataResult[] = [];
  let nextToken: string | undefined;
  try {
    for (let page = 0; page < pageBudget; page += 1) {
      countRequest();
      const output = await client.send(
        new GetMetricDataCommand({
          StartTime: plan.startTime,
          EndTime: plan.endTime,
          ScanBy: 'TimestampAscending',
          NextToken: nextToken,
          MetricDataQueries: batch.queries.map((query) => ({
            Id: query.id,
            ReturnData: true,
            MetricStat: {
              Metric: {
                Namespace: plan.namespace,
                MetricName: query.metric,
                Dimensions: query.dimensions.map(({ name, value }) => ({ Name: name, Value: value })),
              },
              Period: plan.periodSeconds,
              Stat: query.stat,
            },
          })),
        }),
      );
      pages.push(...(output.MetricDataResults ?? []));
      nextToken = output.NextToken;
      if (!nextToken) break;
    }
  } catch (error) {
    return failed(batch, error);
  }
  if (nextToken) {
    // Partial pages could fake a trend or hide the latest minutes: the whole batch counts as unread.
    const detail = `more than ${pageBudget} pages of datapoints; shorten the window or raise the page budget`;
    return { ok: false, problem: problemFor(batch, 'truncated', detail) };
  }
  return { ok: true, ...merge(batch, pages) };
}

/** Joins the pages of each query id, oldest first; per-query statuses become problems. */
function merge(batch: MetricQueryBatch, pages: MetricDataResult[]) {
  // Every query of an answered batch gets a series, so "no datapoints" is explicit, never a gap.
  const points = new Map<string, [number, number][]>(batch.queries.map((query) => [query.id, []]));
  const refused = new Map<MetricReadProblemKind, string[]>();
  for (const result of pages) {
    if (result.Id === undefined) continue;
    const kind = STATUS_PROBLEM[result.StatusCode ?? ''];
    if (kind !== undefined) refused.set(kind, [...(refused.get(kind) ?? []), result.Id]);
    const joined = points.get(result.Id) ?? [];
    (result.Timestamps ?? []).forEach((timestamp, index) => {
      const value = result.Values?.[index];
      if (value !== undefined) joined.push([timestamp.getTime(), value]);
    });
    points.set(result.Id, joined);
  }
  const problems = [...refused].map(([kind, queryIds]) => ({
    ...problemFor(batch, kind, `CloudWatch answered ${kind} for ${queryIds.length} queries`),
    queryIds: [...new Set(queryIds)],
  }));
  const unread = new Set(problems.flatMap((problem) => problem.queryIds));
  const series = new Map<string, MetricSeries>();
  for (const [id, joined] of points) {
    if (unread.has(id)) continue;
    joined.sort(([left], [right]) => left - right);
    series.set(id, {
      timestamps: joined.map(([time]) => new Date(time)),
      values: joined.map(([, value]) => value),
    });
  }
  return { series, problems };
}

function failed(batch: MetricQueryBatch, error: unknown): BatchOutcome {
  const { kind, detail } = readProblemOf(error, ACTION, `arn:aws:cloudwatch:${batch.region}:*:*`);
  return { ok: false, problem: problemFor(batch, kind, detail) };
}

function problemFor(batch: MetricQueryBatch, kind: MetricReadProblemKind, detail: string): MetricReadProblem {
  return {
    kind,
    action: ACTION,
    region: batch.region,
    detail,
    queryIds: batch.queries.map((query) => query.id),
  };
}
