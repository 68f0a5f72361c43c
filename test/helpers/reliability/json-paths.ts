export type JsonPath = (string | number)[];

/** Fields whose content the world format leaves open (AWS documents pasted as they are). */
const FREE_FORM = new Set([
  'policy',
  'trustPolicy',
  'inlinePolicies',
  'document',
  'permissionsBoundary',
  'notifications',
]);

/** Objects whose field names are data (object tags, metric dimensions): any name is valid. */
const OPEN_RECORDS = new Set(['tags', 'dimensions']);

/** Every path in `value` to a leaf (string, number, boolean, null) or to an object, outside free-form fields. */
export function jsonPaths(value: unknown, kind: 'leaf' | 'object', path: JsonPath = []): JsonPath[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => jsonPaths(item, kind, [...path, index]));
  if (value !== null && typeof value === 'object') {
    const here = kind === 'object' && !OPEN_RECORDS.has(String(path.at(-1))) ? [path] : [];
    return [
      ...here,
      ...Object.entries(value).flatMap(([name, item]) =>
        FREE_FORM.has(name) ? [] : jsonPaths(item, kind, [...path, name]),
      ),
    ];
  }
  return kind === 'leaf' ? [path] : [];
}

export function valueAt(value: unknown, path: JsonPath): unknown {
  return path.reduce<unknown>((node, segment) => (node as Record<string | number, unknown>)[segment], value);
}

/** A copy of `value` with `path` set to `replacement`. */
export function withValueAt<T>(value: T, path: JsonPath, replacement: unknown): T {
  const copy = structuredClone(value);
  const parent = valueAt(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path.at(-1) as string | number] = replacement;
  return copy;
}
