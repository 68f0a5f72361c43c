import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import {
  cachedWebhookUrl,
  secretWebhookUrl,
  ssmWebhookUrl,
  webhookUrlFrom,
} from '../../shared/aws/slack-webhook-url.js';
import type { Clock } from '../../shared/model/clock.js';

const WEBHOOK = 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX';
const PARAMETER = '/s3-replication-monitor/slack-webhook';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:slack-webhook-AbCdEf';

const ssm = mockClient(SSMClient);
const secrets = mockClient(SecretsManagerClient);

/** A clock the test moves by hand. */
function manualClock(start = Date.parse('2026-11-22T12:00:00Z')) {
  let now = start;
  const clock: Clock = { now: () => new Date(now) };
  return { clock, advance: (milliseconds: number) => (now += milliseconds) };
}

describe('ssmWebhookUrl', () => {
  beforeEach(() => ssm.reset());

  it('reads the SecureString decrypted', async () => {
    ssm
      .on(GetParameterCommand)
      .resolves({ Parameter: { Name: PARAMETER, Type: 'SecureString', Value: WEBHOOK } });
    const url = await ssmWebhookUrl(new SSMClient({ region: 'us-east-1' }), PARAMETER)();
    assert.equal(url, WEBHOOK);
    assert.deepEqual(ssm.commandCalls(GetParameterCommand)[0]?.args[0].input, {
      Name: PARAMETER,
      WithDecryption: true,
    });
  });

  it('refuses a value that is not a webhook URL, naming the parameter and not the value', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: 'not-a-url-but-secret-token' } });
    await assert.rejects(
      ssmWebhookUrl(new SSMClient({ region: 'us-east-1' }), PARAMETER)(),
      (error: Error) => {
        assert.equal(error.name, 'ConfigurationError');
        assert.ok(error.message.includes(PARAMETER));
        assert.ok(!error.message.includes('secret-token'));
        return true;
      },
    );
  });
});

describe('secretWebhookUrl', () => {
  beforeEach(() => secrets.reset());

  it('reads a plain secret string', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: WEBHOOK });
    assert.equal(
      await secretWebhookUrl(new SecretsManagerClient({ region: 'us-east-1' }), SECRET_ARN)(),
      WEBHOOK,
    );
    assert.equal(secrets.commandCalls(GetSecretValueCommand)[0]?.args[0].input.SecretId, SECRET_ARN);
  });

  it('reads a JSON secret with a url field', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ url: WEBHOOK }) });
    assert.equal(
      await secretWebhookUrl(new SecretsManagerClient({ region: 'us-east-1' }), SECRET_ARN)(),
      WEBHOOK,
    );
  });

  it('refuses a binary secret with no string', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array([1, 2]) });
    await assert.rejects(secretWebhookUrl(new SecretsManagerClient({ region: 'us-east-1' }), SECRET_ARN)(), {
      name: 'ConfigurationError',
    });
  });
});

describe('cachedWebhookUrl', () => {
  it('reads once per five minutes, then again', async () => {
    let reads = 0;
    const { clock, advance } = manualClock();
    const source = cachedWebhookUrl(async () => `${WEBHOOK}-${++reads}`, clock);
    assert.equal(await source(), `${WEBHOOK}-1`);
    advance(299_000);
    assert.equal(await source(), `${WEBHOOK}-1`);
    advance(2000);
    assert.equal(await source(), `${WEBHOOK}-2`);
  });

  it('shares one read between concurrent callers and does not remember a failure', async () => {
    let reads = 0;
    const { clock } = manualClock();
    let fail = true;
    const source = cachedWebhookUrl(async () => {
      reads += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (fail) throw new Error('throttled');
      return WEBHOOK;
    }, clock);
    const results = await Promise.allSettled([source(), source(), source()]);
    assert.equal(reads, 1);
    assert.ok(results.every((result) => result.status === 'rejected'));
    fail = false;
    assert.equal(await source(), WEBHOOK);
    assert.equal(reads, 2);
  });
});

describe('webhookUrlFrom', () => {
  it('accepts https, and http only on the loopback interface', () => {
    assert.equal(webhookUrlFrom(` ${WEBHOOK}\n`, 'p'), WEBHOOK);
    assert.equal(webhookUrlFrom('http://127.0.0.1:8080/hook', 'p'), 'http://127.0.0.1:8080/hook');
    assert.throws(() => webhookUrlFrom('http://hooks.slack.com/services/x', 'p'), {
      name: 'ConfigurationError',
    });
    assert.throws(() => webhookUrlFrom(undefined, 'p'), { name: 'ConfigurationError' });
  });
});
