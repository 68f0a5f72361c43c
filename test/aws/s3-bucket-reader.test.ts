import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memoizedBucketReader, type S3BucketReader } from '../../shared/aws/s3-bucket-reader.js';
import { observed } from '../../shared/model/observed.js';

/** A reader answering every call at once, recording them. */
function countingReader() {
  const calls: string[] = [];
  const answer =
    <T>(name: string, value: T) =>
    async (...args: string[]) => {
      calls.push([name, ...args].join(' '));
      return observed(value);
    };
  const reader: S3BucketReader = {
    listBuckets: answer('listBuckets', ['a', 'b']),
    region: answer('region', 'eu-west-1'),
    replication: answer('replication', undefined),
    versioning: answer('versioning', 'Enabled'),
    objectLock: answer('objectLock', false),
    encryption: answer('encryption', { algorithm: 'AES256', bucketKeyEnabled: false }),
    requesterPays: answer('requesterPays', false),
    ownership: answer('ownership', undefined),
    policy: answer('policy', undefined),
  };
  return { reader, calls };
}

describe('memoizedBucketReader', () => {
  it('asks once per call, bucket and Region, in flight or answered, and keeps calls apart', async () => {
    const { reader, calls } = countingReader();
    const memo = memoizedBucketReader(reader);
    const [first, second] = await Promise.all([
      memo.versioning('dst', 'eu-west-1'),
      memo.versioning('dst', 'eu-west-1'),
    ]);
    await memo.versioning('dst', 'eu-west-1');
    await memo.objectLock('dst', 'eu-west-1');
    await memo.versioning('other', 'eu-west-1');
    await memo.region('dst');
    await memo.region('dst');
    await memo.listBuckets();
    await memo.listBuckets();

    assert.deepEqual(first, observed('Enabled'));
    assert.equal(second, first);
    assert.deepEqual(calls, [
      'versioning dst eu-west-1',
      'objectLock dst eu-west-1',
      'versioning other eu-west-1',
      'region dst',
      'listBuckets',
    ]);
  });

  it('is made per audit: a new memo asks again', async () => {
    const { reader, calls } = countingReader();
    await memoizedBucketReader(reader).policy('src', 'us-east-1');
    await memoizedBucketReader(reader).policy('src', 'us-east-1');
    assert.deepEqual(calls, ['policy src us-east-1', 'policy src us-east-1']);
  });
});
