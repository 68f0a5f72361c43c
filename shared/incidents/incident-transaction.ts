import { setTimeout as sleep } from 'node:timers/promises';
import { IncidentConflictError, IncidentWriteError } from '../model/errors.js';
import type { BucketResult } from './apply.js';
import type { Incident } from './incident.js';
import type { IncidentStore } from './incident-store.js';

/** How often a conflicting write is retried, and how long to wait before each retry. */
export interface RetryPolicy {
  attempts: number;
  /** Waits before retry `attempt` (1, 2, …): jittered, so racing writers do not collide again. */
  pause(attempt: number): Promise<void>;
}

/**
 * Ten attempts with full jitter on 20 ms × 2^attempt, capped at 1 s: at most about 5 s of pauses,
 * well within the event function's 60 s. Measured on dynalite with 10,000 records on one incident
 * (test/incidents/contention.test.ts): six attempts without a cap let 5,252 messages be redelivered
 * at 20 concurrent invocations; ten with the cap, none at 20 or fewer.
 */
export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 10,
  pause: (attempt) => sleep(Math.random() * Math.min(1_000, 20 * 2 ** attempt)),
};

/**
 * Four attempts with full jitter on 100 ms × 2^attempt (under 1.5 s in all), for a write that must
 * not be given up on a first error: the SDK has retried it already, but one more read-and-write a
 * moment later often passes a throttled or timed-out table.
 */
export const ANY_ERROR_RETRY: RetryPolicy = {
  attempts: 4,
  pause: (attempt) => sleep(Math.random() * 100 * 2 ** attempt),
};

/** `call` again after any error, `retry.attempts` times in all; the last error is thrown. */
export async function retryOnAnyError<T>(call: () => Promise<T>, retry: RetryPolicy): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= retry.attempts) throw error;
      await retry.pause(attempt);
    }
  }
}

/**
 * Applies `change` to one bucket's incidents and writes what changed, each write conditional on
 * the revision read. On a conflict the bucket is read again and the change applied again to what
 * the other writer left (the change is idempotent: see applyToBucket), so no finding is lost or
 * counted twice and the writer whose write wins owns the notices it queued.
 */
export async function changeBucket(
  store: IncidentStore,
  bucket: string,
  change: (loaded: readonly Incident[]) => BucketResult,
  options: { now: Date; retry?: RetryPolicy },
): Promise<BucketResult> {
  const retry = options.retry ?? DEFAULT_RETRY;
  let registered = false;
  for (let attempt = 1; ; attempt += 1) {
    const loaded = await store.loadBucket(bucket);
    const result = change(loaded);
    // The registry names the bucket before an incident opens (or reopens) there: audits that see
    // nothing wrong there any more find its incidents through it, to resolve them. Written after,
    // a failed registration would leave incidents no retry registers (it opens none). Registered
    // again at every opening, the bucket cannot be forgotten by an audit that decided before.
    if (!registered && result.changed.some((incident) => opens(incident, loaded))) {
      await store.rememberBucket(bucket, options.now.toISOString());
      registered = true;
    }
    const writes = await Promise.allSettled(result.changed.map((incident) => store.save(incident)));
    const saved = result.changed.filter((_, index) => {
      const write = writes[index];
      return write?.status === 'fulfilled' && write.value;
    });
    const failed = writes.find((write) => write.status === 'rejected');
    if (failed !== undefined)
      throw new IncidentWriteError(`Incidents of ${bucket} could not all be written`, saved, {
        cause: failed.reason,
      });
    if (saved.length === result.changed.length) return result;
    if (attempt >= retry.attempts)
      throw new IncidentConflictError(
        `Incidents of ${bucket} kept changing under ${retry.attempts} attempts to write them`,
      );
    await retry.pause(attempt);
  }
}

const opens = (incident: Incident, loaded: readonly Incident[]): boolean =>
  incident.status === 'open' && loaded.find((before) => before.id === incident.id)?.status !== 'open';

/**
 * Changes one incident (`change` returns the new state, or undefined to leave it), with the same
 * conditional write and retry. Resolves to the state written, or undefined if the incident is gone.
 */
export async function changeIncident(
  store: IncidentStore,
  target: Pick<Incident, 'sourceBucket' | 'id'>,
  change: (incident: Incident) => Incident | undefined,
  retry: RetryPolicy = DEFAULT_RETRY,
): Promise<Incident | undefined> {
  for (let attempt = 1; ; attempt += 1) {
    const current = await store.load(target.sourceBucket, target.id);
    if (current === undefined) return undefined;
    const next = change(structuredClone(current));
    if (next === undefined) return current;
    next.revision = current.revision + 1;
    if (await store.save(next)) return next;
    if (attempt >= retry.attempts)
      throw new IncidentConflictError(`Incident ${target.id} kept changing under ${retry.attempts} attempts`);
    await retry.pause(attempt);
  }
}
