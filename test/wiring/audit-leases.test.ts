import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../shared/config/config.js';
import { fixedClock } from '../../shared/model/clock.js';
import { createAuditDependencies } from '../../shared/wiring/audit.js';
import type { ClientPool } from '../../shared/wiring/clients.js';

interface Sent {
  name: string;
  options: { abortSignal?: AbortSignal } | undefined;
}

/**
 * A pool whose DynamoDB client takes leases (the first PutItem of each bucket answers) and never
 * answers the writes that give them back, not even when asked to abort.
 */
function poolWithStuckReleases(sent: Sent[]): ClientPool {
  const acquired = new Set<string>();
  const documents = {
    send(command: { constructor: { name: string }; input: { Item?: { pk?: string } } }, options?: object) {
      const name = command.constructor.name;
      sent.push({ name, options: options as Sent['options'] });
      const pk = command.input.Item?.pk ?? '';
      if (name === 'PutCommand' && !acquired.has(pk)) {
        acquired.add(pk);
        return Promise.resolve({});
      }
      return new Promise(() => undefined);
    },
  };
  // Every other client is built but never called.
  const pool: ClientPool = {
    get: (service, region, make) => (service === 'dynamodb' ? documents : make({ region } as never)) as never,
  };
  return pool;
}

function dependenciesOf(pool: ClientPool, checks: AbortSignal) {
  return createAuditDependencies({
    config: loadConfig({ AUDIT_TABLE_NAME: 'monitor-state' }),
    clients: pool,
    clock: fixedClock('2026-11-22T12:00:00Z'),
    deadline: () => checks.aborted,
    cutoffs: { checks },
    homeRegion: 'eu-west-1',
    leaseMs: 60_000,
  });
}

describe('the audit wiring: bucket leases in the state table', () => {
  it('takes leases in the state table when one is configured, and gives them back within a second even when the table never answers', async () => {
    const sent: Sent[] = [];
    const { leases } = dependenciesOf(poolWithStuckReleases(sent), new AbortController().signal);
    assert.ok(leases, 'a state table means shared leases');
    assert.deepEqual(await leases.acquire('orders'), { kind: 'acquired' });

    const started = Date.now();
    await leases.releaseAll();
    const tookMs = Date.now() - started;
    assert.ok(tookMs < 5_000, `giving back waited ${tookMs} ms for a table that never answers`);
    const release = sent.at(-1);
    assert.equal(release?.name, 'PutCommand');
    assert.ok(release?.options?.abortSignal, 'the give-back is cancelled, not left running');
  });

  it("gives up taking a lease at the audit's deadline and reports the lease store cut off", async () => {
    const checks = new AbortController();
    checks.abort();
    const { leases } = dependenciesOf(poolWithStuckReleases([]), checks.signal);
    const outcome = await leases?.acquire('orders');
    assert.equal(outcome?.kind, 'unavailable');
    assert.ok(outcome?.kind === 'unavailable');
    assert.equal(outcome.problem.kind, 'cut-off');
    assert.equal(outcome.problem.action, 'dynamodb:PutItem');
    assert.equal(outcome.problem.resource, 'arn:aws:dynamodb:eu-west-1:*:table/monitor-state');
  });

  it('takes no lease without a state table (the CLI: one audit in one process)', () => {
    const dependencies = createAuditDependencies({
      config: loadConfig({}),
      clients: poolWithStuckReleases([]),
      clock: fixedClock('2026-11-22T12:00:00Z'),
      deadline: () => false,
      homeRegion: 'eu-west-1',
    });
    assert.equal(dependencies.leases, undefined);
  });
});
