import type { DigestState } from './digest.js';
import type { Incident } from './incident.js';

/**
 * Where incidents live: DynamoDB in Lambda (shared/aws/dynamodb-incident-store.ts), memory in
 * the CLI and tests. Every write is conditional on the revision, so concurrent invocations and
 * redeliveries never overwrite each other: the loser reloads and applies its change again.
 */
export interface IncidentStore {
  /** Every incident of a source bucket, open or resolved (until they expire). */
  loadBucket(sourceBucket: string): Promise<Incident[]>;
  load(sourceBucket: string, id: string): Promise<Incident | undefined>;
  /**
   * Writes `incident` if the stored one still has revision `incident.revision - 1` (absent when
   * that is 0). Resolves false when another writer got there first; rejects on any other error.
   */
  save(incident: Incident): Promise<boolean>;
  /**
   * The registry: source buckets with incidents to look after. The audit visits them to remind
   * and resolve, and forgets the ones left with nothing open.
   */
  listBuckets(): Promise<string[]>;
  /** Registers (again) a bucket whose incident opens now (`at`). */
  rememberBucket(sourceBucket: string, at: string): Promise<void>;
  /**
   * Unregisters a bucket left with nothing open, unless it was registered again at or after
   * `registeredBefore` (an incident opening there while the audit decided). Resolves whether it was.
   */
  forgetBucket(sourceBucket: string, registeredBefore: string, at: string): Promise<boolean>;
  loadDigest(): Promise<DigestState | undefined>;
  /** Conditional on `state.revision - 1`, as `save`. */
  saveDigest(state: DigestState): Promise<boolean>;
}

/** Incidents kept in memory, copied in and out: the CLI (no prior state) and tests. */
export function createInMemoryIncidentStore(initial: readonly Incident[] = []): IncidentStore {
  const items = new Map<string, Incident>();
  const buckets = new Map<string, string>();
  let digest: DigestState | undefined;
  const keyOf = (bucket: string, id: string) => JSON.stringify([bucket, id]);
  for (const incident of initial) {
    items.set(keyOf(incident.sourceBucket, incident.id), structuredClone(incident));
    buckets.set(incident.sourceBucket, incident.openedAt);
  }
  return {
    async loadBucket(sourceBucket) {
      return [...items.values()]
        .filter((incident) => incident.sourceBucket === sourceBucket)
        .map((incident) => structuredClone(incident));
    },
    async load(sourceBucket, id) {
      const incident = items.get(keyOf(sourceBucket, id));
      return incident === undefined ? undefined : structuredClone(incident);
    },
    async save(incident) {
      const key = keyOf(incident.sourceBucket, incident.id);
      if ((items.get(key)?.revision ?? 0) !== incident.revision - 1) return false;
      items.set(key, structuredClone(incident));
      return true;
    },
    async listBuckets() {
      return [...buckets.keys()];
    },
    async rememberBucket(sourceBucket, at) {
      buckets.set(sourceBucket, at);
    },
    async forgetBucket(sourceBucket, registeredBefore) {
      const registeredAt = buckets.get(sourceBucket);
      if (registeredAt === undefined || registeredAt >= registeredBefore) return false;
      buckets.delete(sourceBucket);
      return true;
    },
    async loadDigest() {
      return digest === undefined ? undefined : structuredClone(digest);
    },
    async saveDigest(state) {
      if ((digest?.revision ?? 0) !== state.revision - 1) return false;
      digest = structuredClone(state);
      return true;
    },
  };
}
