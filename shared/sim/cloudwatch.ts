import { isActionDenied } from './denied.js';
import {
  aggregate,
  type Datapoint,
  matchesMetric,
  STATISTICS,
  type Statistic,
} from './metric-aggregation.js';
import { jsonError, jsonOperation, jsonResult, parseJsonBody } from './protocols.js';
import type { SimRequest, SimResponse } from './sim-http.js';
import { callerArn, type SimState } from './state.js';

/** GetMetricData limits (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html): 500 queries and 100,800 datapoints per call. */
const MAX_QUERIES = 500;
const MAX_DATAPOINTS = 100_800;

interface Query {
  Id?: unknown;
  Label?: unknown;
  ReturnData?: unknown;
  MetricStat?: { Metric?: Record<string, unknown>; Period?: unknown; Stat?: unknown };
}

/**
 * CloudWatch speaks JSON 1.0 but stays query-compatible: errors carry `x-amzn-query-error`, so the
 * SDK names them as the old query protocol did.
 */
export function handleCloudWatch(state: SimState, request: SimRequest): SimResponse {
  const operation = jsonOperation(request.headers);
  if (operation !== 'GetMetricData') {
    return invalid(state, 400, 'InvalidAction', `The simulator does not answer CloudWatch ${operation}`);
  }
  if (isActionDenied(state.world, 'cloudwatch:GetMetricData')) {
    return invalid(
      state,
      400,
      'AccessDeniedException',
      `User: ${callerArn(state, request)} is not authorized to perform: cloudwatch:GetMetricData because no identity-based policy allows the cloudwatch:GetMetricData action`,
    );
  }
  const input = parseJsonBody(request.body);
  const queries = (Array.isArray(input.MetricDataQueries) ? input.MetricDataQueries : []) as Query[];
  const start = Number(input.StartTime);
  const end = Number(input.EndTime);
  const problem = validate(queries, start, end);
  if (problem !== undefined) return invalid(state, 400, 'ValidationError', problem);
  const descending = input.ScanBy !== 'TimestampAscending';
  const series = queries
    .filter((query) => query.ReturnData !== false)
    .map((query) => {
      const stat = query.MetricStat ?? {};
      const metric = stat.Metric ?? {};
      const match = state.world.metrics.find((candidate) => matchesMetric(candidate, request.region, metric));
      const points =
        match === undefined
          ? []
          : aggregate(match, state.now, start, end, Number(stat.Period), stat.Stat as Statistic);
      return { query, points: descending ? points.reverse() : points };
    });
  const offset = decodeToken(input.NextToken);
  if (offset === undefined)
    return invalid(state, 400, 'InvalidNextToken', 'The service found NextToken to be invalid.');
  const limit =
    typeof input.MaxDatapoints === 'number' ? Math.min(input.MaxDatapoints, MAX_DATAPOINTS) : MAX_DATAPOINTS;
  let position = 0;
  const results = series.map(({ query, points }) => {
    const from = Math.max(offset - position, 0);
    const to = Math.max(Math.min(offset + limit - position, points.length), from);
    const slice: Datapoint[] = points.slice(from, to);
    position += points.length;
    return {
      Id: query.Id,
      Label:
        typeof query.Label === 'string'
          ? query.Label
          : String(query.MetricStat?.Metric?.MetricName ?? query.Id),
      Timestamps: slice.map((point) => point.timestamp),
      Values: slice.map((point) => point.value),
      StatusCode: to < points.length ? 'PartialData' : 'Complete',
    };
  });
  const more = offset + limit < position;
  return jsonResult(state, '1.0', {
    MetricDataResults: results,
    Messages: [],
    ...(more ? { NextToken: Buffer.from(String(offset + limit), 'utf8').toString('base64') } : {}),
  });
}

function invalid(state: SimState, status: number, code: string, message: string): SimResponse {
  return jsonError(state, '1.0', status, code, message, true);
}

function decodeToken(token: unknown): number | undefined {
  if (token === undefined || token === null) return 0;
  if (typeof token !== 'string') return undefined;
  const offset = Number(Buffer.from(token, 'base64').toString('utf8'));
  return Number.isInteger(offset) && offset >= 0 ? offset : undefined;
}

function validate(queries: Query[], start: number, end: number): string | undefined {
  if (queries.length === 0) return 'The parameter MetricDataQueries is required.';
  if (queries.length > MAX_QUERIES) {
    return `The collection MetricDataQueries must not have a size greater than ${MAX_QUERIES}.`;
  }
  if (!Number.isFinite(start) || !Number.isFinite(end) || start >= end) {
    return 'The parameter StartTime must be less than the parameter EndTime.';
  }
  const ids = new Set<unknown>();
  for (const [index, query] of queries.entries()) {
    const at = `MetricDataQueries.member.${index + 1}`;
    if (typeof query.Id !== 'string' || !/^[a-z][A-Za-z0-9_]*$/.test(query.Id)) {
      return `The value for parameter ${at}.Id must start with a lowercase letter and contain only letters, numbers and underscores.`;
    }
    if (ids.has(query.Id)) return `The value ${query.Id} for parameter MetricDataQueries.Id is duplicated.`;
    ids.add(query.Id);
    const stat = query.MetricStat;
    if (stat === undefined) return `${at}: the simulator answers MetricStat queries only (no Expression).`;
    const period = Number(stat.Period);
    if (!Number.isInteger(period) || period <= 0 || period % 60 !== 0) {
      return `The parameter ${at}.MetricStat.Period must be a multiple of 60.`;
    }
    if (!STATISTICS.includes(stat.Stat as Statistic)) {
      return `${at}.MetricStat.Stat ${String(stat.Stat)}: the simulator answers ${STATISTICS.join(', ')}.`;
    }
  }
  return undefined;
}
