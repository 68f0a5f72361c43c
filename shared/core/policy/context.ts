import type { ContextValue } from './types.js';

/** Request context keyed by lower-case name: IAM condition key names are case-insensitive. */
export type RequestContext = ReadonlyMap<string, string | readonly string[]>;

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
