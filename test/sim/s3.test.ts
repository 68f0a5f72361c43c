import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketReplicationCommand,
  GetBucketRequestPaymentCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetObjectTaggingCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketReplicationCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { parseWorld } from '../../shared/sim/load-world.js';
import { createSimulator } from '../../shared/sim/simulator.js';
import { fixtureSimulator, fixtureWorldJson, REPLICA_KEY, ROLE, SOURCE_KEY } from '../helpers/sim-fixture.js';

function s3(region = 'us-east-1') {
  const simulator = fixtureSimulator();
  return { simulator, client: new S3Client(simulator.clientConfig(region)) };
}

async function rejection(
  promise: Promise<unknown>,
): Promise<{ name: string; status?: number; attempts?: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    const failure = error as Error & { $metadata?: { httpStatusCode?: number; attempts?: number } };
    return {
      name: failure.name,
      status: failure.$metadata?.httpStatusCode,
      attempts: failure.$metadata?.attempts,
      message: failure.message,
    };
  }
  assert.fail('the call succeeded');
}

describe('S3 bucket calls', () => {
  it('ListBuckets lists the caller account buckets with their Region', async () => {
    const { client } = s3();
    const output = await client.send(new ListBucketsCommand({}));
    assert.deepEqual(
      output.Buckets?.map((bucket) => [bucket.Name, bucket.BucketRegion]),
      [
        ['big-bucket', 'us-east-1'],
        ['plain-bucket', 'us-east-1'],
        ['src-bucket', 'us-east-1'],
      ],
    );
    assert.ok(output.Buckets?.[0]?.CreationDate instanceof Date);
  });

  it('GetBucketLocation answers the bucket Region, us-east-1 as an empty constraint, whatever Region is asked', async () => {
    const { client } = s3('us-west-2');
    assert.equal(
      (await client.send(new GetBucketLocationCommand({ Bucket: 'dst-bucket' }))).LocationConstraint,
      'us-west-2',
    );
    assert.equal(
      (await client.send(new GetBucketLocationCommand({ Bucket: 'src-bucket' }))).LocationConstraint,
      undefined,
    );
  });

  it('HeadBucket answers the Region header, and NotFound for a missing bucket', async () => {
    const { client } = s3();
    assert.equal(
      (await client.send(new HeadBucketCommand({ Bucket: 'dst-bucket' }))).BucketRegion,
      'us-west-2',
    );
    const failure = await rejection(client.send(new HeadBucketCommand({ Bucket: 'no-such-bucket' })));
    assert.deepEqual([failure.name, failure.status], ['NotFound', 404]);
  });

  it('GetBucketReplication answers the configuration verbatim, V1 and V2 rules', async () => {
    const { client } = s3();
    const output = await client.send(new GetBucketReplicationCommand({ Bucket: 'src-bucket' }));
    const [v2, v1] = output.ReplicationConfiguration?.Rules ?? [];
    assert.equal(output.ReplicationConfiguration?.Role, ROLE);
    assert.deepEqual(v2?.Filter, { And: { Prefix: 'Tax/', Tags: [{ Key: 'replicate', Value: 'true' }] } });
    assert.equal(v2?.Priority, 1);
    assert.equal(v2?.Destination?.EncryptionConfiguration?.ReplicaKmsKeyID, REPLICA_KEY);
    assert.deepEqual(v2?.Destination?.ReplicationTime, { Status: 'Enabled', Time: { Minutes: 15 } });
    assert.deepEqual(v1, {
      ID: 'v1-logs',
      Prefix: 'logs/',
      Status: 'Enabled',
      Destination: { Bucket: 'arn:aws:s3:::dst-bucket' },
    });
  });

  it('answers S3 real errors for missing configurations', async () => {
    const { client } = s3();
    const cases: [() => Promise<unknown>, string][] = [
      [
        () => client.send(new GetBucketReplicationCommand({ Bucket: 'dst-bucket' })),
        'ReplicationConfigurationNotFoundError',
      ],
      [
        () => client.send(new GetObjectLockConfigurationCommand({ Bucket: 'src-bucket' })),
        'ObjectLockConfigurationNotFoundError',
      ],
      [() => client.send(new GetBucketPolicyCommand({ Bucket: 'src-bucket' })), 'NoSuchBucketPolicy'],
      [() => client.send(new GetBucketVersioningCommand({ Bucket: 'no-such-bucket' })), 'NoSuchBucket'],
    ];
    for (const [call, name] of cases) {
      const failure = await rejection(call());
      // One attempt: the world's clock (months from the machine's) stays out of the Date header,
      // or the SDK would take every error for clock skew and retry it.
      assert.deepEqual([failure.name, failure.status, failure.attempts], [name, 404, 1]);
    }
  });

  it('answers versioning, Object Lock, request payment, policy and encryption', async () => {
    const { client } = s3();
    assert.equal(
      (await client.send(new GetBucketVersioningCommand({ Bucket: 'dst-bucket' }))).Status,
      'Suspended',
    );
    assert.equal(
      (await client.send(new GetBucketVersioningCommand({ Bucket: 'plain-bucket' }))).Status,
      undefined,
    );
    const lock = await client.send(new GetObjectLockConfigurationCommand({ Bucket: 'dst-bucket' }));
    assert.equal(lock.ObjectLockConfiguration?.ObjectLockEnabled, 'Enabled');
    assert.equal(
      (await client.send(new GetBucketRequestPaymentCommand({ Bucket: 'dst-bucket' }))).Payer,
      'Requester',
    );
    assert.equal(
      (await client.send(new GetBucketRequestPaymentCommand({ Bucket: 'src-bucket' }))).Payer,
      'BucketOwner',
    );
    const policy = await client.send(new GetBucketPolicyCommand({ Bucket: 'dst-bucket' }));
    assert.deepEqual(JSON.parse(policy.Policy ?? ''), { Version: '2012-10-17', Statement: [] });
    const kms = await client.send(new GetBucketEncryptionCommand({ Bucket: 'src-bucket' }));
    assert.deepEqual(kms.ServerSideEncryptionConfiguration?.Rules, [
      {
        ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: SOURCE_KEY },
        BucketKeyEnabled: true,
      },
    ]);
    const fallback = await client.send(new GetBucketEncryptionCommand({ Bucket: 'plain-bucket' }));
    assert.deepEqual(fallback.ServerSideEncryptionConfiguration?.Rules, [
      { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false },
    ]);
  });

  it('answers blocked encryption types, Object Ownership, and SSE-C objects’ HEAD with 400 as S3 does', async () => {
    const world = fixtureWorldJson();
    const [source, destination] = world.buckets as [Record<string, unknown>, Record<string, unknown>];
    destination.encryption = {
      SSEAlgorithm: 'AES256',
      BlockedEncryptionTypes: { EncryptionType: ['SSE-C'] },
    };
    destination.objectOwnership = 'BucketOwnerEnforced';
    (source.objects as Record<string, unknown>[]).push({
      key: 'Tax/customer-key.bin',
      lastModified: '2026-11-22T10:00:00Z',
      sse: 'SSE-C',
    });
    const simulator = createSimulator(parseWorld(JSON.stringify(world), 'world.json'));
    const client = new S3Client(simulator.clientConfig('us-east-1'));
    const west = new S3Client(simulator.clientConfig('us-west-2'));

    const encryption = await west.send(new GetBucketEncryptionCommand({ Bucket: 'dst-bucket' }));
    const ownership = await west.send(new GetBucketOwnershipControlsCommand({ Bucket: 'dst-bucket' }));

    assert.deepEqual(encryption.ServerSideEncryptionConfiguration?.Rules?.[0]?.BlockedEncryptionTypes, {
      EncryptionType: ['SSE-C'],
    });
    assert.deepEqual(ownership.OwnershipControls?.Rules, [{ ObjectOwnership: 'BucketOwnerEnforced' }]);
    const missing = await rejection(
      client.send(new GetBucketOwnershipControlsCommand({ Bucket: 'src-bucket' })),
    );
    assert.deepEqual([missing.name, missing.status], ['OwnershipControlsNotFoundError', 404]);
    const head = await rejection(
      client.send(new HeadObjectCommand({ Bucket: 'src-bucket', Key: 'Tax/customer-key.bin' })),
    );
    assert.equal(head.status, 400);
  });

  it('GetBucketNotificationConfiguration maps S3 XML names back to the SDK members', async () => {
    const { client } = s3();
    const output = await client.send(new GetBucketNotificationConfigurationCommand({ Bucket: 'src-bucket' }));
    assert.equal(output.QueueConfigurations?.[0]?.QueueArn, 'arn:aws:sqs:us-east-1:111122223333:ingest');
    const lambda = output.LambdaFunctionConfigurations?.[0];
    assert.equal(lambda?.LambdaFunctionArn, 'arn:aws:lambda:us-east-1:111122223333:function:thumbs');
    assert.deepEqual(lambda?.Events, ['s3:ObjectCreated:Put', 's3:ObjectRemoved:*']);
    assert.deepEqual(lambda?.Filter?.Key?.FilterRules, [{ Name: 'prefix', Value: 'images/' }]);
    const empty = await client.send(
      new GetBucketNotificationConfigurationCommand({ Bucket: 'plain-bucket' }),
    );
    assert.equal(empty.QueueConfigurations, undefined);
  });

  it('refuses denied calls with AccessDenied 403, even on a bucket that does not exist', async () => {
    const { client } = s3();
    const onMissing = await rejection(
      client.send(new GetBucketPolicyCommand({ Bucket: 'forbidden-archive' })),
    );
    assert.deepEqual([onMissing.name, onMissing.status], ['AccessDenied', 403]);
    const onExisting = await rejection(
      client.send(new GetBucketReplicationCommand({ Bucket: 'plain-bucket' })),
    );
    assert.deepEqual([onExisting.name, onExisting.status], ['AccessDenied', 403]);
    assert.match(
      onExisting.message,
      /s3:GetReplicationConfiguration on resource: "arn:aws:s3:::plain-bucket"/,
    );
  });
});

describe('S3 writes', () => {
  it('PutBucketReplication replaces the configuration in memory and is listed in writes', async () => {
    const { client, simulator } = s3();
    const configuration = {
      Role: ROLE,
      Rules: [
        {
          ID: 'new',
          Status: 'Enabled' as const,
          Priority: 2,
          Filter: { Tag: { Key: 'k', Value: 'v' } },
          DeleteMarkerReplication: { Status: 'Disabled' as const },
          Destination: { Bucket: 'arn:aws:s3:::dst-bucket', Metrics: { Status: 'Enabled' as const } },
        },
      ],
    };
    await client.send(
      new PutBucketReplicationCommand({ Bucket: 'src-bucket', ReplicationConfiguration: configuration }),
    );
    const read = await client.send(new GetBucketReplicationCommand({ Bucket: 'src-bucket' }));
    assert.deepEqual(read.ReplicationConfiguration, configuration);
    assert.deepEqual(
      simulator.writes.map((write) => [write.operation, write.bucket]),
      [['PutBucketReplication', 'src-bucket']],
    );
    const unversioned = await rejection(
      client.send(
        new PutBucketReplicationCommand({ Bucket: 'plain-bucket', ReplicationConfiguration: configuration }),
      ),
    );
    assert.deepEqual([unversioned.name, unversioned.status], ['InvalidRequest', 400]);
  });

  it('PutBucketNotificationConfiguration replaces the whole document', async () => {
    const { client, simulator } = s3();
    await client.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: 'src-bucket',
        NotificationConfiguration: { EventBridgeConfiguration: {} },
      }),
    );
    const read = await client.send(new GetBucketNotificationConfigurationCommand({ Bucket: 'src-bucket' }));
    assert.deepEqual(read.EventBridgeConfiguration, {});
    assert.equal(read.QueueConfigurations, undefined);
    assert.equal(simulator.writes[0]?.operation, 'PutBucketNotificationConfiguration');
  });
});

describe('S3 object calls', () => {
  it('HeadObject answers replication status, version, encryption and tag count headers', async () => {
    const { client } = s3();
    const output = await client.send(
      new HeadObjectCommand({ Bucket: 'src-bucket', Key: 'Tax/report 2026.pdf' }),
    );
    assert.equal(output.ReplicationStatus, 'PENDING');
    assert.equal(output.VersionId, '3HL4kqtJlcpXroDTDmJ');
    assert.equal(output.ContentLength, 52008);
    assert.deepEqual(output.LastModified, new Date('2026-11-22T11:30:00Z'));
    assert.equal(output.ServerSideEncryption, 'aws:kms');
    assert.equal(output.SSEKMSKeyId, SOURCE_KEY);
    assert.equal(output.BucketKeyEnabled, true);
    assert.equal(output.TagCount, 2);
    assert.match(output.ETag ?? '', /^"[0-9a-f]{32}"$/);
  });

  it('HeadObject with VersionId selects that version', async () => {
    const { client } = s3();
    const output = await client.send(
      new HeadObjectCommand({ Bucket: 'src-bucket', Key: 'Tax/old.pdf', VersionId: 'v1-original' }),
    );
    assert.equal(output.ReplicationStatus, 'COMPLETED');
    assert.equal(output.VersionId, 'v1-original');
  });

  it('HeadObject answers 404 for a missing key or a current delete marker, 405 for a delete marker version', async () => {
    const { client } = s3();
    const missing = await rejection(
      client.send(new HeadObjectCommand({ Bucket: 'src-bucket', Key: 'nope' })),
    );
    assert.deepEqual([missing.name, missing.status], ['NotFound', 404]);
    const deleted = await rejection(
      client.send(new HeadObjectCommand({ Bucket: 'src-bucket', Key: 'Tax/old.pdf' })),
    );
    assert.deepEqual([deleted.name, deleted.status], ['NotFound', 404]);
    const marker = await rejection(
      client.send(
        new HeadObjectCommand({ Bucket: 'src-bucket', Key: 'Tax/old.pdf', VersionId: 'v2-current-marker' }),
      ),
    );
    assert.equal(marker.status, 405);
  });

  it('HeadObject of a denied object answers 403 without a body, as S3 does for HEAD', async () => {
    const { client } = s3();
    const failure = await rejection(
      client.send(new HeadObjectCommand({ Bucket: 'src-bucket', Key: 'private/secret.txt' })),
    );
    assert.equal(failure.status, 403);
  });

  it('GetObjectTagging answers the tags HeadObject only counts', async () => {
    const { client } = s3();
    const output = await client.send(
      new GetObjectTaggingCommand({ Bucket: 'src-bucket', Key: 'Tax/report 2026.pdf' }),
    );
    assert.deepEqual(output.TagSet, [
      { Key: 'replicate', Value: 'true' },
      { Key: 'team', Value: 'finance' },
    ]);
    assert.equal(output.VersionId, '3HL4kqtJlcpXroDTDmJ');
    const missing = await rejection(
      client.send(new GetObjectTaggingCommand({ Bucket: 'src-bucket', Key: 'nope' })),
    );
    assert.deepEqual([missing.name, missing.status], ['NoSuchKey', 404]);
  });
});
