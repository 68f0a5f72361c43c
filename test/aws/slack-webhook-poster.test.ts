import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createSlackWebhookPoster } from '../../shared/aws/slack-webhook-poster.js';
import { renderSlackBlocks } from '../../shared/render/slack-blocks.js';
import { notice } from '../helpers/incidents.js';
import { startWireStub } from '../helpers/wire-stub.js';

/** The path of a Slack webhook URL is its secret: no error may show it. */
const SECRET_PATH = '/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX';

type Answer = { status: number; headers?: Record<string, string>; body: string };

describe('createSlackWebhookPoster (a webhook served on 127.0.0.1)', () => {
  let answers: Answer[] = [];
  let stub: Awaited<ReturnType<typeof startWireStub>>;
  let sleeps: number[] = [];
  const sleep = async (milliseconds: number) => {
    sleeps.push(milliseconds);
  };
  before(async () => {
    stub = await startWireStub(() => answers.shift() ?? { status: 200, body: 'ok' });
  });
  after(() => stub.close());
  beforeEach(() => {
    answers = [];
    sleeps = [];
    stub.requests.length = 0;
  });
  const url = () => `${stub.endpoint}${SECRET_PATH}`;
  const message = () => renderSlackBlocks(notice('opened'));

  it('posts the Block Kit message as JSON', async () => {
    await createSlackWebhookPoster({ sleep }).post(url(), message());
    assert.equal(stub.requests.length, 1);
    const [request] = stub.requests;
    assert.equal(request?.method, 'POST');
    assert.equal(request?.url, SECRET_PATH);
    assert.match(String(request?.headers['content-type']), /^application\/json/);
    assert.deepEqual(JSON.parse(request?.body ?? ''), message());
  });

  it('retries a 5xx once after the default delay', async () => {
    answers = [{ status: 500, body: 'rollup_error' }];
    await createSlackWebhookPoster({ sleep }).post(url(), message());
    assert.equal(stub.requests.length, 2);
    assert.deepEqual(sleeps, [1000]);
  });

  it('honours Retry-After on a 429 within the bound', async () => {
    answers = [{ status: 429, headers: { 'retry-after': '2' }, body: 'rate_limited' }];
    await createSlackWebhookPoster({ sleep, maxRetryDelayMs: 3000 }).post(url(), message());
    assert.deepEqual(sleeps, [2000]);
    assert.equal(stub.requests.length, 2);
  });

  it('fails at once when Retry-After is beyond the bound, leaving the retry to Lambda', async () => {
    answers = [{ status: 429, headers: { 'retry-after': '120' }, body: 'rate_limited' }];
    await assert.rejects(createSlackWebhookPoster({ sleep }).post(url(), message()), {
      name: 'DeliveryError',
      message: /retry after 120 s: HTTP 429 rate_limited/,
    });
    assert.equal(stub.requests.length, 1);
    assert.deepEqual(sleeps, []);
  });

  it('throws after a second failure', async () => {
    answers = [
      { status: 503, body: 'unavailable' },
      { status: 502, body: 'bad gateway' },
    ];
    await assert.rejects(createSlackWebhookPoster({ sleep }).post(url(), message()), {
      name: 'DeliveryError',
      message: /failed twice: HTTP 502 bad gateway/,
    });
  });

  it('does not retry a refusal, and never names the URL', async () => {
    answers = [{ status: 400, body: 'invalid_blocks' }];
    const error = await createSlackWebhookPoster({ sleep })
      .post(url(), message())
      .then(
        () => undefined,
        (caught: unknown) => caught as Error,
      );
    assert.ok(error);
    assert.match(error.message, /refused the message: HTTP 400 invalid_blocks/);
    assert.equal(stub.requests.length, 1);
    assert.ok(!`${error.message}${error.stack}${String(error.cause)}`.includes('XXXXXXXX'));
  });

  it('gives up on a webhook that does not answer in time', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      await assert.rejects(
        createSlackWebhookPoster({ sleep, timeoutMs: 200 }).post(
          `http://127.0.0.1:${port}${SECRET_PATH}`,
          message(),
        ),
        (error: Error) =>
          /no answer within 200 ms/.test(error.message) && !error.message.includes('XXXXXXXX'),
      );
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('reports an unreachable webhook by its error code only', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await assert.rejects(
      createSlackWebhookPoster({ sleep }).post(`http://127.0.0.1:${port}${SECRET_PATH}`, message()),
      (error: Error) =>
        error.message === 'Slack webhook could not be reached: ECONNREFUSED' && error.cause === undefined,
    );
  });
});
