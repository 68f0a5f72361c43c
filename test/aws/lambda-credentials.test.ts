import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { SNSClient } from '@aws-sdk/client-sns';
import { defaultProvider } from '../../shared/aws/lambda-credentials.js';

const NAMES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'] as const;

describe("Lambda credentials (the bundles' credential chain)", () => {
  let saved: Partial<Record<(typeof NAMES)[number], string>>;
  beforeEach(() => {
    saved = Object.fromEntries(NAMES.map((name) => [name, process.env[name]]));
  });
  afterEach(() => {
    for (const name of NAMES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it("reads the execution role's credentials Lambda puts in the environment", async () => {
    process.env.AWS_ACCESS_KEY_ID = 'ASIAEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'secret';
    process.env.AWS_SESSION_TOKEN = 'token';
    const credentials = await defaultProvider()();
    assert.deepEqual(
      [credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken],
      ['ASIAEXAMPLE', 'secret', 'token'],
    );
  });

  it('is what a client built with it signs with', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'ASIACLIENT';
    process.env.AWS_SECRET_ACCESS_KEY = 'secret';
    const client = new SNSClient({ region: 'us-east-1', credentialDefaultProvider: defaultProvider });
    const credentials = await client.config.credentials();
    assert.equal(credentials.accessKeyId, 'ASIACLIENT');
  });

  it('says so when the environment holds no credentials, looking nowhere else', async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    process.env.AWS_PROFILE = 'not-consulted';
    await assert.rejects(defaultProvider()(), /Unable to find environment variable credentials/);
  });
});
