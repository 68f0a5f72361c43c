import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DeadlineExceededError } from '../../shared/model/errors.js';
import { parseWorld } from '../../shared/sim/load-world.js';
import { createSimulator } from '../../shared/sim/simulator.js';
import {
  createClientPool,
  cutOffAt,
  HTTP_TIMEOUTS,
  MAX_SOCKETS_PER_HOST,
} from '../../shared/wiring/clients.js';

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
  it('gives every client keep-alive agents with more sockets than any sampling concurrency, and timeouts', () => {
    const config = createClientPool().get('s3', 'us-east-1', (settings) => settings);
    assert.deepEqual(config.requestHandler, { httpAgent: AGENT, httpsAgent: AGENT, ...HTTP_TIMEOUTS });
    assert.equal(HTTP_TIMEOUTS.throwOnRequestTimeout, true);
    assert.ok(MAX_SOCKETS_PER_HOST >= 256);
  });

  it('merges handler options from extraFor over the socket settings', () => {
    const pool = createClientPool({ extraFor: () => ({ requestHandler: { requestTimeout: 500 } }) });
    const config = pool.get('s3', 'us-east-1', (settings) => settings);
    assert.deepEqual(config.requestHandler, {
      httpAgent: AGENT,
      httpsAgent: AGENT,
      ...HTTP_TIMEOUTS,
      requestTimeout: 500,
    });
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

  it('gives up on a server that never answers: an SNS Publish, as the event function sends it', async () => {
    const server = createServer((request) => request.resume());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const pool = createClientPool({
      extraFor: () => ({
        endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
        maxAttempts: 1,
      }),
    });
    const sns = pool.get('sns', 'us-east-1', (settings) => new SNSClient(settings));
    const started = Date.now();
    try {
      await assert.rejects(
        sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:111122223333:t', Message: 'm' })),
        (error: Error) => error.name === 'TimeoutError',
      );
      const waited = Date.now() - started;
      assert.ok(waited >= HTTP_TIMEOUTS.requestTimeout - 100, `gave up after ${waited} ms`);
      assert.ok(waited < HTTP_TIMEOUTS.requestTimeout + 1_500, `gave up after ${waited} ms`);
    } finally {
      sns.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('cutOffAt', () => {
  /** A client whose calls are answered only when `answer` is called, recording their options. */
  function pendingClient() {
    const options: (object | undefined)[] = [];
    const answers: ((value: string) => void)[] = [];
    const client = {
      config: { region: 'eu-west-1' },
      send: (_command: unknown, given?: object) => {
        options.push(given);
        return new Promise<string>((resolve) => answers.push(resolve));
      },
    };
    return { client, options, answer: (value: string) => answers.shift()?.(value) };
  }

  it('passes calls, answers and every other property through while the signal has not aborted', async () => {
    const { client, options, answer } = pendingClient();
    const controller = new AbortController();
    const cut = cutOffAt(client, controller.signal);
    const call = cut.send('command', { requestTimeout: 5 });
    answer('answered');
    assert.equal(await call, 'answered');
    assert.equal(cut.config.region, 'eu-west-1');
    assert.deepEqual(options, [{ requestTimeout: 5, abortSignal: controller.signal }]);
  });

  it('fails a call in flight at once when the signal aborts, and every later call without sending it', async () => {
    const { client, options } = pendingClient();
    const controller = new AbortController();
    const cut = cutOffAt(client, controller.signal);
    const calls = Array.from({ length: 300 }, () => cut.send('command'));
    controller.abort();
    for (const call of calls) await assert.rejects(call, { name: 'DeadlineExceededError' });
    await assert.rejects(cut.send('later'), DeadlineExceededError);
    assert.equal(options.length, 300, 'the later call was never sent');
  });
});
