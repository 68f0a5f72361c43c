import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  type KeyMetadata,
  KMSClient,
  KMSServiceException,
  NotFoundException,
} from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { createKmsKeyReader } from '../../shared/aws/kms-key-reader.js';
import type { KeyFacts } from '../../shared/diagnosis/key-findings.js';

const kms = mockClient(KMSClient);
const regions: string[] = [];
const reader = createKmsKeyReader((region) => {
  regions.push(region);
  return new KMSClient({ region });
});

const KEY_ID = '3333cccc-3333-cccc-3333-cccc3333cccc';
const KEY_ARN = `arn:aws:kms:us-west-2:444455556666:key/${KEY_ID}`;
const KEY_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Enable IAM User Permissions',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::444455556666:root' },
      Action: 'kms:*',
      Resource: '*',
    },
  ],
};

function metadata(overrides: Partial<KeyMetadata> = {}): KeyMetadata {
  return {
    KeyId: KEY_ID,
    Arn: KEY_ARN,
    AWSAccountId: '444455556666',
    Enabled: true,
    KeyState: 'Enabled',
    KeyManager: 'CUSTOMER',
    KeySpec: 'SYMMETRIC_DEFAULT',
    ...overrides,
  };
}

function keyFacts(overrides: Partial<KeyFacts> = {}): KeyFacts {
  return {
    arn: KEY_ARN,
    account: '444455556666',
    region: 'us-west-2',
    state: 'Enabled',
    keyManager: 'CUSTOMER',
    keySpec: 'SYMMETRIC_DEFAULT',
    ...overrides,
  };
}

function kmsError(name: string, status: number): KMSServiceException {
  return new KMSServiceException({
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: status },
    message: name,
  });
}

describe('createKmsKeyReader', () => {
  afterEach(() => {
    kms.reset();
    regions.length = 0;
  });

  describe('describe', () => {
    it('maps the key metadata to key facts', async () => {
      kms.on(DescribeKeyCommand).resolves({ KeyMetadata: metadata() });

      const read = await reader.describe(KEY_ARN, 'us-west-2');

      assert.deepEqual(read, { ok: true, value: keyFacts() });
      assert.deepEqual(
        kms.commandCalls(DescribeKeyCommand).map((call) => call.args[0].input),
        [{ KeyId: KEY_ARN }],
      );
    });

    it('maps the state, manager, spec and deletion date of a key pending deletion', async () => {
      kms.on(DescribeKeyCommand).resolves({
        KeyMetadata: metadata({
          Enabled: false,
          KeyState: 'PendingDeletion',
          KeyManager: 'AWS',
          KeySpec: 'RSA_2048',
          DeletionDate: new Date('2026-12-01T00:00:00.000Z'),
        }),
      });

      const read = await reader.describe(KEY_ARN, 'us-west-2');

      assert.deepEqual(read, {
        ok: true,
        value: keyFacts({
          state: 'PendingDeletion',
          keyManager: 'AWS',
          keySpec: 'RSA_2048',
          deletionDate: '2026-12-01T00:00:00.000Z',
        }),
      });
    });

    it('resolves an alias to the ARN, account and Region of the key it names', async () => {
      kms.on(DescribeKeyCommand).resolves({ KeyMetadata: metadata() });

      const read = await reader.describe('alias/replica', 'us-west-2');

      assert.ok(read.ok);
      assert.equal(read.value?.arn, KEY_ARN);
      assert.equal(read.value?.account, '444455556666');
      assert.equal(read.value?.region, 'us-west-2');
    });

    it('answers undefined for a key KMS does not know', async () => {
      kms
        .on(DescribeKeyCommand)
        .rejects(new NotFoundException({ message: 'Key not found', $metadata: { httpStatusCode: 400 } }));

      assert.deepEqual(await reader.describe(KEY_ARN, 'us-west-2'), { ok: true, value: undefined });
    });

    it('uses the client of the Region in the key ARN, whatever Region the caller gives', async () => {
      kms.on(DescribeKeyCommand).resolves({ KeyMetadata: metadata() });

      await reader.describe(KEY_ARN, 'eu-west-1');

      assert.deepEqual(regions, ['us-west-2']);
    });

    it('uses the client of the given Region for a key id or alias', async () => {
      kms.on(DescribeKeyCommand).resolves({ KeyMetadata: metadata() });

      await reader.describe('alias/replica', 'eu-west-1');
      await reader.describe(KEY_ID, 'ap-southeast-2');

      assert.deepEqual(regions, ['eu-west-1', 'ap-southeast-2']);
    });

    it('reports a refused DescribeKey as access-denied on kms:DescribeKey', async () => {
      kms.on(DescribeKeyCommand).rejects(kmsError('AccessDeniedException', 400));

      const read = await reader.describe(KEY_ARN, 'us-west-2');

      assert.ok(!read.ok);
      assert.deepEqual(
        { kind: read.problem.kind, action: read.problem.action, resource: read.problem.resource },
        { kind: 'access-denied', action: 'kms:DescribeKey', resource: KEY_ARN },
      );
    });
  });

  describe('policy', () => {
    it('answers other-account without calling KMS for a key of another account', async () => {
      const read = await reader.policy(keyFacts(), '111122223333');

      assert.deepEqual(read, { ok: true, value: { kind: 'other-account' } });
      assert.equal(kms.calls().length, 0);
      assert.deepEqual(regions, []);
    });

    it('reads and parses the default policy of a key in the monitor’s account, in its Region', async () => {
      kms.on(GetKeyPolicyCommand).resolves({ Policy: JSON.stringify(KEY_POLICY), PolicyName: 'default' });

      const read = await reader.policy(keyFacts(), '444455556666');

      assert.deepEqual(read, { ok: true, value: { kind: 'policy', document: KEY_POLICY } });
      assert.deepEqual(
        kms.commandCalls(GetKeyPolicyCommand).map((call) => call.args[0].input),
        [{ KeyId: KEY_ARN, PolicyName: 'default' }],
      );
      assert.deepEqual(regions, ['us-west-2']);
    });

    it('tries to read the policy when the monitor’s account is unknown', async () => {
      kms.on(GetKeyPolicyCommand).resolves({ Policy: JSON.stringify(KEY_POLICY) });

      const read = await reader.policy(keyFacts(), undefined);

      assert.deepEqual(read, { ok: true, value: { kind: 'policy', document: KEY_POLICY } });
      assert.equal(kms.commandCalls(GetKeyPolicyCommand).length, 1);
    });

    it('reports a refused GetKeyPolicy as access-denied on kms:GetKeyPolicy for the key ARN', async () => {
      kms.on(GetKeyPolicyCommand).rejects(kmsError('AccessDeniedException', 400));

      const read = await reader.policy(keyFacts(), '444455556666');

      assert.equal(read.ok, false);
      assert.ok(!read.ok);
      assert.equal(read.problem.kind, 'access-denied');
      assert.equal(read.problem.action, 'kms:GetKeyPolicy');
      assert.equal(read.problem.resource, KEY_ARN);
    });
  });
});
