import type { Clock } from '../../model/clock.js';
import { mapSettled } from '../../model/concurrency.js';
import type { Finding, SeverityOverrides } from '../../model/findings.js';
import type { ReadProblem } from '../../model/observed.js';
import type { ReplicationRule } from '../../model/replication-rules.js';
import type { AuditStateStore, RecheckEntry } from './audit-state.js';
import type { FindingContext } from './object-findings.js';
import type { ObjectReader, ObjectReadProblem, StatusCounts } from './object-reader.js';
import type { SamplingCoverage, SamplingStop } from './sampling-coverage.js';

/** Sampling's defaults, which the configuration schema (shared/config/config.ts) uses too. */
export const SAMPLING_DEFAULTS = Object.freeze({
  /** HEADs in flight: far below S3's 5,500 GET/HEAD per second per prefix. */
  concurrency: 16,
  /** PENDING for longer is stuck: the RTC threshold (15 minutes). */
  stuckAfterSeconds: 900,
  /** Keys per ListObjectsV2 page: S3's maximum (a LIST costs as much as ~12 HEADs). */
  pageSize: 1000,
});

/** What sampling one bucket needs. */
export interface SampleObjectsInput {
  bucket: { name: string; region: string };
  /** The bucket's rules; the enabled ones define which objects are sampled. */
  rules: readonly ReplicationRule[];
  reader: ObjectReader;
  store: AuditStateStore;
  clock: Clock;
  budget: {
    /** True once time is up (taken from the Lambda's remaining time): re-checks and sweep stop. */
    deadline: () => boolean;
    /** Objects the sweep examines at most (re-checks not counted). */
    maxObjects: number;
    /** True once the sweep has used this bucket's share of the time (re-checks still run). */
    sweepSpent?: () => boolean;
    /**
     * False: the objects flagged before are not re-checked either, and wait unchanged (sampling
     * turned off: the role may have no s3:GetObject at all). Default true.
     */
    recheck?: boolean;
  };
  /** HEADs in flight at once (SAMPLING_DEFAULTS.concurrency). */
  concurrency?: number;
  /** PENDING for longer than this is stuck (SAMPLING_DEFAULTS.stuckAfterSeconds). */
  stuckAfterSeconds?: number;
  severityOverrides?: SeverityOverrides;
  /** Keys per ListObjectsV2 page (SAMPLING_DEFAULTS.pageSize, S3's maximum). */
  pageSize?: number;
}

/** `unreadable` counts as examined for the cursor, but a flagged entry stays to be re-checked. */
export type Outcome = 'done' | 'unreadable' | 'blocked' | 'skipped';

/** One sampling run's state and bookkeeping: what the re-checks and the sweep share. */
export interface Run {
  input: SampleObjectsInput;
  concurrency: number;
  stuckAfterSeconds: number;
  enabled: ReplicationRule[];
  now: Date;
  /** Flagged entries from the stored state, to keep their `firstFlaggedAt`. */
  previous: Map<string, RecheckEntry>;
  flagged: Map<string, RecheckEntry>;
  /**
   * Object versions re-checked this run, so the sweep does not examine them again. Only re-checks
   * (at most the re-check list) are remembered: the sweep lists each key once, so remembering its
   * keys too would grow with the bucket (a million keys) for nothing.
   */
  rechecked: Set<string>;
  started: number;
  findings: Finding[];
  denied: Map<string, { problem: ReadProblem; refusals: number }>;
  problems: string[];
  counts: Record<string, StatusCounts>;
  coverage: SamplingCoverage;
  kmsObjectsSeen: boolean;
  kmsKeyIds: Set<string>;
  sseS3Seen: boolean;
  sseCKeys: string[];
}

export function stop(run: Run, reason: SamplingStop): void {
  run.coverage.stoppedBy ??= reason;
}

/** Runs `work` with bounded concurrency; an unexpected error (a bug, not AWS) propagates. */
export async function settle<T>(
  run: Run,
  items: readonly T[],
  work: (item: T) => Promise<Outcome>,
): Promise<Outcome[]> {
  const settled = await mapSettled(items, run.concurrency, work);
  const failure = settled.find((result) => result.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
  return settled.map((result) => (result.status === 'fulfilled' ? result.value : 'skipped'));
}

/** Whether the sweep has reached its object count or its share of the time. */
export function sweepLimit(run: Run): SamplingStop | undefined {
  const { maxObjects, sweepSpent } = run.input.budget;
  if (run.started >= maxObjects) return 'maxObjects';
  return sweepSpent?.() === true ? 'timeShare' : undefined;
}

/** Whether another object may start: false once sampling stopped, or the deadline came (a stop). */
export function mayStart(run: Run): boolean {
  if (run.coverage.stoppedBy !== undefined) return false;
  if (!run.input.budget.deadline()) return true;
  stop(run, 'deadline');
  return false;
}

/** Turns a read problem into bookkeeping; returns the object's outcome. */
export function record(run: Run, problem: ObjectReadProblem, key?: string): Outcome {
  switch (problem.kind) {
    case 'not-found':
      return 'done';
    case 'access-denied': {
      const known = run.denied.get(problem.action);
      run.denied.set(problem.action, {
        problem: known?.problem ?? problem,
        refusals: (known?.refusals ?? 0) + 1,
      });
      return 'blocked';
    }
    case 'throttled':
      run.problems.push(`S3 throttled ${problem.action} after the SDK's retries (${problem.detail})`);
      stop(run, 'throttled');
      return 'blocked';
    case 'cut-off':
      // A read abandoned at the audit's deadline: a stop like the deadline's own.
      stop(run, 'deadline');
      return 'blocked';
    case 'error':
      // A listing failure, or a failure that may pass (5xx, timeout, reset after the SDK's
      // retries): stop here, so the cursor stays before the object and the next run reads it.
      if (key === undefined || problem.transient === true) {
        run.problems.push(`${problem.action} on ${problem.resource} failed (${problem.detail})`);
        stop(run, 'error');
        return 'blocked';
      }
      // Some objects can never be read with a plain HEAD (SSE-C answers 400 without the key):
      // they are reported, and the sweep goes past them rather than stopping there for ever.
      run.coverage.unreadable += 1;
      if (problem.status === 400 && run.sseCKeys.length < 20) run.sseCKeys.push(key);
      if (run.problems.length < 20)
        run.problems.push(`"${key}": ${problem.action} failed (${problem.detail})`);
      return 'unreadable';
  }
}

export function findingContext(run: Run): FindingContext {
  return {
    bucket: run.input.bucket,
    stuckAfterSeconds: run.stuckAfterSeconds,
    severityOverrides: run.input.severityOverrides,
  };
}
