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
  /** Source buckets that have had incidents: the audit visits them to remind and resolve. */
  listBuckets(): Promise<string[]>;
  rememberBucket(sourceBucket: string): Promise<void>;
  loadDigest(): Promise<DigestState | undefined>;
  /** Conditional on `state.revision - 1`, as `save`. */
  saveDigest(state: DigestState): Promise<boolean>;
}

/** Incidents kept in memory, copied in and out: the CLI (no prior state) and tests. */
export function createInMemoryIncidentStore(initial: readonly Incident[] = []): IncidentStore {
  const items = new Map<string, Incident>();
  const buckets = new Set<string>();
  let digest: DigestState | undefined;
  const keyOf = (bucket: string, id: string) => JSON.stringify([bucket, id]);
  for (const incident of initial) {
    items.set(keyOf(incident.sourceBucket, incident.id), structuredClone(incident));
    buckets.add(incident.sourceBucket);
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
      return [...buckets];
    },
    async rememberBucket(sourceBucket) {
      buckets.add(sourceBucket);
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
