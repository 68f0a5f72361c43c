import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DescribeKeyCommand, GetKeyPolicyCommand, KMSClient, ListAliasesCommand } from '@aws-sdk/client-kms';
import { fixtureSimulator, REPLICA_KEY, SOURCE_KEY } from '../helpers/sim-fixture.js';

function kms(region: string, account?: string) {
  return new KMSClient(fixtureSimulator().clientConfig(region, account === undefined ? {} : { account }));
}

describe('KMS DescribeKey', () => {
  it('answers key metadata by key ARN, key id, alias name and alias ARN', async () => {
    const client = kms('us-east-1');
    for (const keyId of [
      SOURCE_KEY,
      '0a1b2c3d-1111-4a5b-9c8d-111122223333',
      'alias/source-data',
      'arn:aws:kms:us-east-1:111122223333:alias/source-data',
    ]) {
      const { KeyMetadata: metadata } = await client.send(new DescribeKeyCommand({ KeyId: keyId }));
      assert.equal(metadata?.Arn, SOURCE_KEY);
      assert.equal(metadata?.KeyId, '0a1b2c3d-1111-4a5b-9c8d-111122223333');
      assert.equal(metadata?.AWSAccountId, '111122223333');
      assert.equal(metadata?.KeyState, 'Enabled');
      assert.equal(metadata?.Enabled, true);
      assert.equal(metadata?.KeyManager, 'CUSTOMER');
      assert.ok(metadata?.CreationDate instanceof Date);
    }
  });

  it('answers a pending-deletion key cross-account by ARN with its DeletionDate', async () => {
    const { KeyMetadata: metadata } = await kms('us-west-2').send(
      new DescribeKeyCommand({ KeyId: REPLICA_KEY }),
    );
    assert.equal(metadata?.KeyState, 'PendingDeletion');
    assert.equal(metadata?.Enabled, false);
    assert.deepEqual(metadata?.DeletionDate, new Date('2026-11-29T00:00:00Z'));
  });

  it('answers NotFoundException for unknown keys and ARNs of another Region', async () => {
    const client = kms('us-east-1');
    for (const keyId of ['alias/missing', REPLICA_KEY]) {
      await assert.rejects(
        client.send(new DescribeKeyCommand({ KeyId: keyId })),
        (error: Error & { $metadata: { httpStatusCode: number } }) =>
          error.name === 'NotFoundException' && error.$metadata.httpStatusCode === 400,
      );
    }
  });

  it('refuses a denied key with AccessDeniedException', async () => {
    await assert.rejects(
      kms('us-east-1').send(
        new DescribeKeyCommand({ KeyId: 'arn:aws:kms:us-east-1:111122223333:key/deadbeef-0000' }),
      ),
      { name: 'AccessDeniedException' },
    );
  });
});

describe('KMS GetKeyPolicy and ListAliases', () => {
  it('answers the policy as a JSON string in the key account, the default policy when none is set', async () => {
    const output = await kms('us-east-1').send(new GetKeyPolicyCommand({ KeyId: SOURCE_KEY }));
    assert.equal(output.PolicyName, 'default');
    const policy = JSON.parse(output.Policy ?? '');
    assert.equal(policy.Statement[0].Principal.AWS, 'arn:aws:iam::111122223333:root');
    const replica = await kms('us-west-2', '444455556666').send(
      new GetKeyPolicyCommand({ KeyId: REPLICA_KEY }),
    );
    assert.deepEqual(JSON.parse(replica.Policy ?? ''), { Version: '2012-10-17', Statement: [] });
  });

  it('refuses a cross-account GetKeyPolicy with AccessDeniedException', async () => {
    await assert.rejects(kms('us-west-2').send(new GetKeyPolicyCommand({ KeyId: REPLICA_KEY })), {
      name: 'AccessDeniedException',
    });
  });

  it('lists aliases of the Region and account, optionally for one key', async () => {
    const all = await kms('us-east-1').send(new ListAliasesCommand({}));
    assert.deepEqual(
      all.Aliases?.map((alias) => [alias.AliasName, alias.AliasArn, alias.TargetKeyId]),
      [
        [
          'alias/source-data',
          'arn:aws:kms:us-east-1:111122223333:alias/source-data',
          '0a1b2c3d-1111-4a5b-9c8d-111122223333',
        ],
      ],
    );
    const forKey = await kms('us-west-2').send(new ListAliasesCommand({ KeyId: REPLICA_KEY }));
    assert.deepEqual(
      forKey.Aliases?.map((alias) => alias.AliasName),
      ['alias/replica-data'],
    );
  });
});
