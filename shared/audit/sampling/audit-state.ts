/**
 * What the scheduled audit remembers between runs about one source bucket's object sampling.
 * Lambda has a time budget, so no single run can HEAD a large bucket: the cursor lets successive
 * runs sweep the whole bucket, and the re-check list keeps flagged objects in view until they
 * recover.
 */

export type RecheckStatus = 'PENDING' | 'FAILED';

export interface RecheckEntry {
  /** The object key, decoded. */
  key: string;
  /** The flagged version: a newer version of the key does not repair this one. */
  versionId?: string;
  /** When the monitor first flagged it (ISO 8601), kept across re-checks. */
  firstFlaggedAt: string;
  status: RecheckStatus;
}

export interface BucketSamplingState {
  /** Where the next run resumes listing: strictly after this key. Absent: at the start. */
  cursor?: { afterKey: string };
  /** Objects flagged stuck or failed, re-checked first in every run; bounded, see `boundRecheckList`. */
  recheck: RecheckEntry[];
  /** Completed sweeps over the whole bucket. */
  passes: number;
  updatedAt: string;
}

/** Where the sampling state lives: DynamoDB in Lambda, memory in the CLI and tests. */
export interface AuditStateStore {
  loadBucketState(bucket: string): Promise<BucketSamplingState | undefined>;
  saveBucketState(bucket: string, state: BucketSamplingState): Promise<void>;
}

/**
 * At most 1,000 entries, and at most ~300 KB of them: a DynamoDB item is limited to 400 KB and an
 * S3 key may be 1,024 bytes, so a count alone would not keep the item writable. Re-checking 1,000
 * objects is about 1,000 HEADs per run (a few seconds at the default concurrency).
 */
export const RECHECK_LIMIT = { entries: 1000, bytes: 300_000 } as const;

const STATUS_RANK: Record<RecheckStatus, number> = { FAILED: 0, PENDING: 1 };

/**
 * Trims the re-check list to RECHECK_LIMIT, keeping FAILED before PENDING (critical first), then
 * the longest-standing. A dropped entry is not lost: the cursor's sweep meets the object again on
 * its next pass and flags it again if it still has not replicated.
 */
export function boundRecheckList(
  entries: readonly RecheckEntry[],
  limit: { entries: number; bytes: number } = RECHECK_LIMIT,
): RecheckEntry[] {
  const ordered = [...entries].sort(
    (left, right) =>
      STATUS_RANK[left.status] - STATUS_RANK[right.status] ||
      left.firstFlaggedAt.localeCompare(right.firstFlaggedAt),
  );
  const kept: RecheckEntry[] = [];
  let bytes = 0;
  for (const entry of ordered) {
    // JSON size over-estimates DynamoDB's attribute size a little, which is the safe side.
    const size = Buffer.byteLength(JSON.stringify(entry), 'utf8');
    if (kept.length >= limit.entries || bytes + size > limit.bytes) break;
    kept.push(entry);
    bytes += size;
  }
  return kept;
}

export const recheckIdentity = (entry: { key: string; versionId?: string | undefined }): string =>
  JSON.stringify([entry.key, entry.versionId ?? null]);

/**
 * Combines our state with one another audit saved meanwhile (two audits of one bucket at once):
 * the cursor of whichever got further wins, so neither re-sweeps what the other covered, and the
 * re-check lists are united (an entry one audit saw recover is dropped at the next re-check).
 */
export function mergeBucketStates(
  stored: BucketSamplingState,
  ours: BucketSamplingState,
): BucketSamplingState {
  const ahead = comparePosition(ours, stored) >= 0 ? ours : stored;
  const entries = new Map<string, RecheckEntry>();
  for (const entry of [...stored.recheck, ...ours.recheck]) {
    const identity = recheckIdentity(entry);
    const known = entries.get(identity);
    // Ours comes last, so its status (the fresher observation) wins; the first flagging stays.
    const firstFlaggedAt =
      known !== undefined && known.firstFlaggedAt < entry.firstFlaggedAt
        ? known.firstFlaggedAt
        : entry.firstFlaggedAt;
    entries.set(identity, { ...entry, firstFlaggedAt });
  }
  const merged: BucketSamplingState = {
    recheck: boundRecheckList([...entries.values()]),
    passes: ahead.passes,
    updatedAt: ours.updatedAt,
  };
  if (ahead.cursor !== undefined) merged.cursor = { ...ahead.cursor };
  return merged;
}

/** Orders sweep positions: more passes first, then the cursor in S3's order (UTF-8 bytes). */
function comparePosition(left: BucketSamplingState, right: BucketSamplingState): number {
  if (left.passes !== right.passes) return left.passes - right.passes;
  return compareKeys(left.cursor?.afterKey ?? '', right.cursor?.afterKey ?? '');
}

/** S3 lists keys in UTF-8 binary order, which differs from JavaScript's UTF-16 order. */
export function compareKeys(left: string, right: string): number {
  return Buffer.compare(Buffer.from(left, 'utf8'), Buffer.from(right, 'utf8'));
}

/** Keeps state in memory, copied in and out so callers cannot change what is stored. */
export function createInMemoryAuditStateStore(
  initial: Readonly<Record<string, BucketSamplingState>> = {},
): AuditStateStore {
  const states = new Map(Object.entries(initial).map(([bucket, state]) => [bucket, structuredClone(state)]));
  return {
    async loadBucketState(bucket) {
      const state = states.get(bucket);
      return state === undefined ? undefined : structuredClone(state);
    },
    async saveBucketState(bucket, state) {
      states.set(bucket, structuredClone(state));
    },
  };
}
