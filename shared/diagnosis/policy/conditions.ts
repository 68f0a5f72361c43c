import type { ConditionContext, RequestContext } from './context.js';
import type { ConditionClause } from './model.js';
import { compareValue, positiveOf } from './operators.js';
import { prefixMatch } from './prefix-match.js';

/** Whether conditions hold: `undefined` when that depends on keys the caller does not know. */
export interface ConditionVerdict {
  holds: boolean | undefined;
  /** The unknown keys an undecided verdict rests on. */
  unknownKeys: string[];
}

/**
 * Whether every clause of a statement's `Condition` holds: operators and keys are ANDed, the
 * values of one key ORed (for a negated operator, none may match). One false clause decides;
 * otherwise a clause on an unknown key leaves the verdict undecided.
 *
 * A key missing from the request makes a positive operator false and a negated one true;
 * `…IfExists` and `ForAllValues` are true, `ForAnyValue` false, and `Null` tests the absence
 * itself (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
 * A multivalued key (an array) needs a set qualifier; without one the clause does not hold.
 *
 * `variables` (undefined under Version 2008-10-17) are read for `${…}` in policy values.
 */
export function evaluateConditions(
  clauses: readonly ConditionClause[],
  context: ConditionContext,
  variables: RequestContext | undefined,
): ConditionVerdict {
  const unknownKeys: string[] = [];
  for (const clause of clauses) {
    const holds = clauseVerdict(clause, context, variables);
    if (holds === false) return { holds: false, unknownKeys: [] };
    if (holds === undefined) unknownKeys.push(...unknownKeysOf(clause, context, variables));
  }
  return unknownKeys.length === 0
    ? { holds: true, unknownKeys: [] }
    : { holds: undefined, unknownKeys: [...new Set(unknownKeys)] };
}

/** True only when the conditions certainly hold. */
export function conditionsHold(
  clauses: readonly ConditionClause[],
  context: ConditionContext,
  variables: RequestContext | undefined,
): boolean {
  return evaluateConditions(clauses, context, variables).holds === true;
}

const VARIABLE = /\$\{([^}]+)\}/g;

/** Keys a policy value reads through `${…}`, without a default. */
function variableKeys(clause: ConditionClause): string[] {
  return clause.values.flatMap((value) =>
    [...value.matchAll(VARIABLE)].flatMap((match) => {
      const [name = '', fallback] = (match[1] ?? '').split(', ');
      return fallback === undefined ? [name.trim()] : [];
    }),
  );
}

function unknownKeysOf(
  clause: ConditionClause,
  context: ConditionContext,
  variables: RequestContext | undefined,
): string[] {
  const read = variables === undefined ? [] : variableKeys(clause).filter((key) => context.isUnknown(key));
  return context.isUnknown(clause.key) ? [clause.key, ...read] : read;
}

function clauseVerdict(
  clause: ConditionClause,
  context: ConditionContext,
  variables: RequestContext | undefined,
): boolean | undefined {
  if (variables !== undefined && variableKeys(clause).some((key) => context.isUnknown(key))) return undefined;
  const name = clause.key.toLowerCase();
  if (context.isUnknown(name)) {
    const prefix = context.prefixes.get(name);
    return prefix === undefined ? undefined : prefixClause(clause, prefix, variables);
  }
  return clauseHolds(clause, context.values.get(name), variables);
}

/**
 * A clause on a key whose value is known only by its start: decided when every value with that
 * start matches (`AROAEXAMPLE:*`) or none can (`AROAOTHER:*`, `AROAEXAMPLE`), undecided otherwise.
 */
function prefixClause(
  clause: ConditionClause,
  prefix: string,
  variables: RequestContext | undefined,
): boolean | undefined {
  // The key is present, so Null is decided; set qualifiers compare sets the start says nothing of.
  if (clause.operator === 'Null') return clause.values.some((value) => value.toLowerCase() === 'false');
  if (clause.qualifier !== undefined) return undefined;
  const positive = positiveOf(clause.operator) ?? clause.operator;
  const string = ['StringEquals', 'StringLike', 'StringEqualsIgnoreCase'];
  if (!string.includes(positive)) return undefined;
  const matches = clause.values.map((value) =>
    prefixMatch(prefix, value, {
      wildcards: positive === 'StringLike',
      ignoreCase: positive === 'StringEqualsIgnoreCase',
      variables,
    }),
  );
  const any = matches.includes('all') ? true : matches.every((match) => match === 'none') ? false : undefined;
  if (any === undefined) return undefined;
  return positiveOf(clause.operator) === undefined ? any : !any;
}

function clauseHolds(
  clause: ConditionClause,
  value: string | readonly string[] | undefined,
  variables: RequestContext | undefined,
): boolean {
  if (clause.operator === 'Null') {
    const wanted = value === undefined ? 'true' : 'false';
    return clause.values.some((candidate) => candidate.toLowerCase() === wanted);
  }
  if (clause.qualifier !== undefined) {
    if (value === undefined) return clause.qualifier === 'ForAllValues' || clause.ifExists;
    const requestValues = typeof value === 'string' ? [value] : value;
    const holds = (requestValue: string) => operatorHolds(clause, requestValue, variables);
    return clause.qualifier === 'ForAllValues' ? requestValues.every(holds) : requestValues.some(holds);
  }
  if (value === undefined) return clause.ifExists || positiveOf(clause.operator) !== undefined;
  if (typeof value !== 'string') return false;
  return operatorHolds(clause, value, variables);
}

function operatorHolds(clause: ConditionClause, requestValue: string, variables: RequestContext | undefined) {
  const positive = positiveOf(clause.operator);
  const results = clause.values.map((policyValue) =>
    compareValue(positive ?? clause.operator, requestValue, policyValue, variables),
  );
  return positive === undefined ? results.includes(true) : results.every((result) => result === false);
}
