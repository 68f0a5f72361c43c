/**
 * The world of benchmark 4: 10 replicated source buckets × 3 rules, each rule to its own
 * destination in us-west-2. Odd buckets replicate to another account (with the destination bucket
 * policy that needs), every third bucket is SSE-KMS (rules opt in, replicas use a key of the
 * destination account). Healthy but for one stuck and one failed object, so re-check lists exist.
 */
import { kmsKey, role } from './audit-world-access.js';
import {
  BUCKETS,
  crossAccount,
  DR_ACCOUNT,
  destinationAccount,
  destinationName,
  MONITOR_ACCOUNT,
  OBJECTS_PER_RULE,
  RULES,
  replicaKey,
  roleArn,
  SOURCE_KEY,
  sourceName,
  sseKms,
} from './audit-world-names.js';

const NOW = '2026-11-22T12:00:00Z';

function rule(bucket: number, index: number) {
  const account = destinationAccount(bucket);
  return {
    ID: `rule-${index}`,
    Status: 'Enabled',
    Priority: index + 1,
    Filter: { Prefix: `part-${index}/` },
    DeleteMarkerReplication: { Status: 'Disabled' },
    ...(sseKms(bucket) ? { SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } } } : {}),
    Destination: {
      Bucket: `arn:aws:s3:::${destinationName(bucket, index)}`,
      ...(crossAccount(bucket)
        ? { Account: account, AccessControlTranslation: { Owner: 'Destination' } }
        : {}),
      ...(sseKms(bucket) ? { EncryptionConfiguration: { ReplicaKmsKeyID: replicaKey(account) } } : {}),
      // Metrics (and RTC) on the first two rules: the third sends no events and has no metrics.
      ...(index < 2 ? { Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } } } : {}),
      ...(index === 0 ? { ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } } } : {}),
    },
  };
}

function objects(bucket: number) {
  return Array.from({ length: RULES * OBJECTS_PER_RULE }, (_, index) => {
    const status =
      bucket === 0 && index === 3 ? 'PENDING' : bucket === 1 && index === 7 ? 'FAILED' : 'COMPLETED';
    return {
      key: `part-${index % RULES}/2026/11/22/object-${String(index).padStart(4, '0')}.json`,
      versionId: `v${bucket}x${index}`,
      lastModified: '2026-11-22T10:00:00Z',
      size: 1024,
      replicationStatus: status,
      ...(sseKms(bucket) ? { sse: 'aws:kms', kmsKeyId: SOURCE_KEY } : {}),
    };
  });
}

function sourceBucket(bucket: number) {
  return {
    name: sourceName(bucket),
    region: 'us-east-1',
    account: MONITOR_ACCOUNT,
    versioning: 'Enabled',
    ...(sseKms(bucket)
      ? { encryption: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: SOURCE_KEY, BucketKeyEnabled: true } }
      : {}),
    replication: {
      Role: roleArn(bucket),
      Rules: Array.from({ length: RULES }, (_, index) => rule(bucket, index)),
    },
    objects: objects(bucket),
  };
}

function destinationBucket(bucket: number, index: number) {
  const name = destinationName(bucket, index);
  const account = destinationAccount(bucket);
  const principal = { AWS: roleArn(bucket) };
  return {
    name,
    region: 'us-west-2',
    account,
    versioning: 'Enabled',
    ...(sseKms(bucket)
      ? { encryption: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: replicaKey(account) } }
      : {}),
    ...(crossAccount(bucket)
      ? {
          policy: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: principal,
                Action: [
                  's3:ReplicateObject',
                  's3:ReplicateDelete',
                  's3:ReplicateTags',
                  's3:ObjectOwnerOverrideToBucketOwner',
                ],
                Resource: `arn:aws:s3:::${name}/*`,
              },
              {
                Effect: 'Allow',
                Principal: principal,
                Action: ['s3:List*', 's3:GetBucketVersioning', 's3:PutBucketVersioning'],
                Resource: `arn:aws:s3:::${name}`,
              },
            ],
          },
        }
      : {}),
  };
}

const indexes = (count: number) => Array.from({ length: count }, (_, index) => index);

/** The world as JSON, for parseWorld (which applies the format's defaults and checks). */
export function auditWorld() {
  const kmsBuckets = indexes(BUCKETS).filter(sseKms);
  const crossKmsRoles = kmsBuckets.filter(crossAccount).map(roleArn);
  return {
    now: NOW,
    monitor: { account: MONITOR_ACCOUNT, region: 'us-east-1' },
    buckets: [
      ...indexes(BUCKETS).map(sourceBucket),
      ...indexes(BUCKETS).flatMap((bucket) =>
        indexes(RULES).map((index) => destinationBucket(bucket, index)),
      ),
    ],
    roles: indexes(BUCKETS).map(role),
    kmsKeys: [
      kmsKey(SOURCE_KEY, MONITOR_ACCOUNT, []),
      kmsKey(replicaKey(MONITOR_ACCOUNT), MONITOR_ACCOUNT, []),
      kmsKey(replicaKey(DR_ACCOUNT), DR_ACCOUNT, crossKmsRoles),
    ],
  };
}
