import type { ReplicationStatus, SyntheticObjectsSpec, WorldObject } from './world-schema.js';

/**
 * Generated objects for scale scenarios. Object `index` depends only on (seed, index), so a page
 * of a million-object listing is computed without materialising the rest. Keys are zero-padded,
 * which makes lexical order (S3's listing order) equal to index order.
 */

const VERSION_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._';

/** mulberry32, seeded per object: small, fast and good enough for test data. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes seed and index so neighbouring objects get unrelated streams. */
function objectSeed(seed: number, index: number): number {
  let hash = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ index;
  hash = Math.imul(hash ^ (hash >>> 16), 0x7feb352d);
  hash = Math.imul(hash ^ (hash >>> 15), 0x846ca68b);
  return (hash ^ (hash >>> 16)) >>> 0;
}

function keyWidth(spec: SyntheticObjectsSpec): number {
  return String(Math.max(spec.count - 1, 0)).length;
}

export function syntheticKey(spec: SyntheticObjectsSpec, index: number): string {
  return `${spec.keyPrefix}${String(index).padStart(keyWidth(spec), '0')}`;
}

/** The index of a synthetic key, or undefined when `key` is not one. */
export function syntheticIndexOf(spec: SyntheticObjectsSpec, key: string): number | undefined {
  if (!key.startsWith(spec.keyPrefix)) return undefined;
  const digits = key.slice(spec.keyPrefix.length);
  if (digits.length !== keyWidth(spec) || !/^\d+$/.test(digits)) return undefined;
  const index = Number(digits);
  return index < spec.count ? index : undefined;
}

/** The first index whose key sorts strictly after `key` (binary search: keys grow with the index). */
export function syntheticIndexAfter(spec: SyntheticObjectsSpec, key: string): number {
  let low = 0;
  let high = spec.count;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (syntheticKey(spec, middle) <= key) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Object `index` of the spec, as a world object (versioned buckets get a stable version id). */
export function syntheticObject(
  spec: SyntheticObjectsSpec,
  index: number,
  now: Date,
  versioned: boolean,
): WorldObject {
  const random = mulberry32(objectSeed(spec.seed, index));
  const status = pickStatus(spec, random());
  const ageMs = random() * spec.maxAgeMinutes * 60_000;
  const lastModified = new Date(Math.floor((now.getTime() - ageMs) / 1000) * 1000);
  const size = Math.floor(256 + random() * random() * 8_000_000);
  let versionId = 'null';
  if (versioned) {
    versionId = '';
    for (let char = 0; char < 32; char++) versionId += VERSION_ALPHABET[Math.floor(random() * 64)];
  }
  // Drawn rather than hashed: an MD5 per object would dominate the cost of a million-key listing.
  let etag = '';
  for (let word = 0; word < 4; word++)
    etag += Math.floor(random() * 4294967296)
      .toString(16)
      .padStart(8, '0');
  return {
    key: syntheticKey(spec, index),
    versionId,
    lastModified: lastModified.toISOString(),
    size,
    ...(status === undefined ? {} : { replicationStatus: status }),
    sse: 'AES256',
    tags: {},
    isLatest: true,
    deleteMarker: false,
    storageClass: 'STANDARD',
    etag: `"${etag}"`,
  };
}

function pickStatus(spec: SyntheticObjectsSpec, draw: number): ReplicationStatus | undefined {
  let cumulative = 0;
  let last: ReplicationStatus | undefined;
  for (const [status, share] of Object.entries(spec.statusMix) as [ReplicationStatus, number][]) {
    cumulative += share;
    last = status;
    if (draw < cumulative) return status;
  }
  // Shares summing to 0.9995 leave a sliver of draws: they take the last status, not "no header".
  return last;
}
