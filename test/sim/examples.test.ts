import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetBucketReplicationCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { loadWorld } from '../../shared/sim/load-world.js';
import { createSimulator } from '../../shared/sim/simulator.js';

const directory = join(import.meta.dirname, '../../examples/worlds');

describe('example worlds', () => {
  it('answer every replication configuration, replication role and explicit object they describe (guard rails and published setups too)', async () => {
    const files = (await readdir(directory, { recursive: true })).filter((name) => name.endsWith('.json'));
    assert.ok(files.some((name) => name.startsWith('guard-rails')));
    for (const file of files) {
      const simulator = createSimulator(await loadWorld(join(directory, file)));
      const iam = new IAMClient(simulator.clientConfig('us-east-1'));
      for (const bucket of simulator.world.buckets) {
        const s3 = new S3Client(simulator.clientConfig(bucket.region, { account: bucket.account }));
        if (bucket.replication !== undefined) {
          const read = await s3.send(new GetBucketReplicationCommand({ Bucket: bucket.name }));
          assert.equal(read.ReplicationConfiguration?.Role, bucket.replication.Role, file);
          const roleName = bucket.replication.Role.split('/').at(-1);
          const role = await iam.send(new GetRoleCommand({ RoleName: roleName }));
          assert.equal(role.Role?.Arn, bucket.replication.Role, file);
        }
        // An SSE-C object answers HEAD only with its customer key (400 without): not asked here.
        for (const object of bucket.objects.filter(
          (candidate) => candidate.isLatest && !candidate.deleteMarker && candidate.sse !== 'SSE-C',
        )) {
          const head = await s3.send(new HeadObjectCommand({ Bucket: bucket.name, Key: object.key }));
          assert.equal(head.ReplicationStatus, object.replicationStatus, `${file} ${object.key}`);
        }
      }
    }
  });
});
