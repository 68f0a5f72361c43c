import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createDynamoDbBucketLeases } from '../../shared/aws/dynamodb-bucket-leases.js';
import type { Clock } from '../../shared/model/clock.js';
import { type DynaliteTable, startDynaliteTable } from '../helpers/dynalite.js';

/** A clock a test moves. */
function movableClock(start: string): Clock & { advance(ms: number): void } {
  let now = Date.parse(start);
  return {
    now: () => new Date(now),
    advance(ms) {
      now += ms;
    },
  };
}

describe('createDynamoDbBucketLeases (dynalite)', () => {
  let table: DynaliteTable;
  before(async () => {
    table = await startDynaliteTable();
  });
  after(() => table.close());

  const leasesOf = (holder: string, clock: Clock, leaseMs = 60_000) =>
    createDynamoDbBucketLeases(
      { acquire: table.client, release: table.client },
      { tableName: table.tableName, clock, holder, leaseMs },
    );

  it('gives a free bucket to the first audit and tells the second until when it is held', async () => {
    const clock = movableClock('2026-11-22T12:00:00Z');
    const first = leasesOf('audit-1', clock);
    const second = leasesOf('audit-2', clock);

    assert.deepEqual(await first.acquire('orders'), { kind: 'acquired' });
    assert.deepEqual(await first.acquire('orders'), { kind: 'acquired' }, 'its own lease, again');
    assert.deepEqual(await second.acquire('orders'), { kind: 'held', until: '2026-11-22T12:01:00.000Z' });
    assert.deepEqual(await second.acquire('payments'), { kind: 'acquired' }, 'other buckets are free');
  });

  it('frees the buckets once given back, and a lease nobody gave back once it expires', async () => {
    const clock = movableClock('2026-11-22T13:00:00Z');
    const first = leasesOf('audit-1', clock);
    const second = leasesOf('audit-2', clock);
    await first.acquire('given-back');
    await first.acquire('abandoned');
    await first.releaseAll();
    assert.deepEqual(await second.acquire('given-back'), { kind: 'acquired' });

    const dead = leasesOf('audit-3', clock);
    await dead.acquire('crashed');
    clock.advance(59_000);
    assert.equal((await second.acquire('crashed')).kind, 'held');
    clock.advance(1_000);
    assert.deepEqual(await second.acquire('crashed'), { kind: 'acquired' }, 'expired with its invocation');
  });

  it('never gives back a lease another audit took after this one expired', async () => {
    const clock = movableClock('2026-11-22T14:00:00Z');
    const slow = leasesOf('slow', clock);
    const next = leasesOf('next', clock);
    await slow.acquire('orders');
    clock.advance(60_000);
    assert.deepEqual(await next.acquire('orders'), { kind: 'acquired' });
    await slow.releaseAll();
    assert.equal((await leasesOf('third', clock).acquire('orders')).kind, 'held');
  });

  it('reports a lease store it cannot use as unavailable, naming the action and the table', async () => {
    const clock = movableClock('2026-11-22T15:00:00Z');
    const missing = createDynamoDbBucketLeases(
      { acquire: table.client, release: table.client },
      {
        tableName: 'no-such-table',
        clock,
        holder: 'audit-1',
        leaseMs: 60_000,
      },
    );
    const outcome = await missing.acquire('orders');
    assert.equal(outcome.kind, 'unavailable');
    assert.ok(outcome.kind === 'unavailable');
    assert.equal(outcome.problem.action, 'dynamodb:PutItem');
    assert.match(outcome.problem.resource, /table\/no-such-table$/);
  });
});
