import type { ElementValues, ParsedStatement } from './model.js';
import { parseConditions } from './parse-condition.js';
import { parsePrincipal } from './parse-principal.js';
import { isRecord, readStrings, type StatementIssue } from './parse-values.js';
import type { Effect, PolicyKind } from './types.js';

const ELEMENTS = new Set([
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Principal',
  'NotPrincipal',
  'Condition',
]);
const ACTION = /^[A-Za-z0-9-]+:[A-Za-z0-9*?-]+$/;

/**
 * Reads one statement, or says why it cannot be read. A statement is used whole or not at all:
 * evaluating the readable half of a statement could turn a narrow Allow into a broad one.
 */
export function parseStatement(
  raw: unknown,
  index: number,
  path: string,
  kind: PolicyKind,
): { statement?: ParsedStatement; issues: StatementIssue[] } {
  const issues: StatementIssue[] = [];
  if (!isRecord(raw)) {
    return { issues: [{ code: 'invalid-type', path, message: `${path} must be an object` }] };
  }
  for (const key of Object.keys(raw)) {
    if (!ELEMENTS.has(key)) {
      issues.push({
        code: 'unknown-element',
        path: `${path}.${key}`,
        message: `${path}.${key} is not a statement element`,
      });
    }
  }
  const sid = raw.Sid;
  if (sid !== undefined && typeof sid !== 'string') {
    issues.push({ code: 'invalid-type', path: `${path}.Sid`, message: `${path}.Sid must be a string` });
  }
  const effect = readEffect(raw.Effect, `${path}.Effect`, issues);
  const action = readPair(raw, path, ['Action', 'NotAction'], issues, true);
  for (const [position, value] of (action?.values ?? []).entries()) {
    if (value !== '*' && !ACTION.test(value)) {
      const where = itemPath(raw, path, action?.negated ? 'NotAction' : 'Action', position);
      issues.push({
        code: 'invalid-value',
        path: where,
        message: `${where} "${value}" is not "*" or "service:action"`,
      });
    }
  }
  const resource = readResource(raw, path, kind, issues);
  const principal = parsePrincipal(raw, path, { kind, effect }, issues);
  const conditions = parseConditions(raw.Condition, `${path}.Condition`, issues);
  if (issues.length > 0 || effect === undefined || action === undefined) return { issues };
  const statement: ParsedStatement = { index, effect, action, conditions };
  if (typeof sid === 'string') statement.sid = sid;
  if (resource !== undefined) statement.resource = resource;
  if (principal !== undefined) statement.principal = principal;
  return { statement, issues };
}

function readEffect(value: unknown, path: string, issues: StatementIssue[]): Effect | undefined {
  if (value === 'Allow' || value === 'Deny') return value;
  const found = value === undefined ? 'nothing' : JSON.stringify(value);
  issues.push({ code: 'invalid-value', path, message: `${path} must be "Allow" or "Deny" (found ${found})` });
  return undefined;
}

function readPair(
  raw: Record<string, unknown>,
  path: string,
  [name, notName]: [string, string],
  issues: StatementIssue[],
  required: boolean,
): ElementValues | undefined {
  const hasName = name in raw;
  const hasNotName = notName in raw;
  if (hasName && hasNotName) {
    issues.push({ code: 'conflicting-elements', path, message: `${path} has both ${name} and ${notName}` });
    return undefined;
  }
  if (!hasName && !hasNotName) {
    if (required)
      issues.push({ code: 'missing-element', path, message: `${path} has no ${name} or ${notName}` });
    return undefined;
  }
  const key = hasName ? name : notName;
  const values = readStrings(raw[key], `${path}.${key}`, issues);
  return values === undefined ? undefined : { negated: hasNotName, values };
}

/**
 * Trust policies name no resource (the role is the resource); every other kind must. A resource
 * is `*` or an ARN; an ARN cut short is completed with `*` only when it already ends in a wildcard.
 */
function readResource(
  raw: Record<string, unknown>,
  path: string,
  kind: PolicyKind,
  issues: StatementIssue[],
): ElementValues | undefined {
  if (kind === 'trust') {
    for (const name of ['Resource', 'NotResource']) {
      if (name in raw) {
        const message = `${path}.${name} is not allowed in a trust policy`;
        issues.push({ code: 'element-not-allowed', path: `${path}.${name}`, message });
      }
    }
    return undefined;
  }
  const resource = readPair(raw, path, ['Resource', 'NotResource'], issues, true);
  for (const [position, value] of (resource?.values ?? []).entries()) {
    const complete = value.split(':').length >= 6 || /\*$/.test(value);
    if (value !== '*' && !(value.startsWith('arn:') && complete)) {
      const where = itemPath(raw, path, resource?.negated ? 'NotResource' : 'Resource', position);
      issues.push({
        code: 'invalid-value',
        path: where,
        message: `${where} "${value}" is not "*" or an ARN`,
      });
    }
  }
  return resource;
}

/** `Statement[0].Action` for a string element, `Statement[0].Action[2]` for an item of an array. */
function itemPath(raw: Record<string, unknown>, path: string, name: string, position: number): string {
  return Array.isArray(raw[name]) ? `${path}.${name}[${position}]` : `${path}.${name}`;
}
