import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ListObjectsV2Command, ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import { fixtureSimulator } from '../helpers/sim-fixture.js';

function client() {
  return new S3Client(fixtureSimulator().clientConfig('us-east-1'));
}

describe('ListObjectsV2', () => {
  it('lists current keys in key order, without delete-marked keys', async () => {
    const output = await client().send(new ListObjectsV2Command({ Bucket: 'src-bucket' }));
    assert.deepEqual(
      output.Contents?.map((object) => object.Key),
      ['Tax/report 2026.pdf', 'a.txt', 'private/secret.txt'],
    );
    assert.equal(output.KeyCount, 3);
    assert.equal(output.IsTruncated, false);
    assert.equal(output.MaxKeys, 1000);
  });

  it('pages with continuation tokens over explicit and synthetic keys merged in order', async () => {
    const s3 = client();
    const keys: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: 'big-bucket', Prefix: 'logs/', ContinuationToken: token }),
      );
      keys.push(...(page.Contents ?? []).map((object) => object.Key ?? ''));
      token = page.NextContinuationToken;
      pages += 1;
    } while (token !== undefined);
    assert.equal(pages, 3);
    assert.equal(keys.length, 2501);
    assert.deepEqual(keys.slice(0, 2), ['logs/0000', 'logs/0001']);
    assert.equal(keys.at(-1), 'logs/zz-manual');
    assert.deepEqual([...keys].sort(), keys);
  });

  it('honours StartAfter, MaxKeys and Delimiter', async () => {
    const s3 = client();
    const after = await s3.send(
      new ListObjectsV2Command({ Bucket: 'big-bucket', StartAfter: 'logs/2497', MaxKeys: 2 }),
    );
    assert.deepEqual(
      after.Contents?.map((object) => object.Key),
      ['logs/2498', 'logs/2499'],
    );
    assert.equal(after.IsTruncated, true);
    const folders = await s3.send(new ListObjectsV2Command({ Bucket: 'src-bucket', Delimiter: '/' }));
    assert.deepEqual(
      folders.CommonPrefixes?.map((prefix) => prefix.Prefix),
      ['Tax/', 'private/'],
    );
    assert.deepEqual(
      folders.Contents?.map((object) => object.Key),
      ['a.txt'],
    );
  });

  it('refuses a continuation token it did not issue', async () => {
    const s3 = client();
    await assert.rejects(
      s3.send(new ListObjectsV2Command({ Bucket: 'src-bucket', ContinuationToken: 'bogus' })),
      {
        name: 'InvalidArgument',
      },
    );
  });
});

describe('ListObjectVersions', () => {
  it('lists versions newest first per key, with delete markers apart', async () => {
    const output = await client().send(
      new ListObjectVersionsCommand({ Bucket: 'src-bucket', Prefix: 'Tax/' }),
    );
    assert.deepEqual(
      output.Versions?.map((version) => [version.Key, version.VersionId, version.IsLatest]),
      [
        ['Tax/old.pdf', 'v1-original', false],
        ['Tax/report 2026.pdf', '3HL4kqtJlcpXroDTDmJ', true],
      ],
    );
    assert.deepEqual(
      output.DeleteMarkers?.map((marker) => [marker.Key, marker.VersionId, marker.IsLatest]),
      [['Tax/old.pdf', 'v2-current-marker', true]],
    );
  });

  it('pages with KeyMarker and VersionIdMarker, resuming inside a key', async () => {
    const s3 = client();
    const seen: string[] = [];
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectVersionsCommand({
          Bucket: 'src-bucket',
          MaxKeys: 1,
          KeyMarker: keyMarker,
          VersionIdMarker: versionIdMarker,
        }),
      );
      const entries = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])];
      assert.equal(entries.length, 1);
      seen.push(`${entries[0]?.Key}@${entries[0]?.VersionId}`);
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
    } while (keyMarker !== undefined);
    assert.deepEqual(seen, [
      'Tax/old.pdf@v2-current-marker',
      'Tax/old.pdf@v1-original',
      'Tax/report 2026.pdf@3HL4kqtJlcpXroDTDmJ',
      'a.txt@va',
      'private/secret.txt@vs',
    ]);
  });
});
