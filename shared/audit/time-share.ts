/**
 * Shares sampling's time between the buckets of one audit. Buckets are audited `slots` at a time;
 * without a share, the first ones sweep until sampling's deadline and the buckets still waiting
 * for a slot sample nothing. With it, while any bucket waits, a bucket's sweep may use
 * `slots ÷ (waiting + running)` of the sampling time that was left when its sweep began, less what
 * the waiting buckets are expected to spend outside their sweeps (configuration reads, diagnosis:
 * the average of the buckets finished so far). Once no bucket waits, the sweep runs until
 * sampling's own deadline. Buckets that finish early (a small bucket, no replication) leave their
 * time to the later ones, since each share is taken from what is left when that sweep starts.
 */
export interface TimeShare {
  /** A bucket takes a slot; `finish` it when the bucket is done. */
  start(): BucketSlot;
}

export interface BucketSlot {
  /** Runs the bucket's sweep; `spent()` is true once it has used its share (never without a deadline). */
  sweep<T>(run: (spent: () => boolean) => Promise<T>): Promise<T>;
  finish(): void;
}

/**
 * `timeLeftMs`: sampling time left (the Lambda's remaining time less the reserves); absent (the
 * CLI, no deadline), no bucket's sweep is limited by time.
 */
export function timeShare(buckets: number, slots: number, timeLeftMs?: () => number): TimeShare {
  let waiting = buckets;
  let running = 0;
  let finished = 0;
  let overheadMs = 0;
  const spentAfter = (leftAtStart: number) => () => {
    if (timeLeftMs === undefined || waiting <= 0) return false;
    const contenders = waiting + running;
    const expectedOverhead = finished === 0 ? 0 : ((overheadMs / finished) * waiting) / slots;
    const share = (Math.max(0, leftAtStart - expectedOverhead) * Math.min(slots, contenders)) / contenders;
    return leftAtStart - timeLeftMs() >= share;
  };
  return {
    start() {
      waiting -= 1;
      running += 1;
      const startedLeft = timeLeftMs?.() ?? 0;
      let sweptMs = 0;
      return {
        async sweep(run) {
          const leftAtStart = timeLeftMs?.() ?? 0;
          try {
            return await run(spentAfter(leftAtStart));
          } finally {
            sweptMs += leftAtStart - (timeLeftMs?.() ?? 0);
          }
        },
        finish() {
          running -= 1;
          finished += 1;
          overheadMs += Math.max(0, startedLeft - (timeLeftMs?.() ?? 0) - sweptMs);
        },
      };
    },
  };
}
