import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { planMetricQueries } from '../../shared/audit/metrics/metric-queries.js';
import { createCloudWatchMetricsReader } from '../../shared/aws/cloudwatch-metrics-reader.js';
import { crrTarget, WINDOW_END } from '../helpers/metrics.js';
import { startWireStub } from '../helpers/wire-stub.js';

const at = (minute: number) => new Date(WINDOW_END.getTime() - (60 - minute) * 60_000);
const plan = () => planMetricQueries([crrTarget()], { end: WINDOW_END, minutes: 60 });

function serviceError(name: string, httpStatusCode = 400) {
  return Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode } });
}

describe('createCloudWatchMetricsReader', () => {
  let clients: Map<string, CloudWatchClient>;
  const mockFor = (region: string) => {
    const client = new CloudWatchClient({ region });
    clients.set(region, client);
    return mockClient(client);
  };
  const reader = (options = {}) =>
    createCloudWatchMetricsReader((region) => {
      const client = clients.get(region);
      if (client === undefined) throw new Error(`no client for ${region}`);
      return client;
    }, options);

  beforeEach(() => {
    clients = new Map();
  });

  it('asks each Region for its own metrics over the aligned window', async () => {
    const west = mockFor('us-west-2').on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    const east = mockFor('us-east-1').on(GetMetricDataCommand).resolves({ MetricDataResults: [] });

    const result = await reader().read(plan());

    const westInput = west.commandCalls(GetMetricDataCommand)[0]?.args[0].input;
    assert.deepEqual(
      westInput?.MetricDataQueries?.map((query) => [
        query.Id,
        query.MetricStat?.Metric?.MetricName,
        query.MetricStat?.Stat,
      ]),
      [
        ['t0_latency', 'ReplicationLatency', 'Maximum'],
        ['t0_bytes', 'BytesPendingReplication', 'Maximum'],
        ['t0_ops', 'OperationsPendingReplication', 'Maximum'],
      ],
    );
    assert.equal(westInput?.MetricDataQueries?.[0]?.MetricStat?.Period, 60);
    assert.equal(westInput?.MetricDataQueries?.[0]?.MetricStat?.Metric?.Namespace, 'AWS/S3');
    assert.deepEqual(westInput?.StartTime, new Date('2026-11-22T11:00:00Z'));
    assert.deepEqual(westInput?.EndTime, WINDOW_END);
    const eastInput = east.commandCalls(GetMetricDataCommand)[0]?.args[0].input;
    assert.deepEqual(
      eastInput?.MetricDataQueries?.map((query) => query.MetricStat?.Stat),
      ['Sum'],
    );
    assert.equal(result.requests, 2);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.series.get('t0_failed'), { timestamps: [], values: [] });
  });

  it('follows NextToken and merges the pages of each query, oldest first', async () => {
    const west = mockFor('us-west-2');
    west
      .on(GetMetricDataCommand)
      .resolvesOnce({
        MetricDataResults: [
          { Id: 't0_latency', Timestamps: [at(58), at(59)], Values: [20, 30], StatusCode: 'PartialData' },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        MetricDataResults: [
          { Id: 't0_latency', Timestamps: [at(57)], Values: [10], StatusCode: 'Complete' },
          { Id: 't0_ops', Timestamps: [at(59)], Values: [4], StatusCode: 'Complete' },
        ],
      });
    mockFor('us-east-1').on(GetMetricDataCommand).resolves({ MetricDataResults: [] });

    const result = await reader().read(plan());

    const calls = west.commandCalls(GetMetricDataCommand);
    assert.equal(calls.length, 2);
    assert.equal(calls[1]?.args[0].input.NextToken, 'page-2');
    assert.deepEqual(result.series.get('t0_latency'), {
      timestamps: [at(57), at(58), at(59)],
      values: [10, 20, 30],
    });
    assert.deepEqual(result.series.get('t0_ops')?.values, [4]);
    assert.equal(result.requests, 3);
  });

  it('reports AccessDenied in one Region while keeping the other Region results', async () => {
    mockFor('us-west-2').on(GetMetricDataCommand).rejects(serviceError('AccessDenied', 403));
    mockFor('us-east-1')
      .on(GetMetricDataCommand)
      .resolves({ MetricDataResults: [{ Id: 't0_failed', Timestamps: [at(59)], Values: [2] }] });

    const result = await reader().read(plan());

    assert.deepEqual(result.problems, [
      {
        kind: 'access-denied',
        action: 'cloudwatch:GetMetricData',
        region: 'us-west-2',
        detail: 'AccessDenied (HTTP 403): AccessDenied happened',
        queryIds: ['t0_latency', 't0_bytes', 't0_ops'],
      },
    ]);
    assert.equal(result.series.has('t0_latency'), false);
    assert.deepEqual(result.series.get('t0_failed')?.values, [2]);
  });

  it('tells throttling apart from other errors', async () => {
    const cases = [
      [serviceError('ThrottlingException'), 'throttled'],
      [serviceError('ServiceUnavailable', 503), 'throttled'],
      [serviceError('AccessDeniedException'), 'access-denied'],
      [serviceError('InvalidParameterValue'), 'error'],
      [new Error('connect ECONNREFUSED'), 'error'],
    ] as const;
    for (const [error, kind] of cases) {
      clients = new Map();
      mockFor('us-west-2').on(GetMetricDataCommand).rejects(error);
      mockFor('us-east-1').on(GetMetricDataCommand).resolves({});

      const result = await reader().read(plan());

      assert.deepEqual(
        result.problems.map((problem) => problem.kind),
        [kind],
        error.name,
      );
    }
  });

  it('reports a batch that runs past the page budget as truncated, with none of its partial series', async () => {
    mockFor('us-west-2')
      .on(GetMetricDataCommand)
      .resolves({
        MetricDataResults: [{ Id: 't0_latency', Timestamps: [at(59)], Values: [1] }],
        NextToken: 'more',
      });
    mockFor('us-east-1').on(GetMetricDataCommand).resolves({});

    const result = await reader({ pageBudget: 3 }).read(plan());

    assert.deepEqual(
      result.problems.map((problem) => [problem.kind, problem.region]),
      [['truncated', 'us-west-2']],
    );
    assert.equal(result.series.has('t0_latency'), false);
    assert.equal(result.requests, 4);
  });

  it('reports a query CloudWatch answers Forbidden, keeping its siblings', async () => {
    mockFor('us-west-2')
      .on(GetMetricDataCommand)
      .resolves({
        MetricDataResults: [
          { Id: 't0_latency', StatusCode: 'Forbidden', Timestamps: [], Values: [] },
          { Id: 't0_ops', StatusCode: 'Complete', Timestamps: [at(59)], Values: [3] },
        ],
      });
    mockFor('us-east-1').on(GetMetricDataCommand).resolves({});

    const result = await reader().read(plan());

    assert.deepEqual(
      result.problems.map((problem) => [problem.kind, problem.queryIds]),
      [['access-denied', ['t0_latency']]],
    );
    assert.equal(result.series.has('t0_latency'), false);
    assert.deepEqual(result.series.get('t0_ops')?.values, [3]);
  });

  it('refuses a page budget that is not a positive integer', () => {
    assert.throws(() => reader({ pageBudget: 0 }), { message: /options\.pageBudget/ });
  });
});

describe('createCloudWatchMetricsReader (on the wire)', () => {
  const epoch = (minute: number) => at(minute).getTime() / 1000;
  let stub: Awaited<ReturnType<typeof startWireStub>>;
  before(async () => {
    stub = await startWireStub(
      (request): { status: number; headers: Record<string, string>; body: string } => {
        const input = JSON.parse(request.body);
        if (input.MetricDataQueries[0].MetricStat.Metric.MetricName === 'OperationsFailedReplication') {
          return {
            status: 400,
            headers: {
              'content-type': 'application/x-amz-json-1.0',
              'x-amzn-query-error': 'Throttling;Sender',
            },
            body: JSON.stringify({
              __type: 'com.amazonaws.cloudwatch#ThrottlingException',
              message: 'Rate exceeded',
            }),
          };
        }
        const page = input.NextToken === undefined ? 1 : 2;
        const body =
          page === 1
            ? {
                MetricDataResults: [
                  {
                    Id: 't0_latency',
                    Label: 'ReplicationLatency',
                    Timestamps: [epoch(59)],
                    Values: [42.5],
                    StatusCode: 'PartialData',
                  },
                ],
                NextToken: 'token-2',
              }
            : {
                MetricDataResults: [
                  {
                    Id: 't0_latency',
                    Label: 'ReplicationLatency',
                    Timestamps: [epoch(58)],
                    Values: [12],
                    StatusCode: 'Complete',
                  },
                ],
              };
        return {
          status: 200,
          headers: { 'content-type': 'application/x-amz-json-1.0' },
          body: JSON.stringify(body),
        };
      },
    );
  });
  after(() => stub.close());

  it('sends GetMetricData as JSON 1.0 and parses pages and query-compatible errors through the real SDK', async () => {
    const reader = createCloudWatchMetricsReader(
      (region) =>
        new CloudWatchClient({
          region,
          endpoint: stub.endpoint,
          maxAttempts: 1,
          credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
        }),
      { concurrency: 1 },
    );

    const result = await reader.read(plan());

    assert.deepEqual(result.series.get('t0_latency'), { timestamps: [at(58), at(59)], values: [12, 42.5] });
    assert.deepEqual(result.series.get('t0_ops'), { timestamps: [], values: [] });
    assert.deepEqual(
      result.problems.map((problem) => [problem.kind, problem.region, problem.queryIds]),
      [['throttled', 'us-east-1', ['t0_failed']]],
    );
    assert.equal(result.requests, 3);
    const [first, second] = stub.requests;
    assert.equal(first?.headers['x-amz-target'], 'GraniteServiceVersion20100801.GetMetricData');
    assert.match(String(first?.headers['content-type']), /^application\/x-amz-json-1\.0/);
    assert.match(
      String(first?.headers.authorization),
      /Credential=AKID\/\d{8}\/us-west-2\/monitoring\/aws4_request/,
    );
    const body = JSON.parse(first?.body ?? '{}');
    assert.equal(body.StartTime, epoch(0));
    assert.equal(body.EndTime, WINDOW_END.getTime() / 1000);
    assert.equal(JSON.parse(second?.body ?? '{}').NextToken, 'token-2');
  });
});
