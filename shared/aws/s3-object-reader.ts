import {
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import type {
  ObjectHead,
  ObjectPage,
  ObjectRead,
  ObjectReader,
  ObjectReadProblem,
  ReplicationStatus,
} from '../audit/sampling/object-reader.js';
import { errorName, httpStatus, readProblemOf } from './aws-errors.js';

/** Returned after the SDK's own retries: what is left is a problem to report, not to retry here. */
function problemOf(error: unknown, action: string, resource: string, notFound: boolean): ObjectReadProblem {
  const problem = readProblemOf(error, action, resource);
  const status = httpStatus(error);
  const name = errorName(error);
  // HEAD responses have no body, so the SDK names their errors after the status ('NotFound');
  // the status code is the reliable signal.
  if (
    problem.kind === 'error' &&
    notFound &&
    (status === 404 || name === 'NoSuchKey' || name === 'NoSuchVersion')
  ) {
    return { ...problem, kind: 'not-found' };
  }
  return problem;
}

async function attempt<T>(
  call: () => Promise<T>,
  action: string,
  resource: string,
  notFound = false,
): Promise<ObjectRead<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, problem: problemOf(error, action, resource, notFound) };
  }
}

/** The SDK's enum has both; the user guide only ever says COMPLETED (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-status.html). */
function normaliseStatus(status: string | undefined): ReplicationStatus | undefined {
  if (status === 'COMPLETE' || status === 'COMPLETED') return 'COMPLETED';
  if (status === 'PENDING' || status === 'FAILED' || status === 'REPLICA') return status;
  return undefined;
}

/** ARNs differ by partition: a bucket in cn-north-1 is `arn:aws-cn:s3:::…`. */
function bucketArn(bucket: string, region: string): string {
  const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  return `arn:${partition}:s3:::${bucket}`;
}

/**
 * Reads objects for status sampling. Errors come back as typed problems, never thrown, so one
 * refused or vanished object never aborts a sweep.
 *
 * IAM: `s3:ListBucket` on `arn:aws:s3:::BUCKET`; `s3:GetObject` (and `s3:GetObjectVersion` to
 * re-check a flagged version) on `arn:aws:s3:::BUCKET/*`; for rules with tag filters
 * `s3:GetObjectTagging` (`s3:GetObjectVersionTagging` with a version) on `arn:aws:s3:::BUCKET/*`.
 */
export function createS3ObjectReader(clientFor: (region: string) => S3Client): ObjectReader {
  return {
    listPage: ({ bucket, region, prefix, startAfter, maxKeys }) =>
      attempt<ObjectPage>(
        async () => {
          // No EncodingType: S3 then returns the keys themselves, so they arrive decoded. With
          // EncodingType=url they would need decoding (and `+` stands for a space there).
          const output = await clientFor(region).send(
            new ListObjectsV2Command({
              Bucket: bucket,
              Prefix: prefix,
              StartAfter: startAfter,
              MaxKeys: maxKeys,
            }),
          );
          const objects = (output.Contents ?? []).flatMap((entry) =>
            entry.Key === undefined
              ? []
              : [{ key: entry.Key, lastModified: entry.LastModified ?? new Date(0), size: entry.Size ?? 0 }],
          );
          const last = objects.at(-1)?.key;
          return output.IsTruncated && last !== undefined ? { objects, nextStartAfter: last } : { objects };
        },
        's3:ListBucket',
        bucketArn(bucket, region),
      ),

    head: ({ bucket, region, key, versionId }) =>
      attempt<ObjectHead>(
        async () => {
          const output = await clientFor(region).send(
            new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }),
          );
          const head: ObjectHead = { lastModified: output.LastModified ?? new Date(0) };
          const status = normaliseStatus(output.ReplicationStatus);
          if (status !== undefined) head.replicationStatus = status;
          if (output.VersionId !== undefined) head.versionId = output.VersionId;
          if (output.ServerSideEncryption !== undefined) head.sse = output.ServerSideEncryption;
          if (output.SSEKMSKeyId !== undefined) head.kmsKeyId = output.SSEKMSKeyId;
          if (output.BucketKeyEnabled !== undefined) head.bucketKeyEnabled = output.BucketKeyEnabled;
          // S3 sends the tag count only to callers allowed to read tags: absent means unknown.
          if (output.TagCount !== undefined) head.tagCount = output.TagCount;
          return head;
        },
        versionId === undefined ? 's3:GetObject' : 's3:GetObjectVersion',
        `${bucketArn(bucket, region)}/${key}`,
        true,
      ),

    tags: ({ bucket, region, key, versionId }) =>
      attempt<Record<string, string>>(
        async () => {
          const output = await clientFor(region).send(
            new GetObjectTaggingCommand({ Bucket: bucket, Key: key, VersionId: versionId }),
          );
          return Object.fromEntries((output.TagSet ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']));
        },
        versionId === undefined ? 's3:GetObjectTagging' : 's3:GetObjectVersionTagging',
        `${bucketArn(bucket, region)}/${key}`,
        true,
      ),
  };
}
