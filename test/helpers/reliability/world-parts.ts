/** Building blocks of the reliability suites' simulated accounts (docs/world-format.md). */

export const NOW = '2026-11-22T12:00:00Z';
export const ACCOUNT = '111122223333';

export const roleArn = (source: string) =>
  `arn:aws:iam::${ACCOUNT}:role/service-role/s3-replication-${source}`;

const allow = (action: string[], resource: string) => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource,
});

/** A replication role allowed exactly what S3 Replication needs from `source` to `destination`. */
export const replicationRole = (source: string, destination: string, extra: unknown[] = []) => ({
  arn: roleArn(source),
  trustPolicy: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  },
  inlinePolicies: {
    replication: {
      Version: '2012-10-17',
      Statement: [
        allow(['s3:GetReplicationConfiguration', 's3:ListBucket'], `arn:aws:s3:::${source}`),
        allow(
          ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
          `arn:aws:s3:::${source}/*`,
        ),
        allow(
          ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
          `arn:aws:s3:::${destination}/*`,
        ),
        ...extra,
      ],
    },
  },
});

/** A role statement for a KMS key, used only through S3 in `region` (as the replication role needs). */
export const useKey = (actions: string[], key: string, region: string) => ({
  ...allow(actions, key),
  Condition: { StringLike: { 'kms:ViaService': `s3.${region}.amazonaws.com` } },
});

/** An enabled key whose policy defers to IAM in its account. */
export const kmsKey = (arn: string) => ({
  arn,
  state: 'Enabled',
  policy: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
    ],
  },
});

/** An enabled V2 rule with replication metrics; with `replicaKey`, it replicates SSE-KMS objects. */
export const rule = (id: string, filter: unknown, destination: string, replicaKey?: string) => ({
  ID: id,
  Status: 'Enabled',
  Priority: id.length,
  Filter: filter,
  DeleteMarkerReplication: { Status: 'Disabled' },
  ...(replicaKey === undefined
    ? {}
    : { SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } } }),
  Destination: {
    Bucket: `arn:aws:s3:::${destination}`,
    Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
    ...(replicaKey === undefined ? {} : { EncryptionConfiguration: { ReplicaKmsKeyID: replicaKey } }),
  },
});

export const bucket = (name: string, region: string, extra: Record<string, unknown> = {}) => ({
  name,
  region,
  account: ACCOUNT,
  versioning: 'Enabled',
  ...extra,
});

/** A versioned object `age` minutes old; SSE-KMS when `kmsKeyId` is given. */
export const object = (
  key: string,
  status: string | undefined,
  options: { tags?: Record<string, string>; age?: number; kmsKeyId?: string } = {},
) => ({
  key,
  versionId: `v-${key.replace(/\W/g, '-')}`,
  lastModified: new Date(Date.parse(NOW) - (options.age ?? 30) * 60_000).toISOString(),
  size: 1024,
  ...(status === undefined ? {} : { replicationStatus: status }),
  tags: options.tags ?? {},
  ...(options.kmsKeyId === undefined ? {} : { sse: 'aws:kms', kmsKeyId: options.kmsKeyId }),
});

/** One value per minute for the last hour of one rule's metric. */
export const series = (
  region: string,
  metricName: string,
  route: { source: string; destination: string; ruleId: string },
  value: (minute: number) => number,
) => ({
  region,
  metricName,
  dimensions: { SourceBucket: route.source, DestinationBucket: route.destination, RuleId: route.ruleId },
  values: Array.from({ length: 60 }, (_, minute) => value(minute)),
});

/** A healthy rule's four metrics: the pending ones and latency where S3 publishes them (the destination's Region). */
export const healthySeries = (
  route: { source: string; destination: string; ruleId: string },
  destinationRegion: string,
) => [
  series(destinationRegion, 'ReplicationLatency', route, (minute) => 5 + (minute % 4)),
  series(destinationRegion, 'OperationsPendingReplication', route, (minute) => minute % 3),
  series(destinationRegion, 'BytesPendingReplication', route, (minute) => 1000 * (minute % 3)),
  series('us-east-1', 'OperationsFailedReplication', route, () => 0),
];
