import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSlackWebhookPoster } from '../../shared/aws/slack-webhook-poster.js';
import { loadSlackConfig } from '../../shared/config/slack-config.js';
import { fixedClock } from '../../shared/model/clock.js';
import { renderIncidentNotification } from '../../shared/render/incident-notification.js';
import type { FaultKind } from '../../shared/sim/faults.js';
import { createClientPool } from '../../shared/wiring/clients.js';
import { createWebhookUrlSource } from '../../shared/wiring/slack.js';
import { notice } from '../helpers/incidents.js';
import { tally } from '../helpers/reliability/figures.js';
import { recordingObservability } from '../helpers/reliability/observability.js';
import { quickRetry } from '../helpers/reliability/retry.js';
import { snsEvent } from '../helpers/sns-event.js';
import { type CapturedRequest, type StubAnswer, startWireStub } from '../helpers/wire-stub.js';

// The module validates its configuration when loaded, as in Lambda.
process.env.SLACK_WEBHOOK_PARAMETER ??= '/s3-replication-monitor/slack-webhook';
const { createSlackNotifierHandler } = await import('../../functions/slack-notifier.js');

/** A call that hangs past the clients' timeouts fails the suite instead of stalling CI. */
const HANG = 60_000;
const TOKEN = 'sEcReTtOkEn0123456789abc';
const PARAMETER = '/s3-replication-monitor/slack-webhook';
const SECRET = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:slack-webhook-AbCdEf';

/** Where the webhook URL is read: SSM Parameter Store, or Secrets Manager. */
type Store = 'ssm' | 'secretsmanager';
const TARGET_PREFIX: Record<Store, string> = { ssm: 'AmazonSSM.', secretsmanager: 'secretsmanager.' };

/** Each service's JSON 1.1 error answers: the SDK retries the throttling and server ones. */
const AWS_ERRORS: Record<Exclude<FaultKind, 'timeout' | 'reset'>, [number, string]> = {
  throttle: [400, 'ThrottlingException'],
  'server-error': [500, 'InternalServerError'],
  'access-denied': [400, 'AccessDeniedException'],
};
const WEBHOOK_ERRORS: Record<'server-error' | 'throttle', StubAnswer> = {
  'server-error': { status: 500, body: 'internal_error' },
  throttle: { status: 429, headers: { 'retry-after': '1' }, body: 'rate_limited' },
};

const asStub = (kind: FaultKind, answer: StubAnswer): StubAnswer | 'hang' | 'reset' =>
  kind === 'timeout' ? 'hang' : kind === 'reset' ? 'reset' : answer;
const json = (body: unknown): StubAnswer => ({
  status: 200,
  headers: { 'content-type': 'application/x-amz-json-1.1' },
  body: JSON.stringify(body),
});

/** SNS delivers one record per invocation: here, an incident's `opened` notice. */
const opened = () => snsEvent(renderIncidentNotification(notice('opened')).message.default);

describe('Slack notifier: faults reading the webhook and posting to it', { timeout: HANG }, () => {
  /** Answers the failing part while set; SSM, Secrets Manager and the webhook otherwise. */
  let fault: { on: Store | 'webhook'; answer: StubAnswer | 'hang' | 'reset' } | undefined;
  let stub: Awaited<ReturnType<typeof startWireStub>>;
  const webhookUrl = () => `${stub.endpoint}/services/T0/B0/${TOKEN}`;
  const partOf = (request: CapturedRequest): Store | 'webhook' => {
    const target = String(request.headers['x-amz-target'] ?? '');
    if (target.startsWith(TARGET_PREFIX.ssm)) return 'ssm';
    if (target.startsWith(TARGET_PREFIX.secretsmanager)) return 'secretsmanager';
    return 'webhook';
  };
  before(async () => {
    stub = await startWireStub((request) => {
      const part = partOf(request);
      if (fault?.on === part) return fault.answer;
      if (part === 'ssm')
        return json({
          Parameter: { Name: PARAMETER, Type: 'SecureString', Value: webhookUrl(), Version: 1 },
        });
      if (part === 'secretsmanager')
        return json({ ARN: SECRET, Name: 'slack-webhook', SecretString: webhookUrl() });
      return { status: 200, body: 'ok' };
    });
  });
  after(() => stub.close());

  /** The notifier as its module wires it, with real SDK clients on the stub and test-sized waits. */
  function notifier(store: Store) {
    const config = loadSlackConfig({
      AWS_REGION: 'us-east-1',
      ...(store === 'ssm' ? { SLACK_WEBHOOK_PARAMETER: PARAMETER } : { SLACK_WEBHOOK_SECRET_ARN: SECRET }),
    });
    const clients = createClientPool({
      extraFor: () => ({
        endpoint: stub.endpoint,
        credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
        requestHandler: { requestTimeout: 300 },
        retryStrategy: quickRetry(),
      }),
    });
    const observability = recordingObservability();
    const handler = createSlackNotifierHandler({
      webhookUrl: createWebhookUrlSource(config, clients, fixedClock('2026-11-22T12:00:00Z')),
      poster: createSlackWebhookPoster({ timeoutMs: 300, sleep: async () => {} }),
      minimumSeverity: config.minimumSeverity,
      logger: observability.logger,
      metrics: observability.metrics,
    });
    return { handler, observability };
  }

  const posted = () => stub.requests.filter((request) => partOf(request) === 'webhook');

  /**
   * One invocation with the fault on, then Lambda's asynchronous retry with it gone. The first
   * must fail (so Lambda retries and, past its retries, keeps the notice in the failure
   * destination), log the failure without the webhook, and the retry must post the notice.
   */
  async function failThenRetry(store: Store, on: Store | 'webhook', kind: FaultKind, answer: StubAnswer) {
    stub.requests.length = 0;
    const { handler, observability } = notifier(store);
    fault = { on, answer: asStub(kind, answer) };
    try {
      await assert.rejects(handler(opened()));
    } finally {
      fault = undefined;
    }
    const injected = stub.requests.filter((request) => partOf(request) === on).length;
    assert.ok(injected > 0, 'the fault was met');
    tally(`faults.${kind}`, injected);
    const attempts = posted().length;
    assert.equal(observability.metric('SlackDeliveryFailures'), 1);
    assert.equal(observability.metric('SlackMessagesPosted'), 0);
    assert.ok(
      observability.logs.some(
        (entry) => entry.level === 'error' && entry.message === 'Slack delivery failed',
      ),
    );
    assert.deepEqual(await handler(opened()), { records: 1, posted: 1, skipped: 0, ignored: 0 });
    assert.equal(posted().length, attempts + 1, 'the retry posts the notice, once');
    const logged = JSON.stringify(observability.logs);
    assert.ok(!logged.includes(TOKEN), 'the webhook URL is a credential: never logged');
    return { injected, attempts };
  }

  for (const store of ['ssm', 'secretsmanager'] as const) {
    for (const kind of ['throttle', 'server-error', 'access-denied', 'timeout', 'reset'] as const) {
      it(`${store} ${kind}: the invocation fails before posting, and the retry posts the notice`, async () => {
        const [status, code] = AWS_ERRORS[kind === 'timeout' || kind === 'reset' ? 'server-error' : kind];
        const { attempts } = await failThenRetry(store, store, kind, {
          status,
          headers: { 'content-type': 'application/x-amz-json-1.1' },
          body: JSON.stringify({ __type: code, message: code }),
        });
        assert.equal(attempts, 0, 'nothing was posted without the webhook');
      });
    }
  }

  for (const kind of ['server-error', 'throttle'] as const) {
    it(`webhook ${kind} twice: the notifier's one retry is spent, the invocation fails, and Lambda's retry posts`, async () => {
      const { injected } = await failThenRetry('ssm', 'webhook', kind, WEBHOOK_ERRORS[kind]);
      assert.equal(injected, 2, 'one attempt and one retry');
    });
  }

  for (const kind of ['timeout', 'reset'] as const) {
    it(`webhook ${kind}: not retried in the invocation (it may have been delivered), which fails; Lambda's retry posts`, async () => {
      const { injected } = await failThenRetry('ssm', 'webhook', kind, WEBHOOK_ERRORS['server-error']);
      assert.equal(injected, 1);
    });
  }
});
