import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { parseWorld } from '../../shared/sim/load-world.js';
import { createSimulator } from '../../shared/sim/simulator.js';
import { syntheticKey, syntheticObject } from '../../shared/sim/synthetic.js';

const now = new Date('2026-11-22T12:00:00Z');
const spec = {
  count: 100_000,
  keyPrefix: 'logs/',
  statusMix: { COMPLETED: 0.98, PENDING: 0.015, FAILED: 0.005 },
  maxAgeMinutes: 1440,
  seed: 1,
};

function bigWorld(count: number) {
  return parseWorld(
    JSON.stringify({
      now: now.toISOString(),
      monitor: { account: '111122223333', region: 'us-east-1' },
      buckets: [
        {
          name: 'big-bucket',
          region: 'us-east-1',
          account: '111122223333',
          versioning: 'Enabled',
          syntheticObjects: { ...spec, count },
        },
      ],
    }),
    'big.json',
  );
}

describe('syntheticObject', () => {
  it('computes the same object from seed and index alone', () => {
    assert.deepEqual(syntheticObject(spec, 4242, now, true), syntheticObject(spec, 4242, now, true));
    assert.notDeepEqual(
      syntheticObject(spec, 4242, now, true),
      syntheticObject({ ...spec, seed: 2 }, 4242, now, true),
    );
  });

  it('pads keys so lexical order is index order', () => {
    assert.equal(syntheticKey(spec, 7), 'logs/00007');
    assert.ok(syntheticKey(spec, 9999) < syntheticKey(spec, 10000));
  });

  it('follows the status mix and spreads lastModified over [now - maxAge, now]', () => {
    const counts = { COMPLETED: 0, PENDING: 0, FAILED: 0 } as Record<string, number>;
    const earliest = now.getTime() - spec.maxAgeMinutes * 60_000;
    for (let index = 0; index < 20_000; index++) {
      const object = syntheticObject(spec, index, now, true);
      counts[object.replicationStatus ?? 'none'] = (counts[object.replicationStatus ?? 'none'] ?? 0) + 1;
      const time = Date.parse(object.lastModified);
      assert.ok(time >= earliest - 1000 && time <= now.getTime());
      assert.match(object.versionId, /^[A-Za-z0-9._]{32}$/);
    }
    assert.ok(Math.abs((counts.COMPLETED ?? 0) / 20_000 - 0.98) < 0.01);
    assert.ok(Math.abs((counts.PENDING ?? 0) / 20_000 - 0.015) < 0.005);
    assert.ok((counts.FAILED ?? 0) > 0);
  });

  it('finds object i of a million without generating the others', () => {
    const started = performance.now();
    const object = syntheticObject({ ...spec, count: 1_000_000 }, 999_999, now, true);
    assert.equal(object.key, 'logs/999999');
    assert.ok(performance.now() - started < 50);
  });

  it('gives the version id "null" in a bucket never versioned', () => {
    assert.equal(syntheticObject(spec, 1, now, false).versionId, 'null');
  });
});

describe('ListObjectsV2 over synthetic objects', () => {
  // A million keys take about 30 s through the SDK (its XML parsing dominates), so the test lists 100,000.
  it('lists 100,000 keys page by page, in order, without materialising them', async () => {
    const simulator = createSimulator(bigWorld(100_000));
    const s3 = new S3Client(simulator.clientConfig('us-east-1'));
    const started = performance.now();
    const heapBefore = process.memoryUsage().heapUsed;
    let token: string | undefined;
    let count = 0;
    let previous = '';
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: 'big-bucket', ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        assert.ok((object.Key ?? '') > previous);
        previous = object.Key ?? '';
        count += 1;
      }
      token = page.NextContinuationToken;
    } while (token !== undefined);
    const seconds = (performance.now() - started) / 1000;
    assert.equal(count, 100_000);
    assert.equal(previous, 'logs/99999');
    assert.ok(seconds < 10, `took ${seconds.toFixed(1)} s`);
    assert.ok(process.memoryUsage().heapUsed - heapBefore < 100 * 1024 * 1024);
  });
});
