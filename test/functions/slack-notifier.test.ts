import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { createSlackWebhookPoster } from '../../shared/aws/slack-webhook-poster.js';
import { cachedWebhookUrl, secretWebhookUrl, ssmWebhookUrl } from '../../shared/aws/slack-webhook-url.js';
import { fixedClock } from '../../shared/model/clock.js';
import type { Severity } from '../../shared/model/findings.js';
import { renderDigest } from '../../shared/render/digest-notification.js';
import { renderIncidentNotification } from '../../shared/render/incident-notification.js';
import { digest, failingIncident, notice } from '../helpers/incidents.js';
import { snsEvent } from '../helpers/sns-event.js';
import { startWireStub } from '../helpers/wire-stub.js';

// The module validates its configuration when loaded, as in Lambda.
process.env.SLACK_WEBHOOK_PARAMETER ??= '/s3-replication-monitor/slack-webhook';
const { createSlackNotifierHandler } = await import('../../functions/slack-notifier.js');

const TOKEN = 'sEcReTtOkEn0123456789abc';
const PARAMETER = '/s3-replication-monitor/slack-webhook';
const ssm = mockClient(SSMClient);
const secrets = mockClient(SecretsManagerClient);

const openedBody = () => renderIncidentNotification(notice('opened')).message.default;

/**
 * Everything the logger writes while `run` runs: where a leaked secret would show. The logger is
 * built in dev mode (POWERTOOLS_DEV), where it writes through the global console, so the test
 * patches console methods and never the process streams the test runner reports on.
 */
async function captureLogs<T>(
  run: () => Promise<T>,
): Promise<{ output: string; result: PromiseSettledResult<T> }> {
  const lines: string[] = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const saved = methods.map((method) => console[method]);
  for (const method of methods)
    console[method] = (...values: unknown[]) => lines.push(values.map(String).join(' '));
  try {
    const [result] = await Promise.allSettled([run()]);
    return { output: lines.join('\n'), result: result as PromiseSettledResult<T> };
  } finally {
    methods.forEach((method, index) => {
      console[method] = saved[index] as (typeof console)[typeof method];
    });
  }
}

function devLogger(): Logger {
  const previous = process.env.POWERTOOLS_DEV;
  process.env.POWERTOOLS_DEV = 'true';
  try {
    return new Logger({ serviceName: 'test', logLevel: 'DEBUG' });
  } finally {
    if (previous === undefined) delete process.env.POWERTOOLS_DEV;
    else process.env.POWERTOOLS_DEV = previous;
  }
}

describe('slack-notifier handler', () => {
  let stub: Awaited<ReturnType<typeof startWireStub>>;
  let answers: { status: number; body: string }[] = [];
  before(async () => {
    stub = await startWireStub(() => answers.shift() ?? { status: 200, body: 'ok' });
  });
  after(() => stub.close());
  beforeEach(() => {
    ssm.reset();
    secrets.reset();
    answers = [];
    stub.requests.length = 0;
    ssm
      .on(GetParameterCommand)
      .resolves({ Parameter: { Value: `${stub.endpoint}/services/T0/B0/${TOKEN}` } });
  });

  function handler(
    minimumSeverity: Severity = 'warning',
    source = ssmWebhookUrl(new SSMClient({}), PARAMETER),
    logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' }),
  ) {
    return createSlackNotifierHandler({
      webhookUrl: cachedWebhookUrl(source, fixedClock('2026-11-22T12:00:00Z')),
      poster: createSlackWebhookPoster({ sleep: async () => {} }),
      minimumSeverity,
      logger,
      metrics: new Metrics({ namespace: 'Test', serviceName: 'test' }),
    });
  }

  it('posts an incident notice as Block Kit to the webhook kept in SSM, read once', async () => {
    const notify = handler();
    assert.deepEqual(await notify(snsEvent(openedBody())), { records: 1, posted: 1, skipped: 0, ignored: 0 });
    await notify(snsEvent(openedBody()));
    assert.equal(ssm.commandCalls(GetParameterCommand).length, 1);
    assert.equal(stub.requests.length, 2);
    const posted = JSON.parse(stub.requests[0]?.body ?? '{}');
    assert.equal(stub.requests[0]?.url, `/services/T0/B0/${TOKEN}`);
    assert.equal(posted.blocks[0].type, 'header');
    assert.match(posted.text, /^CRITICAL: Objects are failing to replicate/);
  });

  it('skips a notice below the minimum severity and still posts the digest', async () => {
    const warning = renderIncidentNotification(
      notice('opened', failingIncident({ severity: 'warning', kind: 'replication-delayed' })),
    ).message.default;
    const outcome = await handler('critical')(snsEvent(warning, renderDigest(digest()).message.default));
    assert.deepEqual(outcome, { records: 2, posted: 1, skipped: 1, ignored: 0 });
    assert.match(JSON.parse(stub.requests[0]?.body ?? '{}').text, /^Digest: 1 open info-level incident/);
  });

  it('sets aside a message that is not a notice, without retrying it', async () => {
    const legacy = JSON.stringify({ source: 's3-replication-monitor', version: 1, fingerprint: 'abc' });
    const outcome = await handler()(snsEvent(legacy, 'plain text from the console'));
    assert.deepEqual(outcome, { records: 2, posted: 0, skipped: 0, ignored: 2 });
    assert.equal(stub.requests.length, 0);
  });

  it('reads the webhook from Secrets Manager when configured so', async () => {
    secrets.on(GetSecretValueCommand).resolves({
      SecretString: JSON.stringify({ url: `${stub.endpoint}/services/T0/B0/${TOKEN}` }),
    });
    const source = secretWebhookUrl(
      new SecretsManagerClient({}),
      'arn:aws:secretsmanager:us-east-1:111122223333:secret:slack-webhook-AbCdEf',
    );
    await handler('warning', source)(snsEvent(openedBody()));
    assert.equal(stub.requests.length, 1);
    assert.equal(ssm.commandCalls(GetParameterCommand).length, 0);
  });

  it('throws when Slack fails twice, so Lambda retries, and never logs the webhook', async () => {
    answers = [
      { status: 500, body: 'rollup_error' },
      { status: 500, body: 'rollup_error' },
    ];
    const { output, result } = await captureLogs(() =>
      handler('warning', undefined, devLogger())(snsEvent(openedBody())),
    );
    assert.equal(result.status, 'rejected');
    assert.ok(result.status === 'rejected');
    assert.equal((result.reason as Error).name, 'DeliveryError');
    assert.match(output, /Slack delivery failed/);
    assert.ok(!output.includes(TOKEN), 'the webhook URL is not in the logs');
    assert.ok(!String((result.reason as Error).stack).includes(TOKEN));
  });

  it('never logs the webhook on success either', async () => {
    const { output, result } = await captureLogs(() =>
      handler('warning', undefined, devLogger())(snsEvent(openedBody())),
    );
    assert.equal(result.status, 'fulfilled');
    assert.match(output, /Posted to Slack/);
    assert.ok(!output.includes(TOKEN));
  });

  it('propagates a failure to read the webhook', async () => {
    ssm
      .on(GetParameterCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    await assert.rejects(handler()(snsEvent(openedBody())), { name: 'AccessDeniedException' });
    assert.equal(stub.requests.length, 0);
  });
});
