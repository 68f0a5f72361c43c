import type { AccessRequest } from '../../../shared/diagnosis/policy/index.js';

/**
 * Policies shaped like the AWS replication examples (RPERM, RKMS, RTRB in
 * AWS pages cited in shared/diagnosis/needs.ts), with placeholder accounts. Every builder returns
 * a fresh object, so a test may change one field without touching another test's fixture.
 */

export const SOURCE_ACCOUNT = '111122223333';
export const DESTINATION_ACCOUNT = '444455556666';
export const ROLE_ARN = `arn:aws:iam::${SOURCE_ACCOUNT}:role/service-role/replication-role`;
export const OTHER_ROLE_ARN = `arn:aws:iam::${SOURCE_ACCOUNT}:role/batch-operations-role`;
export const SESSION_ARN = `arn:aws:sts::${SOURCE_ACCOUNT}:assumed-role/replication-role/s3-replication`;
export const DESTINATION_ROLE_ARN = `arn:aws:iam::${DESTINATION_ACCOUNT}:role/key-admin`;
export const SOURCE_BUCKET = 'arn:aws:s3:::src-bucket';
export const DESTINATION_BUCKET = 'arn:aws:s3:::dst-bucket';
export const SOURCE_KEY = `arn:aws:kms:us-east-1:${SOURCE_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const DESTINATION_KEY = `arn:aws:kms:us-west-2:${DESTINATION_ACCOUNT}:key/0987dcba-09fe-87dc-65ba-ab0987654321`;

export function roleRequest(
  action: string,
  resource: string,
  context?: AccessRequest['context'],
): AccessRequest {
  return { principal: { kind: 'AWS', arn: ROLE_ARN }, action, resource, ...(context ? { context } : {}) };
}

export function s3ServiceRequest(context?: AccessRequest['context']): AccessRequest {
  return {
    principal: { kind: 'Service', name: 's3.amazonaws.com' },
    action: 'sts:AssumeRole',
    resource: ROLE_ARN,
    ...(context ? { context } : {}),
  };
}

/** RPERM trust policy: S3 may assume the replication role. */
export function replicationTrustPolicy() {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  };
}

/** The trust policy with the confused-deputy guards AWS recommends for service principals. */
export function guardedTrustPolicy() {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: ['s3.amazonaws.com', 'batchoperations.s3.amazonaws.com'] },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': SOURCE_ACCOUNT },
          ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::src-*' },
        },
      },
    ],
  };
}

/** The minimum permissions policy of https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html for the role. */
export function replicationRolePolicy() {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
        Resource: SOURCE_BUCKET,
      },
      {
        Effect: 'Allow',
        Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
        Resource: `${SOURCE_BUCKET}/*`,
      },
      { Effect: 'Allow', Action: 's3:Replicate*', Resource: `${DESTINATION_BUCKET}/*` },
    ],
  };
}

/** RPERM cross-account destination bucket policy, granting the source role directly. */
export function crossAccountBucketPolicy(principal: unknown = { AWS: ROLE_ARN }) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Permissions on objects',
        Effect: 'Allow',
        Principal: principal,
        Action: ['s3:ReplicateDelete', 's3:ReplicateObject'],
        Resource: `${DESTINATION_BUCKET}/*`,
      },
      {
        Sid: 'Permissions on bucket',
        Effect: 'Allow',
        Principal: principal,
        Action: ['s3:List*', 's3:GetBucketVersioning', 's3:PutBucketVersioning'],
        Resource: DESTINATION_BUCKET,
      },
    ],
  };
}

/** A key policy that never delegates to IAM: only named roles may use the key. */
export function keyPolicyWithoutIamDelegation(account = SOURCE_ACCOUNT) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Key administrators',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account}:role/key-admin` },
        Action: ['kms:Create*', 'kms:Describe*', 'kms:Put*', 'kms:ScheduleKeyDeletion'],
        Resource: '*',
      },
    ],
  };
}

/** RTRB: the destination key grants the source account's replication role Encrypt and GenerateDataKey. */
export function destinationKeyPolicy(principal: unknown = { AWS: ROLE_ARN }) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${DESTINATION_ACCOUNT}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
      {
        Sid: 'Allow the source replication role',
        Effect: 'Allow',
        Principal: principal,
        Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
        Resource: '*',
      },
    ],
  };
}

/** RKMS recommended conditions on a key policy statement for the source key. */
export function conditionedKeyPolicy(viaService: string, objectArn: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Replication role decrypts through S3 only',
        Effect: 'Allow',
        Principal: { AWS: ROLE_ARN },
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: {
          StringLike: { 'kms:ViaService': viaService, 'kms:EncryptionContext:aws:s3:arn': objectArn },
        },
      },
    ],
  };
}
