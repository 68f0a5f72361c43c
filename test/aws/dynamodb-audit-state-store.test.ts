import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { BucketSamplingState } from '../../shared/audit/sampling/audit-state.js';
import { createDynamoDbAuditStateStore } from '../../shared/aws/dynamodb-audit-state-store.js';
import { fixedClock } from '../../shared/model/clock.js';
import { StoreCallError } from '../../shared/model/errors.js';
import { type DynaliteTable, startDynaliteTable } from '../helpers/dynalite.js';

const NOW = '2026-11-22T12:00:00.000Z';

function samplingState(overrides: Partial<BucketSamplingState> = {}): BucketSamplingState {
  return {
    cursor: { afterKey: 'logs/2026/é & + space.txt' },
    recheck: [
      { key: 'a.txt', versionId: 'v1', firstFlaggedAt: '2026-11-21T10:00:00.000Z', status: 'FAILED' },
      { key: 'b.txt', firstFlaggedAt: '2026-11-22T11:00:00.000Z', status: 'PENDING' },
    ],
    passes: 3,
    updatedAt: NOW,
    ...overrides,
  };
}

describe('createDynamoDbAuditStateStore (against dynalite)', () => {
  let table: DynaliteTable;
  before(async () => {
    table = await startDynaliteTable();
  });
  after(() => table.close());

  const storeFor = () =>
    createDynamoDbAuditStateStore(table.client, { tableName: table.tableName, clock: fixedClock(NOW) });
  const rawItem = async (bucket: string) =>
    (
      await table.client.send(
        new GetCommand({ TableName: table.tableName, Key: { pk: `bucket#${bucket}`, sk: 'sampling' } }),
      )
    ).Item;

  it('returns undefined for a bucket never saved', async () => {
    assert.equal(await storeFor().loadBucketState('never-saved'), undefined);
  });

  it('round-trips a state, optional fields included and absent', async () => {
    const store = storeFor();
    const state = samplingState();

    await store.saveBucketState('round-trip', state);

    assert.deepEqual(await storeFor().loadBucketState('round-trip'), state);
    const withoutCursor = samplingState({ cursor: undefined, recheck: [] });
    delete withoutCursor.cursor;
    await store.saveBucketState('round-trip', withoutCursor);
    assert.deepEqual(await storeFor().loadBucketState('round-trip'), withoutCursor);
  });

  it('writes the single-table keys, a revision and a TTL 30 days after the save', async () => {
    await storeFor().saveBucketState('ttl', samplingState());

    const item = await rawItem('ttl');
    assert.equal(item?.pk, 'bucket#ttl');
    assert.equal(item?.sk, 'sampling');
    assert.equal(item?.revision, 1);
    assert.equal(item?.expiresAt, Date.parse(NOW) / 1000 + 30 * 86_400);
  });

  it('increments the revision on each save by the same store', async () => {
    const store = storeFor();
    await store.loadBucketState('revisions');
    await store.saveBucketState('revisions', samplingState());
    await store.saveBucketState('revisions', samplingState({ passes: 4 }));

    assert.equal((await rawItem('revisions'))?.revision, 2);
    assert.equal((await storeFor().loadBucketState('revisions'))?.passes, 4);
  });

  it('merges instead of clobbering when another audit saved after this one loaded', async () => {
    const first = storeFor();
    const second = storeFor();
    await first.loadBucketState('conflict');
    await second.loadBucketState('conflict');
    await first.saveBucketState(
      'conflict',
      samplingState({
        cursor: { afterKey: 'm' },
        passes: 1,
        recheck: [{ key: 'first.txt', firstFlaggedAt: NOW, status: 'FAILED' }],
      }),
    );

    await second.saveBucketState(
      'conflict',
      samplingState({
        cursor: { afterKey: 'c' },
        passes: 1,
        recheck: [{ key: 'second.txt', firstFlaggedAt: NOW, status: 'PENDING' }],
      }),
    );

    const merged = await storeFor().loadBucketState('conflict');
    assert.deepEqual(merged?.cursor, { afterKey: 'm' }, 'the cursor further along wins');
    assert.deepEqual(merged?.recheck.map((entry) => entry.key).sort(), ['first.txt', 'second.txt']);
    assert.equal((await rawItem('conflict'))?.revision, 2);
  });

  it('keeps both writers\u2019 flagged objects when two audits save at once', async () => {
    const writers = [storeFor(), storeFor(), storeFor()];
    await Promise.all(writers.map((writer) => writer.loadBucketState('race')));

    await Promise.all(
      writers.map((writer, index) =>
        writer.saveBucketState(
          'race',
          samplingState({ recheck: [{ key: `w${index}.txt`, firstFlaggedAt: NOW, status: 'FAILED' }] }),
        ),
      ),
    );

    // Three writers, one retry each: at least the first two are merged; none throws.
    const stored = await storeFor().loadBucketState('race');
    assert.ok((stored?.recheck.length ?? 0) >= 2);
    assert.ok(((await rawItem('race'))?.revision ?? 0) >= 2);
  });

  it('keeps the newer stored state when the retry conflicts too', async () => {
    const store = storeFor();
    await store.loadBucketState('twice');
    // Another writer moves the revision on before our save, and again before our retry.
    let bumps = 0;
    const racing = createDynamoDbAuditStateStore(
      new Proxy(table.client, {
        get(target, property, receiver) {
          if (property !== 'send') return Reflect.get(target, property, receiver);
          return async (command: PutCommand | GetCommand) => {
            if (command instanceof PutCommand && bumps < 2) {
              bumps += 1;
              await table.client.send(
                new PutCommand({
                  TableName: table.tableName,
                  Item: {
                    pk: 'bucket#twice',
                    sk: 'sampling',
                    revision: 10 + bumps,
                    ...samplingState({ passes: 9 }),
                  },
                }),
              );
            }
            return target.send(command as PutCommand);
          };
        },
      }),
      { tableName: table.tableName },
    );

    await racing.saveBucketState('twice', samplingState({ passes: 1 }));

    assert.equal(bumps, 2);
    assert.equal((await rawItem('twice'))?.revision, 12);
    assert.equal((await storeFor().loadBucketState('twice'))?.passes, 9);
  });

  it('fails a call with a StoreCallError naming the action and the table, classified like any read', async () => {
    const tableArn = 'arn:aws:dynamodb:eu-west-1:111122223333:table/monitor';
    const refusing = {
      send: async () => {
        throw Object.assign(new Error('not authorized to perform dynamodb:GetItem'), {
          name: 'AccessDeniedException',
          $metadata: { httpStatusCode: 400 },
        });
      },
    } as unknown as DynamoDBDocumentClient;
    const refused = createDynamoDbAuditStateStore(refusing, { tableName: 'monitor', tableArn });
    await assert.rejects(refused.loadBucketState('b'), (error: unknown) => {
      assert.ok(error instanceof StoreCallError);
      assert.deepEqual(
        [error.problem.kind, error.problem.action, error.problem.resource],
        ['access-denied', 'dynamodb:GetItem', tableArn],
      );
      return true;
    });
    const missing = createDynamoDbAuditStateStore(table.client, { tableName: 'no-such-table' });
    await assert.rejects(missing.saveBucketState('b', samplingState()), (error: unknown) => {
      assert.ok(error instanceof StoreCallError);
      assert.deepEqual(
        [error.problem.kind, error.problem.action, error.problem.resource],
        ['error', 'dynamodb:PutItem', 'arn:aws:dynamodb:*:*:table/no-such-table'],
      );
      assert.match(error.problem.detail, /ResourceNotFoundException/);
      return true;
    });
  });

  it('rejects an empty table name at construction', () => {
    assert.throws(() => createDynamoDbAuditStateStore(table.client, { tableName: '' }), /tableName/);
  });
});
