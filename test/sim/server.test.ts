import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { startSimulatorServer } from '../../shared/sim/server.js';
import { fixtureSimulator } from '../helpers/sim-fixture.js';

describe('startSimulatorServer', () => {
  it('answers real SDK clients over node:http with latency and injected faults', async () => {
    const simulator = fixtureSimulator();
    let faults = 1;
    const server = await startSimulatorServer(simulator, {
      latencyFor: (request) => (request.method === 'HEAD' ? 20 : undefined),
      fault: (request) => {
        if (request.method !== 'HEAD' || faults === 0) return undefined;
        faults -= 1;
        return { statusCode: 503, headers: {}, body: '' };
      },
    });
    try {
      const s3 = new S3Client({
        ...simulator.clientConfig('us-east-1'),
        requestHandler: undefined,
        endpoint: server.endpoint,
        forcePathStyle: true,
      });
      const started = performance.now();
      const head = await s3.send(new HeadObjectCommand({ Bucket: 'src-bucket', Key: 'Tax/report 2026.pdf' }));
      assert.equal(head.ReplicationStatus, 'PENDING');
      assert.equal(head.ContentLength, 52008);
      assert.equal(head.$metadata.attempts, 2, 'the SDK retried the injected 503');
      assert.ok(performance.now() - started >= 40);
      const list = await s3.send(new ListObjectsV2Command({ Bucket: 'big-bucket', MaxKeys: 5 }));
      assert.equal(list.KeyCount, 5);
      const cloudwatch = new CloudWatchClient({
        ...simulator.clientConfig('us-west-2'),
        requestHandler: undefined,
        endpoint: server.endpoint,
      });
      const metrics = await cloudwatch.send(
        new GetMetricDataCommand({
          StartTime: new Date('2026-11-22T11:00:00Z'),
          EndTime: new Date('2026-11-22T12:00:00Z'),
          MetricDataQueries: [
            {
              Id: 'lat',
              MetricStat: {
                Metric: {
                  Namespace: 'AWS/S3',
                  MetricName: 'ReplicationLatency',
                  Dimensions: [
                    { Name: 'SourceBucket', Value: 'src-bucket' },
                    { Name: 'DestinationBucket', Value: 'dst-bucket' },
                    { Name: 'RuleId', Value: 'to-dr' },
                  ],
                },
                Period: 3600,
                Stat: 'Maximum',
              },
            },
          ],
        }),
      );
      assert.deepEqual(metrics.MetricDataResults?.[0]?.Values, [9]);
      assert.equal(server.requestCount, 4);
    } finally {
      await server.close();
    }
  });
});
