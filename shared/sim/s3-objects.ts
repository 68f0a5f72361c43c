import { syntheticIndexAfter, syntheticIndexOf, syntheticKey, syntheticObject } from './synthetic.js';
import type { SyntheticObjectsSpec, WorldBucket, WorldObject } from './world-schema.js';

/** All versions of one key, the current one (isLatest) first, then newest to oldest. */
export interface KeyEntry {
  key: string;
  versions: WorldObject[];
}

/** A bucket's objects in S3's key order: the explicit ones sorted once, the synthetic ones computed per key. */
export interface BucketObjects {
  explicit: KeyEntry[];
  synthetic?: SyntheticObjectsSpec;
  versioned: boolean;
  now: Date;
}

export function indexBucketObjects(bucket: WorldBucket, now: Date): BucketObjects {
  const byKey = new Map<string, WorldObject[]>();
  for (const object of bucket.objects) {
    const versions = byKey.get(object.key) ?? [];
    versions.push(object);
    byKey.set(object.key, versions);
  }
  const explicit = [...byKey]
    .map(([key, versions]) => ({ key, versions: versions.sort(newestFirst) }))
    .sort((left, right) => compareKeys(left.key, right.key));
  return {
    explicit,
    ...(bucket.syntheticObjects === undefined ? {} : { synthetic: bucket.syntheticObjects }),
    versioned: bucket.versioning !== undefined,
    now,
  };
}

function newestFirst(left: WorldObject, right: WorldObject): number {
  if (left.isLatest !== right.isLatest) return left.isLatest ? -1 : 1;
  return Date.parse(right.lastModified) - Date.parse(left.lastModified);
}

/** S3 orders keys by UTF-8 bytes; for keys without astral characters that is UTF-16 order. */
export function compareKeys(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

export function findKey(objects: BucketObjects, key: string): KeyEntry | undefined {
  const index = lowerBound(objects.explicit.length, (i) => objects.explicit[i]?.key ?? '', key, false);
  const entry = objects.explicit[index];
  if (entry?.key === key) return entry;
  const synthetic = objects.synthetic;
  const syntheticIndex = synthetic === undefined ? undefined : syntheticIndexOf(synthetic, key);
  if (synthetic === undefined || syntheticIndex === undefined) return undefined;
  return syntheticEntry(objects, synthetic, syntheticIndex);
}

/** The current version of a key: undefined when the key's latest version is a delete marker. */
export function currentVersion(entry: KeyEntry): WorldObject | undefined {
  const latest = entry.versions[0];
  return latest === undefined || latest.deleteMarker ? undefined : latest;
}

/**
 * Keys after `after` (or from it, with `includeAfter`) that start with `prefix`, in order, generated lazily: listing a
 * million synthetic keys page by page never holds more than one page.
 */
export function* keysAfter(
  objects: BucketObjects,
  after: string,
  prefix: string,
  includeAfter = false,
): Generator<KeyEntry> {
  const fromAfter = compareKeys(after, prefix) >= 0;
  const start = fromAfter ? after : prefix;
  const strict = fromAfter && !includeAfter;
  let explicitIndex = lowerBound(
    objects.explicit.length,
    (i) => objects.explicit[i]?.key ?? '',
    start,
    strict,
  );
  const synthetic = objects.synthetic;
  let syntheticIndex =
    synthetic === undefined
      ? 0
      : strict
        ? syntheticIndexAfter(synthetic, start)
        : firstSyntheticAtOrAfter(synthetic, start);
  const syntheticCount = synthetic?.count ?? 0;
  while (true) {
    const explicit = objects.explicit[explicitIndex];
    const syntheticNext =
      synthetic !== undefined && syntheticIndex < syntheticCount
        ? syntheticKey(synthetic, syntheticIndex)
        : undefined;
    let next: KeyEntry;
    if (
      explicit !== undefined &&
      (syntheticNext === undefined || compareKeys(explicit.key, syntheticNext) <= 0)
    ) {
      next = explicit;
      explicitIndex += 1;
    } else if (synthetic !== undefined && syntheticNext !== undefined) {
      next = syntheticEntry(objects, synthetic, syntheticIndex);
      syntheticIndex += 1;
    } else {
      return;
    }
    if (!next.key.startsWith(prefix)) return;
    yield next;
  }
}

function syntheticEntry(objects: BucketObjects, spec: SyntheticObjectsSpec, index: number): KeyEntry {
  const object = syntheticObject(spec, index, objects.now, objects.versioned);
  return { key: object.key, versions: [object] };
}

function firstSyntheticAtOrAfter(spec: SyntheticObjectsSpec, key: string): number {
  return lowerBound(spec.count, (i) => syntheticKey(spec, i), key, false);
}

/** First index whose key is >= `key` (or > `key` when `strict`). */
function lowerBound(length: number, keyAt: (index: number) => string, key: string, strict: boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const order = compareKeys(keyAt(middle), key);
    if (order < 0 || (strict && order === 0)) low = middle + 1;
    else high = middle;
  }
  return low;
}
