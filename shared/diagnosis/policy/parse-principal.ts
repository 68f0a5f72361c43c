import type { PrincipalElement, PrincipalEntry } from './model.js';
import { isRecord, readStrings, type StatementIssue } from './parse-values.js';
import type { Effect, PolicyKind } from './types.js';

const PRINCIPAL_TYPES = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);
const ACCOUNT_ID = /^\d{12}$/;
const ACCOUNT_ROOT = /^arn:[^:]+:iam::(\d{12}):root$/;
/** Unique ids (AROA…, AIDA…) replace the ARN of a principal deleted after the policy was saved. */
const UNIQUE_ID = /^A[0-9A-Z]+$/;

/**
 * Reads `Principal` or `NotPrincipal` for the policy kind. Identity policies and boundaries may not
 * name principals; resource and trust policies must. `NotPrincipal` is refused with `Allow` and in
 * trust policies because AWS documents both as unsupported
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html).
 */
export function parsePrincipal(
  statement: Record<string, unknown>,
  path: string,
  context: { kind: PolicyKind; effect: Effect | undefined },
  issues: StatementIssue[],
): PrincipalElement | undefined {
  const hasPrincipal = 'Principal' in statement;
  const hasNotPrincipal = 'NotPrincipal' in statement;
  if (hasPrincipal && hasNotPrincipal) {
    issues.push({
      code: 'conflicting-elements',
      path,
      message: `${path} has both Principal and NotPrincipal`,
    });
    return undefined;
  }
  const name = hasNotPrincipal ? 'NotPrincipal' : 'Principal';
  if (context.kind === 'identity' || context.kind === 'boundary') {
    if (hasPrincipal || hasNotPrincipal) {
      const message = `${path}.${name} is not allowed in ${context.kind === 'identity' ? 'an identity policy' : 'a permissions boundary'}`;
      issues.push({ code: 'element-not-allowed', path: `${path}.${name}`, message });
    }
    return undefined;
  }
  if (!hasPrincipal && !hasNotPrincipal) {
    issues.push({ code: 'missing-element', path, message: `${path} has no Principal` });
    return undefined;
  }
  if (hasNotPrincipal && (context.kind === 'trust' || context.effect === 'Allow')) {
    const where = context.kind === 'trust' ? 'in a trust policy' : 'with "Effect": "Allow"';
    const message = `${path}.NotPrincipal is not supported ${where}`;
    issues.push({ code: 'element-not-allowed', path: `${path}.NotPrincipal`, message });
    return undefined;
  }
  const entries = readEntries(statement[name], `${path}.${name}`, issues);
  return entries === undefined ? undefined : { negated: hasNotPrincipal, entries };
}

function readEntries(value: unknown, path: string, issues: StatementIssue[]): PrincipalEntry[] | undefined {
  if (value === '*') return [{ kind: 'everyone' }];
  if (!isRecord(value) || Object.keys(value).length === 0) {
    const message = `${path} must be "*" or an object such as {"AWS": "arn:aws:iam::111122223333:role/name"}`;
    issues.push({ code: 'invalid-value', path, message });
    return undefined;
  }
  const entries: PrincipalEntry[] = [];
  for (const [type, raw] of Object.entries(value)) {
    if (!PRINCIPAL_TYPES.has(type)) {
      const message = `${path}.${type} is not a principal type (AWS, Service, Federated, CanonicalUser)`;
      issues.push({ code: 'unknown-element', path: `${path}.${type}`, message });
      continue;
    }
    for (const item of readStrings(raw, `${path}.${type}`, issues) ?? []) {
      const entry = toEntry(type, item, `${path}.${type}`, issues);
      if (entry !== undefined) entries.push(entry);
    }
  }
  return entries;
}

function toEntry(
  type: string,
  value: string,
  path: string,
  issues: StatementIssue[],
): PrincipalEntry | undefined {
  if (type === 'Service') return { kind: 'service', name: value };
  if (type !== 'AWS') return { kind: 'other', value };
  if (/^\*+$/.test(value)) return { kind: 'everyone' };
  if (ACCOUNT_ID.test(value)) return { kind: 'account', account: value };
  const root = ACCOUNT_ROOT.exec(value);
  if (root?.[1] !== undefined) return { kind: 'account', account: root[1] };
  if (UNIQUE_ID.test(value)) return { kind: 'other', value };
  if (!value.startsWith('arn:')) {
    issues.push({
      code: 'invalid-value',
      path,
      message: `${path} "${value}" is not an account id or an ARN`,
    });
    return undefined;
  }
  if (value.includes('*') || value.includes('?')) {
    // IAM rejects wildcards in principal ARNs; aws:PrincipalArn with ArnLike is the supported way.
    const message = `${path} "${value}" uses a wildcard, which Principal does not support (use a condition on aws:PrincipalArn)`;
    issues.push({ code: 'invalid-value', path, message });
    return undefined;
  }
  return { kind: 'arn', arn: value };
}
