import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { S3Client } from '@aws-sdk/client-s3';
import { createS3ObjectReader } from '../../shared/aws/s3-object-reader.js';
import { startWireStub } from '../helpers/wire-stub.js';

describe('createS3ObjectReader (on the wire)', () => {
  let stub: Awaited<ReturnType<typeof startWireStub>>;
  before(async () => {
    stub = await startWireStub((request) => {
      if (request.url.startsWith('/src/denied')) return { status: 403, body: '' };
      if (request.method === 'HEAD') {
        return {
          status: 200,
          headers: {
            'x-amz-replication-status': 'PENDING',
            'x-amz-version-id': '3HL4kqtJlcpXroDTDmJ',
            'last-modified': 'Sun, 22 Nov 2026 11:30:00 GMT',
            'content-length': '52008',
            'x-amz-server-side-encryption': 'aws:kms',
            'x-amz-server-side-encryption-aws-kms-key-id':
              'arn:aws:kms:us-east-1:111122223333:key/1111aaaa-22bb-33cc-44dd-5555eeee6666',
            'x-amz-server-side-encryption-bucket-key-enabled': 'true',
            'x-amz-tagging-count': '2',
          },
          body: '',
        };
      }
      return { status: 400, body: '' };
    });
  });
  after(() => stub.close());

  const reader = () =>
    createS3ObjectReader(
      (region) =>
        new S3Client({
          region,
          endpoint: stub.endpoint,
          forcePathStyle: true,
          maxAttempts: 1,
          credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
        }),
    );

  it('parses HeadObject headers through the real SDK, with the key encoded on the path', async () => {
    const head = await reader().head({ bucket: 'src', region: 'us-east-1', key: 'Tax/report 2026+é.pdf' });
    assert.equal(stub.requests.at(-1)?.method, 'HEAD');
    assert.equal(stub.requests.at(-1)?.url, '/src/Tax/report%202026%2B%C3%A9.pdf');
    assert.deepEqual(head.ok && { ...head.value, lastModified: head.value.lastModified.toISOString() }, {
      replicationStatus: 'PENDING',
      lastModified: '2026-11-22T11:30:00.000Z',
      versionId: '3HL4kqtJlcpXroDTDmJ',
      sse: 'aws:kms',
      kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/1111aaaa-22bb-33cc-44dd-5555eeee6666',
      bucketKeyEnabled: true,
      tagCount: 2,
    });
  });

  it('recognises a refused HEAD, whose 403 has no body, by its status', async () => {
    const head = await reader().head({ bucket: 'src', region: 'us-east-1', key: 'denied/a.txt' });
    assert.equal(head.ok, false);
    assert.equal(!head.ok && head.problem.kind, 'access-denied');
    assert.equal(!head.ok && head.problem.action, 's3:GetObject');
  });
});
