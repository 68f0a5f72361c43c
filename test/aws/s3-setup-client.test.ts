import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { S3Client } from '@aws-sdk/client-s3';
import { createS3SetupClient } from '../../shared/aws/s3-setup-client.js';
import { loadWorld } from '../../shared/sim/load-world.js';
import { createSimulator } from '../../shared/sim/simulator.js';
import { WORLDS } from '../helpers/worlds.js';

async function clientFor(world: string, denied: { action: string; resource: string }[] = []) {
  const loaded = await loadWorld(`${WORLDS}${world}`);
  loaded.denied.push(...denied);
  const simulator = createSimulator(loaded);
  return { simulator, client: createS3SetupClient((region) => new S3Client(simulator.clientConfig(region))) };
}

/** S3's XML has its own element order; the content must be the world's. */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .sort(([left], [right]) => left.localeCompare(right))
      .map(([key, item]) => [key, sorted(item)]),
  );
}

describe('createS3SetupClient', () => {
  it("reads every example world's notifications verbatim through the simulator", async () => {
    for (const file of (await readdir(WORLDS)).filter((name) => name.endsWith('.json'))) {
      const { simulator, client } = await clientFor(file);
      // Buckets of an account the monitor may not reach (access: none) are refused by design.
      const unreachable = new Set(
        simulator.world.accounts.filter((account) => account.access === 'none').map((account) => account.id),
      );
      for (const bucket of simulator.world.buckets.filter((item) => !unreachable.has(item.account))) {
        const read = await client.notificationConfiguration(bucket.name, bucket.region);
        assert.ok(read.ok, `${file} ${bucket.name}`);
        assert.deepEqual(sorted(read.value), sorted(bucket.notifications ?? {}), `${file} ${bucket.name}`);
      }
    }
  });

  it('replaces the whole notification configuration, and reads back what it wrote', async () => {
    const { simulator, client } = await clientFor('setup-existing-notifications.json');
    const read = await client.notificationConfiguration('acme-orders-prod', 'us-east-1');
    assert.ok(read.ok);
    const document = {
      ...read.value,
      QueueConfigurations: [
        {
          Id: 's3-replication-monitor',
          QueueArn: 'arn:aws:sqs:us-east-1:111122223333:monitor',
          Events: ['s3:Replication:*'],
        },
      ],
    };
    const written = await client.putNotificationConfiguration('acme-orders-prod', 'us-east-1', document);
    assert.ok(written.ok);
    const again = await client.notificationConfiguration('acme-orders-prod', 'us-east-1');
    assert.deepEqual(again.ok && sorted(again.value), sorted(document));
    assert.deepEqual(
      simulator.writes.map((write) => [write.operation, write.bucket]),
      [['PutBucketNotificationConfiguration', 'acme-orders-prod']],
    );
  });

  it('answers a refused write as a problem naming the IAM action, without throwing', async () => {
    const { client } = await clientFor('setup-conflicting-notifications.json', [
      { action: 's3:PutReplicationConfiguration', resource: 'arn:aws:s3:::acme-app-logs' },
    ]);
    const result = await client.putReplication('acme-app-logs', 'us-east-1', {
      Role: 'arn:aws:iam::111122223333:role/service-role/s3-replication-acme',
      Rules: [],
    });
    assert.equal(result.ok, false);
    assert.deepEqual(!result.ok && [result.problem.kind, result.problem.action, result.problem.resource], [
      'access-denied',
      's3:PutReplicationConfiguration',
      'arn:aws:s3:::acme-app-logs',
    ]);
  });
});
