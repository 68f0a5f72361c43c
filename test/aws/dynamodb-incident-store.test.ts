import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbIncidentStore, incidentKey } from '../../shared/aws/dynamodb-incident-store.js';
import { applyToBucket } from '../../shared/incidents/apply.js';
import type { Incident } from '../../shared/incidents/incident.js';
import { DEFAULT_INCIDENT_SETTINGS } from '../../shared/incidents/settings.js';
import { type DynaliteTable, startDynaliteTable } from '../helpers/dynalite.js';
import { eventFailure, observe, SOURCE, T0 } from '../helpers/incident-fakes.js';

/** A freshly opened incident (revision 1, never written), for `bucket`. */
function opened(bucket = SOURCE, key = 'a.csv'): Incident {
  const finding = { ...eventFailure(key), sourceBucket: bucket };
  const [incident] = applyToBucket([], {
    observations: observe([finding], 'events'),
    now: new Date(T0),
    owner: 'test',
    settings: DEFAULT_INCIDENT_SETTINGS,
  }).changed;
  assert.ok(incident);
  return incident;
}

describe('createDynamoDbIncidentStore (against dynalite)', () => {
  let table: DynaliteTable;
  before(async () => {
    table = await startDynaliteTable();
  });
  after(() => table.close());
  const storeFor = (options: { maxPages?: number } = {}) =>
    createDynamoDbIncidentStore(table.client, { tableName: table.tableName, ...options });

  it('round-trips an incident under the single-table keys, with no TTL while it is open', async () => {
    const incident = opened('round-trip');
    assert.equal(await storeFor().save(incident), true);
    assert.deepEqual(await storeFor().load('round-trip', incident.id), JSON.parse(JSON.stringify(incident)));
    const { Item } = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: incidentKey('round-trip', incident.id) }),
    );
    assert.equal(Item?.pk, 'bucket#round-trip');
    assert.equal(Item?.sk, `incident#${incident.id}`);
    assert.equal(Item?.revision, 1);
    assert.equal(Item?.status, 'open');
    assert.equal(Item?.expiresAt, undefined);
  });

  it('writes only on the revision it read: a second first write and a stale revision are refused', async () => {
    const store = storeFor();
    const incident = opened('conditional');
    assert.equal(await store.save(incident), true);
    assert.equal(await store.save(incident), false, 'a second creation');
    assert.equal(await store.save({ ...incident, revision: 2, affected: 5 }), true);
    assert.equal(await store.save({ ...incident, revision: 2, affected: 6 }), false, 'stale revision');
    assert.equal((await store.load('conditional', incident.id))?.affected, 5);
  });

  it('gives a resolved incident a TTL of its resolution plus the retention', async () => {
    const incident = { ...opened('ttl'), status: 'resolved' as const, resolvedAt: T0 };
    await storeFor().save(incident);
    const { Item } = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: incidentKey('ttl', incident.id) }),
    );
    assert.equal(Item?.expiresAt, Date.parse(T0) / 1000 + 30 * 86_400);
  });

  it("loads every incident of one bucket and only that bucket's, across Query pages", async () => {
    const store = storeFor();
    const big = 'x'.repeat(900);
    for (let index = 0; index < 6; index += 1) {
      const incident = opened('paged', `${big}${index}`);
      // Distinct ids, and items large enough (with samples) to span pages of dynalite's 1 MB.
      await store.save({
        ...incident,
        id: `${incident.id}-${index}`,
        samples: Array.from({ length: 200 }, (_, n) => ({ key: `${big}${n}` })),
      });
    }
    await store.save(opened('other-bucket'));
    const loaded = await store.loadBucket('paged');
    assert.equal(loaded.length, 6);
    assert.ok(loaded.every((incident) => incident.sourceBucket === 'paged'));
    await assert.rejects(storeFor({ maxPages: 1 }).loadBucket('paged'), /more than 1 Query pages/);
  });

  it('remembers the buckets with incidents, once each, and forgets one only if it was not registered again since', async () => {
    await table.clear();
    const store = storeFor();
    await store.rememberBucket('bucket-b', '2026-11-22T10:00:00.000Z');
    await store.rememberBucket('bucket-a', '2026-11-22T10:00:00.000Z');
    await store.rememberBucket('bucket-b', '2026-11-22T11:30:00.000Z');
    assert.deepEqual(await store.listBuckets(), ['bucket-a', 'bucket-b']);

    const cutoff = '2026-11-22T11:00:00.000Z';
    assert.equal(await store.forgetBucket('bucket-a', cutoff, T0), true);
    assert.equal(
      await store.forgetBucket('bucket-b', cutoff, T0),
      false,
      'registered again after the cutoff',
    );
    assert.equal(await store.forgetBucket('bucket-a', cutoff, T0), false, 'already forgotten');
    assert.equal(await store.forgetBucket('never-known', cutoff, T0), false);
    assert.deepEqual(await store.listBuckets(), ['bucket-b']);

    await store.rememberBucket('bucket-a', T0);
    assert.deepEqual(
      await store.listBuckets(),
      ['bucket-a', 'bucket-b'],
      'an incident there registers it again',
    );
  });

  it("moves the earlier versions' registry (one string set) to one item per bucket the first time it is read", async () => {
    await table.clear();
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { pk: 'monitor#incidents', sk: 'buckets', buckets: new Set(['legacy-a', 'legacy-b']) },
      }),
    );
    const store = storeFor();
    await store.rememberBucket('legacy-b', '2026-11-22T11:30:00.000Z');
    await store.rememberBucket('current', '2026-11-22T11:30:00.000Z');
    assert.deepEqual(await store.listBuckets(), ['current', 'legacy-a', 'legacy-b']);
    const { Item } = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: { pk: 'monitor#incidents', sk: 'buckets' } }),
    );
    assert.equal(Item?.buckets, undefined, 'the set is emptied');
    assert.deepEqual(await store.listBuckets(), ['current', 'legacy-a', 'legacy-b']);
    // A moved name counts as registered long ago; one registered since keeps its time.
    assert.equal(await store.forgetBucket('legacy-a', '2026-11-22T11:00:00.000Z', T0), true);
    assert.equal(await store.forgetBucket('legacy-b', '2026-11-22T11:00:00.000Z', T0), false);
  });

  it('keeps the digest bookkeeping with the same conditional writes', async () => {
    const store = storeFor();
    assert.equal(await store.loadDigest(), undefined);
    assert.equal(await store.saveDigest({ revision: 1, claim: { owner: 'o', at: T0 } }), true);
    assert.equal(await store.saveDigest({ revision: 1, sentAt: T0 }), false);
    assert.equal(await store.saveDigest({ revision: 2, sentAt: T0 }), true);
    assert.deepEqual(await store.loadDigest(), { revision: 2, sentAt: T0 });
  });

  it('rejects an empty table name at construction', () => {
    assert.throws(() => createDynamoDbIncidentStore(table.client, { tableName: '' }), /tableName/);
  });
});
