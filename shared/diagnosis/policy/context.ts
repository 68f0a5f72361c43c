import type { AccessRequest, ContextValue } from './types.js';

/** Request context keyed by lower-case name: IAM condition key names are case-insensitive. */
export type RequestContext = ReadonlyMap<string, string | readonly string[]>;

/**
 * What the evaluator knows of a request's condition keys: their values, which keys it cannot know
 * (a condition on one of them cannot be decided), and keys known only by how their value starts.
 */
export interface ConditionContext {
  values: RequestContext;
  /** True for a key missing from `values` whose presence the caller does not know. */
  isUnknown(key: string): boolean;
  /** Lower-case key → the start of its value (aws:userid is `ROLEID:` + a session name AWS chooses). */
  prefixes: ReadonlyMap<string, string>;
}

/**
 * Booleans and numbers become the strings IAM compares (`true`, `3600`); arrays stay arrays, as
 * multivalued keys (`aws:PrincipalOrgPaths`) need a set qualifier to be compared.
 */
export function normalizeContext(context: Record<string, ContextValue> | undefined): RequestContext {
  const normalized = new Map<string, string | readonly string[]>();
  for (const [key, value] of Object.entries(context ?? {})) {
    normalized.set(key.toLowerCase(), Array.isArray(value) ? value.map(String) : String(value));
  }
  return normalized;
}

/** The condition context of a request: by default a key it does not carry is absent. */
export function conditionContextOf(request: AccessRequest): ConditionContext {
  const values = normalizeContext(request.context);
  const prefixes = new Map(
    Object.entries(request.knownPrefixes ?? {}).map(([key, prefix]) => [key.toLowerCase(), prefix]),
  );
  const absent = new Set((request.absentKeys ?? []).map((key) => key.toLowerCase()));
  const unknownByDefault = request.missingKeys === 'unknown';
  return {
    values,
    prefixes,
    isUnknown: (key) => {
      const name = key.toLowerCase();
      if (values.has(name) || absent.has(name)) return false;
      return prefixes.has(name) || unknownByDefault;
    },
  };
}
