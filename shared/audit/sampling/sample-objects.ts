import type { Clock } from '../../model/clock.js';
import { mapSettled } from '../../model/concurrency.js';
import type { Finding, SeverityOverrides } from '../../model/findings.js';
import { problemFinding, type ReadProblem, storeProblemOf } from '../../model/observed.js';
import { type ReplicationRule, ruleCovers } from '../../model/replication-rules.js';
import {
  type AuditStateStore,
  type BucketSamplingState,
  boundRecheckList,
  type RecheckEntry,
  recheckIdentity,
} from './audit-state.js';
import { type FindingContext, monitorFindings, objectFinding } from './object-findings.js';
import {
  type ObjectHead,
  type ObjectLocation,
  type ObjectReader,
  type ObjectReadProblem,
  type StatusCounts,
  zeroCounts,
} from './object-reader.js';
import type { SamplingCoverage, SamplingStop } from './sampling-coverage.js';

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
  };
  /** HEADs in flight at once; default 16, far below S3's 5,500 GET/HEAD per second per prefix. */
  concurrency?: number;
  /** PENDING for longer than this is stuck; default 900 (the RTC threshold). */
  stuckAfterSeconds?: number;
  severityOverrides?: SeverityOverrides;
  /** Keys per ListObjectsV2 page; default 1,000 (S3's maximum: a LIST costs as much as ~12 HEADs). */
  pageSize?: number;
}

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

/** `unreadable` counts as examined for the cursor, but a flagged entry stays to be re-checked. */
type Outcome = 'done' | 'unreadable' | 'blocked' | 'skipped';

interface Run {
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
  const concurrency = integerAtLeast('concurrency', input.concurrency ?? 16);
  const stuckAfterSeconds = integerAtLeast('stuckAfterSeconds', input.stuckAfterSeconds ?? 900, 0);
  const pageSize = integerAtLeast('pageSize', input.pageSize ?? 1000);
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
  const waiting = await recheck(run, stored?.recheck ?? []);
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
        { ...context(run), denied: run.denied, problems: run.problems, coverage: run.coverage },
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

function stop(run: Run, reason: SamplingStop): void {
  run.coverage.stoppedBy ??= reason;
}

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

/** Runs `work` with bounded concurrency; an unexpected error (a bug, not AWS) propagates. */
async function settle<T>(
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
function sweepLimit(run: Run): SamplingStop | undefined {
  const { maxObjects, sweepSpent } = run.input.budget;
  if (run.started >= maxObjects) return 'maxObjects';
  return sweepSpent?.() === true ? 'timeShare' : undefined;
}

function mayStart(run: Run): boolean {
  if (run.coverage.stoppedBy !== undefined) return false;
  if (!run.input.budget.deadline()) return true;
  stop(run, 'deadline');
  return false;
}

async function examine(
  run: Run,
  object: { key: string; versionId?: string | undefined },
  pass: 'recheck' | 'sweep',
): Promise<Outcome> {
  const { bucket, reader } = run.input;
  const location = { bucket: bucket.name, region: bucket.region, key: object.key };
  const versioned = object.versionId === undefined ? location : { ...location, versionId: object.versionId };
  const head = await reader.head(versioned);
  if (!head.ok) return record(run, head.problem, object.key);
  const identity = recheckIdentity({ key: object.key, versionId: head.value.versionId });
  if (run.rechecked.has(identity)) return 'done';
  if (pass === 'recheck') run.rechecked.add(identity);
  if (head.value.sse === 'aws:kms' || head.value.sse === 'aws:kms:dsse') {
    run.kmsObjectsSeen = true;
    if (head.value.kmsKeyId !== undefined) run.kmsKeyIds.add(head.value.kmsKeyId);
  }
  if (head.value.sse === 'AES256') run.sseS3Seen = true;
  const covering = await coveringRules(run, versioned, head.value);
  if (!Array.isArray(covering)) return covering;
  const status = head.value.replicationStatus ?? 'NONE';
  for (const rule of covering) {
    const counts = run.counts[rule.id];
    if (counts !== undefined) counts[status] += 1;
  }
  assess(run, object.key, head.value, covering, identity);
  return 'done';
}

/**
 * Reads tags only when a tag-filtered rule could cover the object and it may have tags. A refused
 * or lastingly failed tag read is reported and the object counts under the rules that need no
 * tags; a throttled or transient one stops the sweep before the object (an Outcome), so the next
 * run reads it whole.
 */
async function coveringRules(
  run: Run,
  location: ObjectLocation,
  head: ObjectHead,
): Promise<ReplicationRule[] | Outcome> {
  const candidates = run.enabled.filter((rule) => location.key.startsWith(rule.prefix));
  let tags: Record<string, string> | undefined;
  if (head.tagCount !== 0 && candidates.some((rule) => rule.tags.length > 0)) {
    const read = await run.input.reader.tags(location);
    if (read.ok) tags = read.value;
    else if (record(run, read.problem, location.key) === 'blocked' && read.problem.kind !== 'access-denied')
      return 'blocked';
  }
  return candidates.filter((rule) => ruleCovers(rule, location.key, tags));
}

/** Turns a read problem into bookkeeping; returns the object's outcome. */
function record(run: Run, problem: ObjectReadProblem, key?: string): Outcome {
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

function context(run: Run): FindingContext {
  return {
    bucket: run.input.bucket,
    stuckAfterSeconds: run.stuckAfterSeconds,
    severityOverrides: run.input.severityOverrides,
  };
}

function assess(
  run: Run,
  key: string,
  head: ObjectHead,
  covering: ReplicationRule[],
  identity: string,
): void {
  const ageMilliseconds = run.now.getTime() - head.lastModified.getTime();
  const stuck = head.replicationStatus === 'PENDING' && ageMilliseconds > run.stuckAfterSeconds * 1000;
  if (head.replicationStatus !== 'FAILED' && !stuck) return;
  const status = head.replicationStatus === 'FAILED' ? 'FAILED' : 'PENDING';
  const firstFlaggedAt = run.previous.get(identity)?.firstFlaggedAt ?? run.now.toISOString();
  run.flagged.set(identity, {
    key,
    ...(head.versionId === undefined ? {} : { versionId: head.versionId }),
    firstFlaggedAt,
    status,
  });
  run.findings.push(
    objectFinding(context(run), {
      key,
      head,
      covering,
      firstFlaggedAt,
      ageSeconds: Math.floor(ageMilliseconds / 1000),
    }),
  );
}
