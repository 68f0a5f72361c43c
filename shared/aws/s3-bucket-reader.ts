import {
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketReplicationCommand,
  GetBucketRequestPaymentCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  ListBucketsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { S3BucketReader } from '../audit/bucket-reader.js';
import type { DefaultEncryption } from '../audit/config-checks.js';
import type { ReplicationConfigurationInput } from '../model/replication-rules.js';
import { observeCall } from './aws-errors.js';

export type { S3BucketReader } from '../audit/bucket-reader.js';

/** A Region-independent client for calls S3 answers from any Region (ListBuckets, GetBucketLocation). */
const GLOBAL_REGION = 'us-east-1';

/**
 * Reads bucket-level configuration. IAM (on `arn:aws:s3:::BUCKET`): s3:ListAllMyBuckets (on *),
 * s3:GetBucketLocation, s3:GetReplicationConfiguration, s3:GetBucketVersioning,
 * s3:GetBucketObjectLockConfiguration, s3:GetEncryptionConfiguration, s3:GetBucketRequestPayment,
 * s3:GetBucketOwnershipControls, s3:GetBucketPolicy.
 */
export function createS3BucketReader(clientFor: (region: string) => S3Client): S3BucketReader {
  const arn = (bucket: string) => `arn:aws:s3:::${bucket}`;
  const read = observeCall;
  return {
    listBuckets: () =>
      read('s3:ListAllMyBuckets', '*', async () => {
        const names: string[] = [];
        let token: string | undefined;
        // ListBuckets pages at most 10,000 buckets; 100 pages is more than any account holds.
        for (let page = 0; page < 100; page += 1) {
          const output = await clientFor(GLOBAL_REGION).send(
            new ListBucketsCommand({ ContinuationToken: token, MaxBuckets: 1000 }),
          );
          names.push(...(output.Buckets ?? []).flatMap((bucket) => (bucket.Name ? [bucket.Name] : [])));
          token = output.ContinuationToken;
          if (!token) break;
        }
        return names;
      }),
    region: (bucket) =>
      read<string | undefined>(
        's3:GetBucketLocation',
        arn(bucket),
        async () => {
          const output = await clientFor(GLOBAL_REGION).send(
            new GetBucketLocationCommand({ Bucket: bucket }),
          );
          // S3 reports us-east-1 as an empty constraint and eu-west-1 as the legacy "EU".
          const constraint = output.LocationConstraint as string | undefined;
          return !constraint ? 'us-east-1' : constraint === 'EU' ? 'eu-west-1' : constraint;
        },
        { names: ['NoSuchBucket'], value: undefined },
      ),
    replication: (bucket, region) =>
      read<ReplicationConfigurationInput | undefined>(
        's3:GetReplicationConfiguration',
        arn(bucket),
        async () =>
          (await clientFor(region).send(new GetBucketReplicationCommand({ Bucket: bucket })))
            .ReplicationConfiguration as ReplicationConfigurationInput | undefined,
        { names: ['ReplicationConfigurationNotFoundError'], value: undefined },
      ),
    versioning: (bucket, region) =>
      read('s3:GetBucketVersioning', arn(bucket), async () => {
        const output = await clientFor(region).send(new GetBucketVersioningCommand({ Bucket: bucket }));
        return output.Status as string | undefined;
      }),
    objectLock: (bucket, region) =>
      read(
        's3:GetBucketObjectLockConfiguration',
        arn(bucket),
        async () => {
          const output = await clientFor(region).send(
            new GetObjectLockConfigurationCommand({ Bucket: bucket }),
          );
          return output.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled';
        },
        { names: ['ObjectLockConfigurationNotFoundError'], value: false },
      ),
    encryption: (bucket, region) =>
      read(
        's3:GetEncryptionConfiguration',
        arn(bucket),
        async () => {
          const output = await clientFor(region).send(new GetBucketEncryptionCommand({ Bucket: bucket }));
          const rule = output.ServerSideEncryptionConfiguration?.Rules?.[0];
          const encryption: DefaultEncryption = {
            algorithm: rule?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? 'AES256',
            bucketKeyEnabled: rule?.BucketKeyEnabled === true,
          };
          const key = rule?.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID;
          if (key) encryption.kmsKeyId = key;
          const blocked = rule?.BlockedEncryptionTypes?.EncryptionType;
          if (blocked !== undefined) encryption.blockedEncryptionTypes = [...blocked];
          return encryption;
        },
        // Since January 2023 every bucket has at least SSE-S3; older APIs answered this error.
        {
          names: ['ServerSideEncryptionConfigurationNotFoundError'],
          value: { algorithm: 'AES256', bucketKeyEnabled: false },
        },
      ),
    requesterPays: (bucket, region) =>
      read('s3:GetBucketRequestPayment', arn(bucket), async () => {
        const output = await clientFor(region).send(new GetBucketRequestPaymentCommand({ Bucket: bucket }));
        return output.Payer === 'Requester';
      }),
    ownership: (bucket, region) =>
      read<string | undefined>(
        's3:GetBucketOwnershipControls',
        arn(bucket),
        async () => {
          const output = await clientFor(region).send(
            new GetBucketOwnershipControlsCommand({ Bucket: bucket }),
          );
          return output.OwnershipControls?.Rules?.[0]?.ObjectOwnership;
        },
        { names: ['OwnershipControlsNotFoundError'], value: undefined },
      ),
    policy: (bucket, region) =>
      read<unknown>(
        's3:GetBucketPolicy',
        arn(bucket),
        async () => {
          const output = await clientFor(region).send(new GetBucketPolicyCommand({ Bucket: bucket }));
          return output.Policy === undefined ? undefined : JSON.parse(output.Policy);
        },
        { names: ['NoSuchBucketPolicy'], value: undefined },
      ),
  };
}

/**
 * The same reader, answering each (call, bucket, Region) once: within one audit a destination
 * shared by several sources, and a source bucket's policy read again by the diagnosis, cost one
 * request each. Made per audit, so nothing read is reused by the next run.
 */
export function memoizedBucketReader(reader: S3BucketReader): S3BucketReader {
  const answers = new Map<string, Promise<unknown>>();
  const memo =
    <A extends string[], R>(name: string, read: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      const id = JSON.stringify([name, ...args]);
      let answer = answers.get(id) as Promise<R> | undefined;
      if (answer === undefined) {
        answer = read(...args);
        answers.set(id, answer);
      }
      return answer;
    };
  return {
    listBuckets: memo('listBuckets', reader.listBuckets),
    region: memo('region', reader.region),
    replication: memo('replication', reader.replication),
    versioning: memo('versioning', reader.versioning),
    objectLock: memo('objectLock', reader.objectLock),
    encryption: memo('encryption', reader.encryption),
    requesterPays: memo('requesterPays', reader.requesterPays),
    ownership: memo('ownership', reader.ownership),
    policy: memo('policy', reader.policy),
  };
}
