/**
 * A bounded cache keyed by a short tuple of strings, kept as nested maps: a lookup walks the
 * tuple's own strings (whose hashes V8 keeps) instead of building and hashing a key string, which
 * costs more than the lookup itself when a batch asks 10,000 times. Full, it starts over: the
 * bound keeps a long-lived Lambda's memory flat, and what it holds is cheap to rebuild.
 */
export interface TupleCache<V> {
  get(parts: readonly (string | undefined)[], make: () => V): V;
}

type Key = string | number | undefined;
type Level = Map<Key, unknown>;

export function createTupleCache<V>(limit: number): TupleCache<V> {
  let root: Level = new Map();
  let size = 0;
  return {
    get(parts, make) {
      // The length comes first, so a tuple that begins another never meets its maps.
      let level = child(root, parts.length);
      const last = parts.length - 1;
      for (let index = 0; index < last; index++) level = child(level, parts[index]);
      const leaf = parts[last];
      if (level.has(leaf)) return level.get(leaf) as V;
      const value = make();
      if (size >= limit) {
        // Starts over; this value is kept by the next call that asks for it.
        root = new Map();
        size = 0;
        return value;
      }
      level.set(leaf, value);
      size += 1;
      return value;
    },
  };
}

function child(level: Level, key: Key): Level {
  let next = level.get(key) as Level | undefined;
  if (next === undefined) {
    next = new Map();
    level.set(key, next);
  }
  return next;
}
