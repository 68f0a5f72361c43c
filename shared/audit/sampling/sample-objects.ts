import type { Finding } from '../../model/findings.js';
import { problemFinding, storeProblemOf } from '../../model/observed.js';
import {
  type BucketSamplingState,
  boundRecheckList,
  type RecheckEntry,
  recheckIdentity,
} from './audit-state.js';
import { examine } from './examine-object.js';
import { monitorFindings } from './object-findings.js';
import { type StatusCounts, zeroCounts } from './object-reader.js';
import type { SamplingCoverage, SamplingStop } from './sampling-coverage.js';
import {
  findingContext,
  mayStart,
  type Run,
  record,
  SAMPLING_DEFAULTS,
  type SampleObjectsInput,
  settle,
  stop,
  sweepLimit,
} from './sampling-run.js';

export type { SampleObjectsInput } from './sampling-run.js';

export interface SamplingResult {
  findings: Finding[];
  /** Per enabled rule: objects it covers, by replication status. */
  counts: Record<string, StatusCounts>;
  coverage: SamplingCoverage;
  state: BucketSamplingState;
  /** Some examined object was SSE-KMS (or DSSE-KMS) encrypted: the rules must opt in to replicate it. */
  kmsObjectsSeen: boolean;
  /** KMS keys of the examined SSE-KMS objects (as HeadObject names them), for the role/KMS diagnosis. */
  kmsKeyIds: string[];
  /** Some examined object was SSE-S3 (AES256) encrypted. */
  sseS3Seen: boolean;
  /**
   * Keys S3 refused to HEAD with 400 and no other reason: what it answers for an SSE-C object
   * asked without its key. At most 20.
   */
  sseCKeys: string[];
}

function integerAtLeast(name: string, value: number, minimum = 1): number {
  if (!Number.isInteger(value) || value < minimum) {
    throw new RangeError(`${name} must be an integer of at least ${minimum}, got ${value}`);
  }
  return value;
}

/**
 * Samples objects' `x-amz-replication-status` with HEAD, resuming where the previous run stopped:
 * first re-checks the objects flagged before (dropping those that recovered or were deleted), then
 * continues the sweep from the stored cursor within the time and object budget. The cursor only
 * ever moves past keys fully examined, so a stop (deadline, throttling, refusal) never skips one;
 * requests in flight when it comes are finished. Saves the new state before returning.
 */
export async function sampleObjects(input: SampleObjectsInput): Promise<SamplingResult> {
  const concurrency = integerAtLeast('concurrency', input.concurrency ?? SAMPLING_DEFAULTS.concurrency);
  const stuckAfterSeconds = integerAtLeast(
    'stuckAfterSeconds',
    input.stuckAfterSeconds ?? SAMPLING_DEFAULTS.stuckAfterSeconds,
    0,
  );
  const pageSize = integerAtLeast('pageSize', input.pageSize ?? SAMPLING_DEFAULTS.pageSize);
  integerAtLeast('budget.maxObjects', input.budget.maxObjects, 0);
  if (pageSize > 1000) throw new RangeError(`pageSize must be at most 1000 (S3's maximum), got ${pageSize}`);
  const findings: Finding[] = [];
  const stored = await withState(input, findings, {
    what: 'load sampling state',
    unknown:
      'the objects earlier audits flagged, and where their sweep stopped (this run sampled from the start of the bucket)',
    run: () => input.store.loadBucketState(input.bucket.name),
  });
  const enabled = input.rules.filter((rule) => rule.enabled);
  const run: Run = {
    input,
    concurrency,
    stuckAfterSeconds,
    enabled,
    now: input.clock.now(),
    previous: new Map((stored?.recheck ?? []).map((entry) => [recheckIdentity(entry), entry])),
    flagged: new Map(),
    rechecked: new Set(),
    started: 0,
    findings,
    denied: new Map(),
    problems: [],
    counts: Object.fromEntries(enabled.map((rule) => [rule.id, zeroCounts()])),
    coverage: { examined: 0, rechecked: 0, listedPages: 0, complete: false, unreadable: 0 },
    kmsObjectsSeen: false,
    kmsKeyIds: new Set(),
    sseS3Seen: false,
    sseCKeys: [],
  };
  const waiting =
    input.budget.recheck === false ? [...(stored?.recheck ?? [])] : await recheck(run, stored?.recheck ?? []);
  const position = enabled.length === 0 ? positionOf(stored) : await sweep(run, positionOf(stored), pageSize);
  const entries = new Map(
    [...waiting, ...run.flagged.values()].map((entry) => [recheckIdentity(entry), entry]),
  );
  const state: BucketSamplingState = {
    recheck: boundRecheckList([...entries.values()]),
    passes: position.passes,
    updatedAt: run.now.toISOString(),
  };
  if (position.afterKey !== undefined) state.cursor = { afterKey: position.afterKey };
  await withState(input, findings, {
    what: 'save sampling state',
    unknown:
      "that this run's sampling progress was kept (the next run repeats it, and re-checks only the objects flagged before)",
    run: () => input.store.saveBucketState(input.bucket.name, state),
  });
  return {
    findings: [
      ...run.findings,
      ...monitorFindings(
        { ...findingContext(run), denied: run.denied, problems: run.problems, coverage: run.coverage },
        state,
      ),
    ],
    kmsObjectsSeen: run.kmsObjectsSeen,
    kmsKeyIds: [...run.kmsKeyIds],
    sseS3Seen: run.sseS3Seen,
    sseCKeys: run.sseCKeys,
    counts: run.counts,
    coverage: run.coverage,
    state,
  };
}

/**
 * A call to the state store that cannot fail the run: its failure is a MONITOR_* finding saying
 * what the run did without it. Unreadable state: the run samples from the start of the bucket
 * (what it sees is still true), and its save merges with whatever is stored. A lost save costs the
 * next run this run's progress, never this run's findings.
 */
async function withState<T>(
  input: SampleObjectsInput,
  findings: Finding[],
  call: { what: string; unknown: string; run: () => Promise<T> },
): Promise<T | undefined> {
  try {
    return await call.run();
  } catch (error) {
    const problem = storeProblemOf(error, call.what, 'the audit state table');
    findings.push(
      problemFinding(
        problem,
        { sourceBucket: input.bucket.name, check: call.unknown },
        input.severityOverrides,
      ),
    );
    return undefined;
  }
}

interface Position {
  afterKey?: string | undefined;
  passes: number;
}

const positionOf = (state: BucketSamplingState | undefined): Position => ({
  afterKey: state?.cursor?.afterKey,
  passes: state?.passes ?? 0,
});

/** Re-checks flagged versions; returns the entries that could not be read and so still wait. */
async function recheck(run: Run, entries: readonly RecheckEntry[]): Promise<RecheckEntry[]> {
  // A refusal here (s3:GetObjectVersion) halts the re-checks only: the sweep needs other actions.
  let halted = false;
  const outcomes = await settle(run, entries, async (entry) => {
    if (halted || !mayStart(run)) return 'skipped';
    const outcome = await examine(run, { key: entry.key, versionId: entry.versionId }, 'recheck');
    if (outcome === 'blocked') halted = true;
    else run.coverage.rechecked += 1;
    return outcome;
  });
  return entries.filter((_, index) => outcomes[index] !== 'done');
}

async function sweep(run: Run, from: Position, pageSize: number): Promise<Position> {
  const { bucket, reader } = run.input;
  let afterKey = from.afterKey;
  /** The sweep's own limit (objects, time share) that kept an object of the page from starting. */
  let limited: SamplingStop | undefined;
  while (run.coverage.stoppedBy === undefined) {
    if (!mayStart(run)) break;
    limited = sweepLimit(run);
    if (limited !== undefined) {
      stop(run, limited);
      break;
    }
    const listing = await reader.listPage({
      bucket: bucket.name,
      region: bucket.region,
      startAfter: afterKey,
      maxKeys: pageSize,
    });
    run.coverage.listedPages += 1;
    if (!listing.ok) {
      record(run, listing.problem);
      break;
    }
    const { objects, nextStartAfter } = listing.value;
    const outcomes = await settle(run, objects, async (object) => {
      if (!run.enabled.some((rule) => object.key.startsWith(rule.prefix))) return 'done';
      if (!mayStart(run)) return 'skipped';
      const limit = sweepLimit(run);
      if (limit !== undefined) {
        // Not a stop yet: an object already in flight may still be refused or throttled.
        limited ??= limit;
        return 'skipped';
      }
      run.started += 1;
      const outcome = await examine(run, { key: object.key }, 'sweep');
      if (outcome === 'blocked') stop(run, 'access-denied');
      else run.coverage.examined += 1;
      return outcome;
    });
    const examinedThrough = outcomes.findIndex((outcome) => outcome === 'blocked' || outcome === 'skipped');
    const done = examinedThrough === -1 ? objects.length : examinedThrough;
    if (done > 0) afterKey = objects[done - 1]?.key;
    if (done < objects.length) {
      if (limited !== undefined) stop(run, limited);
      break;
    }
    if (nextStartAfter === undefined && run.coverage.stoppedBy === undefined) {
      // The end of the bucket: this pass is complete and the next run starts over.
      run.coverage.complete = true;
      return { passes: from.passes + 1 };
    }
  }
  return { afterKey, passes: from.passes };
}
