import { parseWorld } from '../../../shared/sim/load-world.js';
import type { SyntheticObjectsSpec, World } from '../../../shared/sim/world-schema.js';
import { bucket, NOW, replicationRole, roleArn, rule } from './world-parts.js';

export const HUGE = 'acme-clickstream';
export const SMALL = 'acme-receipts';

/**
 * 1,000,000 generated objects; 2% PENDING (most for longer than 15 minutes) and 2% FAILED. Seed
 * 28 puts flagged objects at indexes 6, 19 and 22, so even a short sweep has some to re-check.
 */
export const HUGE_OBJECTS: SyntheticObjectsSpec = {
  count: 1_000_000,
  keyPrefix: 'events/',
  statusMix: { COMPLETED: 0.96, PENDING: 0.02, FAILED: 0.02 },
  maxAgeMinutes: 1440,
  seed: 28,
};

const replicated = (name: string, prefix: string, extra: Record<string, unknown>) =>
  bucket(name, 'us-east-1', {
    replication: { Role: roleArn(name), Rules: [rule(`${name}-to-dr`, { Prefix: prefix }, `${name}-dr`)] },
    ...extra,
  });

/** A 1,000,000-object bucket audited before a small one, each with its role and destination. */
export function largeWorld(): World {
  return parseWorld(
    JSON.stringify({
      now: NOW,
      monitor: { account: '111122223333', region: 'us-east-1' },
      buckets: [
        replicated(HUGE, 'events/', { syntheticObjects: HUGE_OBJECTS }),
        bucket(`${HUGE}-dr`, 'us-west-2'),
        replicated(SMALL, '', {
          objects: [
            { key: 'r/1.pdf', lastModified: '2026-11-22T11:00:00Z', replicationStatus: 'FAILED' },
            { key: 'r/2.pdf', lastModified: '2026-11-22T11:00:00Z', replicationStatus: 'COMPLETED' },
          ],
        }),
        bucket(`${SMALL}-dr`, 'us-west-2'),
      ],
      roles: [replicationRole(HUGE, `${HUGE}-dr`), replicationRole(SMALL, `${SMALL}-dr`)],
    }),
    'large-world.json',
  );
}

/** The buckets of `fleetWorld`: each 100,000 generated objects, replicated to its own destination. */
export const FLEET = Array.from({ length: 6 }, (_, index) => `acme-fleet-${index + 1}`);

/** Six large buckets, more than the audit reads at once: sampling's time must be shared. */
export function fleetWorld(): World {
  return parseWorld(
    JSON.stringify({
      now: NOW,
      monitor: { account: '111122223333', region: 'us-east-1' },
      buckets: FLEET.flatMap((name, index) => [
        replicated(name, 'events/', {
          syntheticObjects: { ...HUGE_OBJECTS, count: 100_000, seed: index + 1 },
        }),
        bucket(`${name}-dr`, 'us-west-2'),
      ]),
      roles: FLEET.map((name) => replicationRole(name, `${name}-dr`)),
    }),
    'fleet-world.json',
  );
}
