import type { PolicyProblemCode } from './types.js';

/** A problem found inside one statement; the statement parser adds its consequence and index. */
export interface StatementIssue {
  code: PolicyProblemCode;
  path: string;
  message: string;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * IAM accepts a string or an array of strings almost everywhere; both become an array here. An
 * empty array is refused because AWS refuses it, and silently matching nothing would hide that.
 */
export function readStrings(value: unknown, path: string, issues: StatementIssue[]): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    issues.push({ code: 'invalid-type', path, message: `${path} must be a string or an array of strings` });
    return undefined;
  }
  if (value.length === 0) {
    issues.push({ code: 'invalid-value', path, message: `${path} is an empty array` });
    return undefined;
  }
  return value as string[];
}

/**
 * Condition values may be JSON strings, numbers or booleans (`"Bool": {"aws:SecureTransport": false}`);
 * IAM compares their string forms.
 */
export function readScalars(value: unknown, path: string, issues: StatementIssue[]): string[] | undefined {
  const items = Array.isArray(value) ? value : [value];
  const scalars = items.filter(
    (item): item is string | number | boolean =>
      typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean',
  );
  if (scalars.length !== items.length) {
    issues.push({
      code: 'invalid-type',
      path,
      message: `${path} must be a string, number or boolean, or an array of them`,
    });
    return undefined;
  }
  return scalars.map(String);
}
