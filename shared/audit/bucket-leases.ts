import type { ReadProblem } from '../model/read-problem.js';

/**
 * One audit at a time per bucket. Audits of one bucket that overlap (a run longer than the
 * schedule, a retried invocation, an on-demand audit during a scheduled one) would sample the same
 * objects twice and race on its incidents; each audit therefore takes the bucket's lease before it
 * reads the bucket, and gives every lease back when its incidents are written. A lease expires on
 * its own (the holder's invocation ended without giving it back). The organization-wide fan-out
 * takes the same lease per bucket.
 */
export type LeaseOutcome =
  | { kind: 'acquired' }
  /** Another audit holds it until `until`: this audit leaves the bucket to it. */
  | { kind: 'held'; until: string }
  /** The lease store could not be used: the audit goes on without the lease, and says so. */
  | { kind: 'unavailable'; problem: ReadProblem };

export interface BucketLeases {
  acquire(bucket: string): Promise<LeaseOutcome>;
  /** Gives back every lease this audit took; a failure leaves them to expire. */
  releaseAll(): Promise<void>;
}

/**
 * Leases in memory, shared by every audit given the same `held` map: the CLI (one process, one
 * audit) and tests. `until` is when a lease taken now expires.
 */
export function createInMemoryBucketLeases(
  held: Map<string, { holder: string; until: number }>,
  holder: string,
  now: () => number,
  leaseMs: number,
): BucketLeases {
  const mine = new Set<string>();
  return {
    async acquire(bucket) {
      const current = held.get(bucket);
      if (current !== undefined && current.holder !== holder && current.until > now()) {
        return { kind: 'held', until: new Date(current.until).toISOString() };
      }
      held.set(bucket, { holder, until: now() + leaseMs });
      mine.add(bucket);
      return { kind: 'acquired' };
    },
    async releaseAll() {
      for (const bucket of mine) if (held.get(bucket)?.holder === holder) held.delete(bucket);
      mine.clear();
    },
  };
}
