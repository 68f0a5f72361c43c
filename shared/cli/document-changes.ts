/** One difference between two JSON documents; `before` absent: added, `after` absent: removed. */
export interface DocumentChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The exact differences between two JSON documents, as deep as they go: objects key by key,
 * arrays index by index, so an appended configuration shows as one added element and a changed
 * setting as its own path.
 */
export function documentChanges(before: unknown, after: unknown, path = ''): DocumentChange[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) => documentChanges(before[key], after[key], path ? `${path}.${key}` : key));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, index) =>
      documentChanges(before[index], after[index], `${path}[${index}]`),
    ).flat();
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const change: DocumentChange = { path };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  return [change];
}
