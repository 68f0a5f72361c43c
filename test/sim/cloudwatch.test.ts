import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { createSimulator } from '../../shared/sim/simulator.js';
import { fixtureSimulator, fixtureWorld } from '../helpers/sim-fixture.js';

const dimensions = [
  { Name: 'RuleId', Value: 'to-dr' },
  { Name: 'SourceBucket', Value: 'src-bucket' },
  { Name: 'DestinationBucket', Value: 'dst-bucket' },
];

function query(id: string, metricName: string, period: number, stat: string): MetricDataQuery {
  return {
    Id: id,
    MetricStat: {
      Metric: { Namespace: 'AWS/S3', MetricName: metricName, Dimensions: dimensions },
      Period: period,
      Stat: stat,
    },
  };
}

const window = { StartTime: new Date('2026-11-22T11:00:00Z'), EndTime: new Date('2026-11-22T12:00:00Z') };

function cloudwatch(region: string) {
  return new CloudWatchClient(fixtureSimulator().clientConfig(region));
}

describe('CloudWatch GetMetricData', () => {
  it('aggregates the per-minute series into the period asked, newest first', async () => {
    const output = await cloudwatch('us-west-2').send(
      new GetMetricDataCommand({
        ...window,
        MetricDataQueries: [
          query('max', 'ReplicationLatency', 300, 'Maximum'),
          query('sum', 'ReplicationLatency', 300, 'Sum'),
          query('avg', 'ReplicationLatency', 600, 'Average'),
          query('count', 'ReplicationLatency', 60, 'SampleCount'),
          query('min', 'ReplicationLatency', 300, 'Minimum'),
        ],
      }),
    );
    const [max, sum, avg, count, min] = output.MetricDataResults ?? [];
    assert.deepEqual(max?.Timestamps, [new Date('2026-11-22T11:55:00Z'), new Date('2026-11-22T11:50:00Z')]);
    assert.deepEqual(max?.Values, [9, 5]);
    assert.deepEqual(sum?.Values, [31, 14]);
    assert.deepEqual(avg?.Values, [45 / 9]);
    assert.equal(count?.Values?.length, 9);
    assert.deepEqual(min?.Values, [1, 2]);
    assert.equal(max?.StatusCode, 'Complete');
  });

  it('answers empty results, never zeros, for another Region or a series with no datapoints', async () => {
    const east = await cloudwatch('us-east-1').send(
      new GetMetricDataCommand({
        ...window,
        MetricDataQueries: [
          query('lat', 'ReplicationLatency', 60, 'Maximum'),
          query('failed', 'OperationsFailedReplication', 60, 'Sum'),
        ],
      }),
    );
    for (const result of east.MetricDataResults ?? []) {
      assert.deepEqual([result.Values, result.Timestamps], [[], []]);
    }
  });

  it('scans ascending when asked and pages with NextToken and MaxDatapoints', async () => {
    const client = cloudwatch('us-west-2');
    const values: number[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const output = await client.send(
        new GetMetricDataCommand({
          ...window,
          MetricDataQueries: [query('lat', 'ReplicationLatency', 60, 'Maximum')],
          ScanBy: 'TimestampAscending',
          MaxDatapoints: 4,
          NextToken: token,
        }),
      );
      values.push(...(output.MetricDataResults?.[0]?.Values ?? []));
      token = output.NextToken;
      pages += 1;
    } while (token !== undefined);
    assert.equal(pages, 3);
    assert.deepEqual(values, [3, 4, 2, 5, 9, 1, 8, 7, 6]);
  });

  it('refuses more than 500 queries and periods that are not multiples of 60', async () => {
    const client = cloudwatch('us-west-2');
    const many = Array.from({ length: 501 }, (_, index) =>
      query(`q${index}`, 'ReplicationLatency', 60, 'Maximum'),
    );
    for (const queries of [many, [query('lat', 'ReplicationLatency', 90, 'Maximum')]]) {
      await assert.rejects(
        client.send(new GetMetricDataCommand({ ...window, MetricDataQueries: queries })),
        (error: Error & { $metadata: { httpStatusCode: number } }) =>
          error.name === 'ValidationException' && error.$metadata.httpStatusCode === 400,
      );
    }
  });

  it('refuses a denied caller with AccessDeniedException', async () => {
    const world = fixtureWorld((json) => {
      (json.denied as unknown[]).push({ action: 'cloudwatch:GetMetricData', resource: '*' });
    });
    const client = new CloudWatchClient(createSimulator(world).clientConfig('us-west-2'));
    await assert.rejects(
      client.send(
        new GetMetricDataCommand({
          ...window,
          MetricDataQueries: [query('lat', 'ReplicationLatency', 60, 'Maximum')],
        }),
      ),
      {
        name: 'AccessDeniedException',
      },
    );
  });
});
