import { parseWorld } from '../../shared/sim/load-world.js';
import { createSimulator, type SimulatorOptions } from '../../shared/sim/simulator.js';
import type { World } from '../../shared/sim/world-schema.js';

export const SOURCE_KEY = 'arn:aws:kms:us-east-1:111122223333:key/0a1b2c3d-1111-4a5b-9c8d-111122223333';
export const REPLICA_KEY = 'arn:aws:kms:us-west-2:444455556666:key/7e6f5a4b-2222-4c3d-8e9f-444455556666';
export const ROLE = 'arn:aws:iam::111122223333:role/service-role/s3-replication';

/** A small world exercising every simulated call; built fresh for each test so no test sees another's writes. */
export function fixtureWorldJson(): Record<string, unknown> {
  return {
    description: 'Test fixture: one CRR pair with SSE-KMS, a role, keys and metrics.',
    now: '2026-11-22T12:00:00Z',
    monitor: { account: '111122223333', region: 'us-east-1' },
    buckets: [
      {
        name: 'src-bucket',
        region: 'us-east-1',
        account: '111122223333',
        versioning: 'Enabled',
        encryption: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: SOURCE_KEY, BucketKeyEnabled: true },
        notifications: {
          QueueConfigurations: [
            {
              Id: 'ingest',
              QueueArn: 'arn:aws:sqs:us-east-1:111122223333:ingest',
              Events: ['s3:ObjectCreated:*'],
            },
          ],
          LambdaFunctionConfigurations: [
            {
              Id: 'thumbs',
              LambdaFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:thumbs',
              Events: ['s3:ObjectCreated:Put', 's3:ObjectRemoved:*'],
              Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'images/' }] } },
            },
          ],
        },
        replication: {
          Role: ROLE,
          Rules: [
            {
              ID: 'to-dr',
              Status: 'Enabled',
              Priority: 1,
              Filter: { And: { Prefix: 'Tax/', Tags: [{ Key: 'replicate', Value: 'true' }] } },
              DeleteMarkerReplication: { Status: 'Disabled' },
              SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
              Destination: {
                Bucket: 'arn:aws:s3:::dst-bucket',
                Account: '444455556666',
                AccessControlTranslation: { Owner: 'Destination' },
                EncryptionConfiguration: { ReplicaKmsKeyID: REPLICA_KEY },
                Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
                ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
              },
            },
            {
              ID: 'v1-logs',
              Prefix: 'logs/',
              Status: 'Enabled',
              Destination: { Bucket: 'arn:aws:s3:::dst-bucket' },
            },
          ],
        },
        objects: [
          {
            key: 'Tax/report 2026.pdf',
            versionId: '3HL4kqtJlcpXroDTDmJ',
            lastModified: '2026-11-22T11:30:00Z',
            size: 52008,
            replicationStatus: 'PENDING',
            sse: 'aws:kms',
            kmsKeyId: SOURCE_KEY,
            tags: { replicate: 'true', team: 'finance' },
          },
          {
            key: 'Tax/old.pdf',
            versionId: 'v2-current-marker',
            lastModified: '2026-11-21T10:00:00Z',
            deleteMarker: true,
          },
          {
            key: 'Tax/old.pdf',
            versionId: 'v1-original',
            lastModified: '2026-11-20T10:00:00Z',
            size: 10,
            replicationStatus: 'COMPLETED',
            isLatest: false,
          },
          {
            key: 'a.txt',
            versionId: 'va',
            lastModified: '2026-11-22T10:00:00Z',
            size: 1,
            replicationStatus: 'FAILED',
          },
          { key: 'private/secret.txt', versionId: 'vs', lastModified: '2026-11-22T10:00:00Z', size: 3 },
        ],
      },
      {
        name: 'dst-bucket',
        region: 'us-west-2',
        account: '444455556666',
        versioning: 'Suspended',
        requesterPays: true,
        objectLock: true,
        policy: { Version: '2012-10-17', Statement: [] },
      },
      { name: 'plain-bucket', region: 'us-east-1', account: '111122223333' },
      {
        name: 'big-bucket',
        region: 'us-east-1',
        account: '111122223333',
        versioning: 'Enabled',
        objects: [{ key: 'logs/zz-manual', versionId: 'manual', lastModified: '2026-11-22T09:00:00Z' }],
        syntheticObjects: {
          count: 2500,
          keyPrefix: 'logs/',
          statusMix: { COMPLETED: 0.9, PENDING: 0.08, FAILED: 0.02 },
          maxAgeMinutes: 60,
          seed: 7,
        },
      },
    ],
    roles: [
      {
        arn: ROLE,
        trustPolicy: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        },
        inlinePolicies: {
          replication: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
                Resource: 'arn:aws:s3:::src-bucket',
              },
              {
                Effect: 'Allow',
                Action: ['s3:ReplicateObject', 's3:ReplicateDelete'],
                Resource: 'arn:aws:s3:::dst-bucket/*',
              },
              { Effect: 'Deny', Action: 's3:ReplicateDelete', Resource: 'arn:aws:s3:::dst-bucket/locked/*' },
            ],
          },
        },
        attachedPolicies: [
          {
            arn: 'arn:aws:iam::111122223333:policy/replication-kms',
            document: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: 'kms:Decrypt',
                  Resource: SOURCE_KEY,
                  Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
                },
              ],
            },
          },
        ],
        permissionsBoundary: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['s3:*', 'kms:Decrypt'], Resource: '*' }],
        },
      },
      {
        // No policies of its own: simulations give theirs in PolicyInputList.
        arn: 'arn:aws:iam::111122223333:role/service-role/no-policies',
        trustPolicy: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        },
      },
    ],
    kmsKeys: [
      { arn: SOURCE_KEY, state: 'Enabled', aliases: ['alias/source-data'] },
      {
        arn: REPLICA_KEY,
        state: 'PendingDeletion',
        aliases: ['alias/replica-data'],
        deletionDate: '2026-11-29T00:00:00Z',
        policy: { Version: '2012-10-17', Statement: [] },
      },
    ],
    metrics: [
      {
        region: 'us-west-2',
        metricName: 'ReplicationLatency',
        dimensions: { SourceBucket: 'src-bucket', DestinationBucket: 'dst-bucket', RuleId: 'to-dr' },
        values: [3, 4, 2, null, 5, 9, 1, 8, 7, 6],
      },
      {
        region: 'us-east-1',
        metricName: 'OperationsFailedReplication',
        dimensions: { SourceBucket: 'src-bucket', DestinationBucket: 'dst-bucket', RuleId: 'to-dr' },
        values: [null, null, null],
      },
    ],
    denied: [
      { action: 's3:GetObject', resource: 'arn:aws:s3:::src-bucket/private/*' },
      { action: 's3:GetBucketPolicy', resource: 'arn:aws:s3:::forbidden-*' },
      { action: 's3:GetReplicationConfiguration', resource: 'arn:aws:s3:::plain-bucket' },
      { action: 'iam:GetRolePolicy', resource: 'arn:aws:iam::111122223333:role/locked-role' },
      { action: 'kms:DescribeKey', resource: 'arn:aws:kms:us-east-1:111122223333:key/deadbeef-*' },
    ],
  };
}

export function fixtureWorld(changes: (json: Record<string, unknown>) => void = () => {}): World {
  const json = fixtureWorldJson();
  changes(json);
  return parseWorld(JSON.stringify(json), 'fixture.json');
}

export function fixtureSimulator(options?: SimulatorOptions) {
  return createSimulator(fixtureWorld(), options);
}
