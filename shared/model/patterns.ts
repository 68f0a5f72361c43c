/** `*` matches any run of characters; everything else is literal. Bucket names have no other wildcards. */
export function matchesPattern(value: string, pattern: string): boolean {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`).test(value);
}

/** Included by at least one pattern and excluded by none. */
export function selectedBy(value: string, include: readonly string[], exclude: readonly string[]): boolean {
  return (
    include.some((pattern) => matchesPattern(value, pattern)) &&
    !exclude.some((pattern) => matchesPattern(value, pattern))
  );
}
