import { parseWorld } from '../../../shared/sim/load-world.js';
import type { SyntheticObjectsSpec, World } from '../../../shared/sim/world-schema.js';
import { bucket, NOW, replicationRole, roleArn, rule } from './world-parts.js';

export const HUGE = 'acme-clickstream';
export const SMALL = 'acme-receipts';

/** 1,000,000 generated objects; 2% PENDING (most for longer than 15 minutes) and 2% FAILED. */
export const HUGE_OBJECTS: SyntheticObjectsSpec = {
  count: 1_000_000,
  keyPrefix: 'events/',
  statusMix: { COMPLETED: 0.96, PENDING: 0.02, FAILED: 0.02 },
  maxAgeMinutes: 1440,
  seed: 7,
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
