import {
  destinationAccount,
  destinationName,
  RULES,
  replicaKey,
  roleArn,
  SOURCE_KEY,
  sourceName,
  sseKms,
} from './audit-world-names.js';

/** The replication role of one source bucket: allowed exactly what replication needs, KMS included. */
export function role(bucket: number) {
  const destinations = Array.from({ length: RULES }, (_, index) => destinationName(bucket, index));
  const statements: Record<string, unknown>[] = [
    {
      Effect: 'Allow',
      Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
      Resource: `arn:aws:s3:::${sourceName(bucket)}`,
    },
    {
      Effect: 'Allow',
      Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
      Resource: `arn:aws:s3:::${sourceName(bucket)}/*`,
    },
    {
      Effect: 'Allow',
      Action: [
        's3:ReplicateObject',
        's3:ReplicateDelete',
        's3:ReplicateTags',
        's3:ObjectOwnerOverrideToBucketOwner',
      ],
      Resource: destinations.map((name) => `arn:aws:s3:::${name}/*`),
    },
  ];
  if (sseKms(bucket)) {
    statements.push(
      { Effect: 'Allow', Action: ['kms:Decrypt'], Resource: SOURCE_KEY },
      {
        Effect: 'Allow',
        Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
        Resource: replicaKey(destinationAccount(bucket)),
      },
    );
  }
  return {
    arn: roleArn(bucket),
    trustPolicy: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    },
    inlinePolicies: { replication: { Version: '2012-10-17', Statement: statements } },
  };
}

/** A key whose policy trusts its account, and lets `users` (replication roles of another account) use it. */
export function kmsKey(arn: string, account: string, users: readonly string[]) {
  const statements: Record<string, unknown>[] = [
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' },
  ];
  if (users.length > 0) {
    statements.push({
      Effect: 'Allow',
      Principal: { AWS: [...users] },
      Action: ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: '*',
    });
  }
  return { arn, state: 'Enabled', policy: { Version: '2012-10-17', Statement: statements } };
}
