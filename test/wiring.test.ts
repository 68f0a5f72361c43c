import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { parseWorld } from '../shared/sim/load-world.js';
import { createSimulator } from '../shared/sim/simulator.js';
import { createClientPool, MAX_SOCKETS_PER_HOST } from '../shared/wiring.js';

const AGENT = { keepAlive: true, maxSockets: MAX_SOCKETS_PER_HOST };

/** Holds requests until `expected` are open at once (at most a second), then answers every one. */
async function startGate(expected: number) {
  let open = 0;
  let maxOpen = 0;
  let released = false;
  const waiting: (() => void)[] = [];
  const releaseAll = () => {
    released = true;
    for (const release of waiting.splice(0)) release();
  };
  const timer = setTimeout(releaseAll, 1000);
  const server = createServer((request, response) => {
    open += 1;
    maxOpen = Math.max(maxOpen, open);
    request.resume();
    waiting.push(() => {
      open -= 1;
      response.writeHead(200, { 'content-length': '0', 'x-amz-replication-status': 'COMPLETED' });
      response.end();
    });
    if (released || open >= expected) releaseAll();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    maxOpen: () => maxOpen,
    close: () => {
      clearTimeout(timer);
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('createClientPool', () => {
  it('gives every client keep-alive agents with more sockets than any sampling concurrency', () => {
    const config = createClientPool().get('s3', 'us-east-1', (settings) => settings);
    assert.deepEqual(config.requestHandler, { httpAgent: AGENT, httpsAgent: AGENT });
    assert.ok(MAX_SOCKETS_PER_HOST >= 256);
  });

  it('merges handler options from extraFor over the socket settings', () => {
    const pool = createClientPool({ extraFor: () => ({ requestHandler: { requestTimeout: 2000 } }) });
    const config = pool.get('s3', 'us-east-1', (settings) => settings);
    assert.deepEqual(config.requestHandler, { httpAgent: AGENT, httpsAgent: AGENT, requestTimeout: 2000 });
  });

  it('uses a handler instance from extraFor as it is', () => {
    const world = parseWorld(
      '{"now":"2026-11-22T12:00:00Z","monitor":{"account":"111122223333","region":"us-east-1"}}',
      'test',
    );
    const simulator = createSimulator(world);
    const pool = createClientPool({ extraFor: (region) => simulator.clientConfig(region) });
    assert.equal(pool.get('s3', 'us-east-1', (settings) => settings).requestHandler, simulator.handler);
  });

  it('keeps 64 requests on the wire at once, beyond the SDK default of 50 sockets', async () => {
    const gate = await startGate(64);
    const pool = createClientPool({
      extraFor: () => ({
        endpoint: gate.endpoint,
        forcePathStyle: true,
        credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
      }),
    });
    const client = pool.get('s3', 'us-east-1', (settings) => new S3Client(settings));
    try {
      await Promise.all(
        Array.from({ length: 64 }, (_, index) =>
          client.send(new HeadObjectCommand({ Bucket: 'src', Key: `object-${index}` })),
        ),
      );
      assert.equal(gate.maxOpen(), 64);
    } finally {
      client.destroy();
      await gate.close();
    }
  });
});
