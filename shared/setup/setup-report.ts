import type { ReadProblem } from '../model/observed.js';
import type { BucketSetupPlan, PlannedWrite } from './setup-plan.js';

/** A planned write and what became of it: `pending` in a dry run; `problem` when it failed. */
export type WriteOutcome = PlannedWrite & { status: 'pending' | 'applied' | 'failed'; problem?: ReadProblem };

export type BucketSetupResult =
  | { bucket: string; status: 'not-found' }
  | { bucket: string; status: 'no-replication'; region: string }
  | { bucket: string; status: 'unreadable'; region?: string; problem: ReadProblem }
  | { bucket: string; status: 'planned'; plan: BucketSetupPlan; writes: WriteOutcome[] };

export interface SetupReport {
  queueArn: string;
  apply: boolean;
  enableMetrics: boolean;
  buckets: BucketSetupResult[];
  /** Set when discovery could not list the account's buckets. */
  discoveryProblem?: ReadProblem;
}

/** One word per bucket for people and scripts; see `needsAttention` for which ones are done. */
export type BucketSetupStatus =
  | 'up-to-date'
  | 'applied'
  | 'no-replication'
  | 'pending'
  | 'conflict'
  | 'failed'
  | 'manual-fix-needed'
  | 'not-found'
  | 'unreadable';

export function bucketSetupStatus(result: BucketSetupResult): BucketSetupStatus {
  if (result.status !== 'planned') return result.status;
  const { plan, writes } = result;
  if (plan.notification.status === 'conflict') return 'conflict';
  if (writes.some((write) => write.status === 'failed')) return 'failed';
  const offered = plan.metrics.changes.length > 0 && !plan.metrics.accepted;
  if (offered || writes.some((write) => write.status === 'pending')) return 'pending';
  // A V1 rule without metrics sends no events, and only a person can rewrite it.
  if (plan.metrics.problems.length > 0) return 'manual-fix-needed';
  return writes.length > 0 ? 'applied' : 'up-to-date';
}

/**
 * Whether a bucket still needs someone after this run: anything unread, blocked, failed, left
 * pending (a dry run, metrics only offered) or beyond setup. A bucket without replication has
 * nothing to set up.
 */
export function needsAttention(result: BucketSetupResult): boolean {
  return !['up-to-date', 'applied', 'no-replication'].includes(bucketSetupStatus(result));
}

/** Exit status 0: nothing is left to do; 1: something still needs attention (docs/cli.md). */
export function setupExitStatus(report: SetupReport): 0 | 1 {
  return report.discoveryProblem !== undefined || report.buckets.some(needsAttention) ? 1 : 0;
}
