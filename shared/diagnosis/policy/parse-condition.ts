import {
  CONDITION_OPERATORS,
  type ConditionClause,
  type ConditionOperator,
  type SetQualifier,
} from './model.js';
import { isRecord, readScalars, type StatementIssue } from './parse-values.js';

const QUALIFIERS: readonly SetQualifier[] = ['ForAnyValue', 'ForAllValues'];
const IF_EXISTS = 'ifexists';

interface OperatorName {
  operator: ConditionOperator;
  qualifier?: SetQualifier;
  ifExists: boolean;
}

/**
 * Reads a `Condition` block into one clause per operator and key, the units IAM ANDs together.
 * An operator this evaluator does not know makes the statement unreadable rather than ignored:
 * ignoring it would widen an Allow and narrow a Deny.
 */
export function parseConditions(value: unknown, path: string, issues: StatementIssue[]): ConditionClause[] {
  if (value === undefined) return [];
  if (!isRecord(value)) {
    issues.push({ code: 'invalid-type', path, message: `${path} must be an object of condition operators` });
    return [];
  }
  const clauses: ConditionClause[] = [];
  for (const [name, block] of Object.entries(value)) {
    const blockPath = `${path}.${name}`;
    const parsed = parseOperatorName(name);
    if (parsed === undefined) {
      issues.push({
        code: 'unknown-operator',
        path: blockPath,
        message: `${blockPath}: unknown condition operator`,
      });
      continue;
    }
    if (!isRecord(block)) {
      issues.push({
        code: 'invalid-type',
        path: blockPath,
        message: `${blockPath} must be an object of keys`,
      });
      continue;
    }
    for (const [key, raw] of Object.entries(block)) {
      const values = readScalars(raw, `${blockPath}.${key}`, issues);
      if (values !== undefined) clauses.push({ ...parsed, key, values });
    }
  }
  return clauses;
}

/** `ForAnyValue:StringLikeIfExists` → StringLike, ForAnyValue, ifExists. Names compare case-insensitively. */
export function parseOperatorName(name: string): OperatorName | undefined {
  const colon = name.indexOf(':');
  const prefix = colon === -1 ? undefined : name.slice(0, colon).toLowerCase();
  const qualifier = QUALIFIERS.find((candidate) => candidate.toLowerCase() === prefix);
  if (prefix !== undefined && qualifier === undefined) return undefined;
  let rest = (colon === -1 ? name : name.slice(colon + 1)).toLowerCase();
  const ifExists = rest.endsWith(IF_EXISTS) && rest !== IF_EXISTS;
  if (ifExists) rest = rest.slice(0, -IF_EXISTS.length);
  const operator = CONDITION_OPERATORS.find((candidate) => candidate.toLowerCase() === rest);
  // "NullIfExists" makes no sense: Null already tests whether the key exists.
  if (operator === undefined || (operator === 'Null' && ifExists)) return undefined;
  return qualifier === undefined ? { operator, ifExists } : { operator, qualifier, ifExists };
}
