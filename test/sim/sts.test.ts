import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GetKeyPolicyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetBucketVersioningCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { parseWorld } from '../../shared/sim/load-world.js';
import { createSimulator } from '../../shared/sim/simulator.js';

const MONITOR = '111122223333';
const VAULT = '444455556666';
const REFUSING = '777788889999';
const KEY = `arn:aws:kms:us-east-1:${VAULT}:key/1a2b3c4d-0000-4000-8000-000000000001`;
const policy = { Version: '2012-10-17', Statement: [] };

function organizationWorld() {
  return createSimulator(
    parseWorld(
      JSON.stringify({
        now: '2026-11-22T12:00:00Z',
        monitor: { account: MONITOR, region: 'us-east-1' },
        accounts: [{ id: VAULT }, { id: REFUSING, access: 'none' }],
        buckets: [
          { name: 'workloads-data', region: 'us-east-1', account: MONITOR, versioning: 'Enabled' },
          { name: 'vault-replica', region: 'us-east-1', account: VAULT, versioning: 'Enabled' },
          { name: 'refusing-replica', region: 'us-east-1', account: REFUSING, versioning: 'Enabled' },
        ],
        kmsKeys: [{ arn: KEY, state: 'Enabled', policy }],
      }),
      'organization.json',
    ),
  );
}

const readRole = (account: string) => `arn:aws:iam::${account}:role/s3-replication-monitor-read`;

async function assume(simulator: ReturnType<typeof createSimulator>, account: string) {
  const sts = new STSClient(simulator.clientConfig('us-east-1'));
  const { Credentials } = await sts.send(
    new AssumeRoleCommand({ RoleArn: readRole(account), RoleSessionName: 's3-replication-monitor' }),
  );
  assert.ok(Credentials?.AccessKeyId && Credentials.SecretAccessKey);
  const config = simulator.clientConfig('us-east-1');
  return {
    ...config,
    credentials: {
      accessKeyId: Credentials.AccessKeyId,
      secretAccessKey: Credentials.SecretAccessKey,
      sessionToken: Credentials.SessionToken ?? '',
    },
  };
}

describe('STS AssumeRole (world accounts)', () => {
  it('answers credentials of the role’s account, and requests signed with them are answered as that account', async () => {
    const simulator = organizationWorld();
    const config = await assume(simulator, VAULT);
    const identity = await new STSClient(config).send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Account, VAULT);
    const listed = await new S3Client(config).send(new ListBucketsCommand({}));
    assert.deepEqual(
      listed.Buckets?.map((bucket) => bucket.Name),
      ['vault-replica'],
    );
    // KMS answers GetKeyPolicy only in the key's own account: now it does.
    const key = await new KMSClient(config).send(
      new GetKeyPolicyCommand({ KeyId: KEY, PolicyName: 'default' }),
    );
    assert.deepEqual(JSON.parse(key.Policy ?? '{}'), policy);
    await assert.rejects(
      new KMSClient(simulator.clientConfig('us-east-1')).send(
        new GetKeyPolicyCommand({ KeyId: KEY, PolicyName: 'default' }),
      ),
      'the monitor’s own credentials are refused the key policy of another account',
    );
  });

  it('refuses the role of an account with access none, or of an account the world does not know', async () => {
    const simulator = organizationWorld();
    const sts = new STSClient(simulator.clientConfig('us-east-1'));
    for (const account of [REFUSING, '123456789012']) {
      await assert.rejects(
        sts.send(new AssumeRoleCommand({ RoleArn: readRole(account), RoleSessionName: 'monitor' })),
        (error: Error) => {
          assert.equal(error.name, 'AccessDenied');
          assert.match(error.message, new RegExp(`sts:AssumeRole on resource: ${readRole(account)}`));
          return true;
        },
      );
    }
  });

  it('refuses every read of a bucket of an account with access none', async () => {
    const simulator = organizationWorld();
    const s3 = new S3Client(simulator.clientConfig('us-east-1'));
    await assert.rejects(s3.send(new GetBucketVersioningCommand({ Bucket: 'refusing-replica' })), {
      name: 'AccessDenied',
    });
    const readable = await s3.send(new GetBucketVersioningCommand({ Bucket: 'vault-replica' }));
    assert.equal(readable.Status, 'Enabled');
  });

  it('refuses a malformed role ARN as STS does', async () => {
    const simulator = organizationWorld();
    await assert.rejects(
      new STSClient(simulator.clientConfig('us-east-1')).send(
        new AssumeRoleCommand({ RoleArn: 'not-an-arn', RoleSessionName: 'monitor' }),
      ),
      { name: 'ValidationError' },
    );
  });
});
