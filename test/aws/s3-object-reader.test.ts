import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import {
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { createS3ObjectReader } from '../../shared/aws/s3-object-reader.js';

const s3 = mockClient(S3Client);
const regions: string[] = [];
const reader = createS3ObjectReader((region) => {
  regions.push(region);
  return new S3Client({ region });
});
const WHERE = { bucket: 'src', region: 'eu-west-1' };
const LAST_MODIFIED = new Date('2026-11-22T11:00:00.000Z');

function serviceError(name: string, status: number): S3ServiceException {
  return new S3ServiceException({
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: status },
    message: name,
  });
}

describe('createS3ObjectReader', () => {
  afterEach(() => {
    s3.reset();
    regions.length = 0;
  });

  describe('head', () => {
    it('normalises the SDK\u2019s COMPLETE to COMPLETED', async () => {
      s3.on(HeadObjectCommand).resolves({
        ReplicationStatus: 'COMPLETE',
        LastModified: LAST_MODIFIED,
        VersionId: 'v1',
      });

      const read = await reader.head({ ...WHERE, key: 'a.txt' });

      assert.deepEqual(read, {
        ok: true,
        value: { replicationStatus: 'COMPLETED', lastModified: LAST_MODIFIED, versionId: 'v1' },
      });
      assert.deepEqual(regions, ['eu-west-1']);
    });

    it('returns encryption, tag count and the version asked for', async () => {
      s3.on(HeadObjectCommand, { Bucket: 'src', Key: 'a b+c.txt', VersionId: 'v7' }).resolves({
        ReplicationStatus: 'FAILED',
        LastModified: LAST_MODIFIED,
        VersionId: 'v7',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/k',
        BucketKeyEnabled: true,
        TagCount: 2,
      });

      const read = await reader.head({ ...WHERE, key: 'a b+c.txt', versionId: 'v7' });

      assert.ok(read.ok);
      assert.equal(read.value.replicationStatus, 'FAILED');
      assert.equal(read.value.kmsKeyId, 'arn:aws:kms:eu-west-1:111122223333:key/k');
      assert.equal(read.value.bucketKeyEnabled, true);
      assert.equal(read.value.tagCount, 2);
    });

    it('leaves the status out when S3 sends no replication header', async () => {
      s3.on(HeadObjectCommand).resolves({ LastModified: LAST_MODIFIED });

      const read = await reader.head({ ...WHERE, key: 'out-of-scope.txt' });

      assert.deepEqual(read, { ok: true, value: { lastModified: LAST_MODIFIED } });
    });

    it('maps a 403 to access-denied with the IAM action and the object ARN', async () => {
      s3.on(HeadObjectCommand).rejects(serviceError('Forbidden', 403));

      const plain = await reader.head({ ...WHERE, key: 'dir/a.txt' });
      const versioned = await reader.head({ ...WHERE, key: 'dir/a.txt', versionId: 'v1' });

      assert.ok(!plain.ok && !versioned.ok);
      assert.equal(plain.problem.kind, 'access-denied');
      assert.equal(plain.problem.action, 's3:GetObject');
      assert.equal(plain.problem.resource, 'arn:aws:s3:::src/dir/a.txt');
      assert.equal(versioned.problem.action, 's3:GetObjectVersion');
    });

    it('maps a 404 to not-found (deleted between list and head)', async () => {
      s3.on(HeadObjectCommand).rejects(serviceError('NotFound', 404));

      const read = await reader.head({ ...WHERE, key: 'gone.txt' });

      assert.ok(!read.ok);
      assert.equal(read.problem.kind, 'not-found');
    });

    it('maps a 503 SlowDown to throttled and anything else to error', async () => {
      s3.on(HeadObjectCommand, { Key: 'slow' })
        .rejects(serviceError('SlowDown', 503))
        .on(HeadObjectCommand, { Key: 'sse-c' })
        .rejects(serviceError('BadRequest', 400));

      const slow = await reader.head({ ...WHERE, key: 'slow' });
      const broken = await reader.head({ ...WHERE, key: 'sse-c' });

      assert.ok(!slow.ok && !broken.ok);
      assert.equal(slow.problem.kind, 'throttled');
      assert.equal(broken.problem.kind, 'error');
      assert.match(broken.problem.detail, /BadRequest \(HTTP 400\)/);
    });
  });

  describe('listPage', () => {
    it('returns decoded keys and the key to continue after while truncated', async () => {
      s3.on(ListObjectsV2Command).resolves({
        IsTruncated: true,
        Contents: [
          { Key: 'a b.txt', LastModified: LAST_MODIFIED, Size: 1 },
          { Key: 'é+&=.txt', LastModified: LAST_MODIFIED, Size: 2 },
        ],
      });

      const read = await reader.listPage({ ...WHERE, startAfter: 'a', maxKeys: 2 });

      assert.ok(read.ok);
      assert.deepEqual(
        read.value.objects.map((object) => object.key),
        ['a b.txt', 'é+&=.txt'],
      );
      assert.equal(read.value.nextStartAfter, 'é+&=.txt');
      const input = s3.commandCalls(ListObjectsV2Command)[0]?.args[0].input;
      assert.deepEqual(input, { Bucket: 'src', Prefix: undefined, StartAfter: 'a', MaxKeys: 2 });
    });

    it('has no continuation on the last page', async () => {
      s3.on(ListObjectsV2Command).resolves({ IsTruncated: false, Contents: [{ Key: 'z', Size: 0 }] });

      const read = await reader.listPage({ ...WHERE, maxKeys: 1000 });

      assert.ok(read.ok);
      assert.equal(read.value.nextStartAfter, undefined);
    });

    it('maps a refused listing to access-denied on the bucket ARN of its partition', async () => {
      s3.on(ListObjectsV2Command).rejects(serviceError('AccessDenied', 403));

      const read = await reader.listPage({ bucket: 'src', region: 'cn-north-1', maxKeys: 1000 });

      assert.ok(!read.ok);
      assert.deepEqual(
        { kind: read.problem.kind, action: read.problem.action, resource: read.problem.resource },
        { kind: 'access-denied', action: 's3:ListBucket', resource: 'arn:aws-cn:s3:::src' },
      );
    });
  });

  describe('tags', () => {
    it('returns the tag set as a record', async () => {
      s3.on(GetObjectTaggingCommand).resolves({ TagSet: [{ Key: 'replicate', Value: 'yes' }] });

      assert.deepEqual(await reader.tags({ ...WHERE, key: 'a.txt' }), {
        ok: true,
        value: { replicate: 'yes' },
      });
    });

    it('names the version tagging action when a version is read', async () => {
      s3.on(GetObjectTaggingCommand).rejects(serviceError('AccessDenied', 403));

      const read = await reader.tags({ ...WHERE, key: 'a.txt', versionId: 'v1' });

      assert.ok(!read.ok);
      assert.equal(read.problem.action, 's3:GetObjectVersionTagging');
    });
  });
});
