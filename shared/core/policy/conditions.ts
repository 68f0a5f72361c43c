import type { RequestContext } from './context.js';
import type { ConditionClause } from './model.js';
import { compareValue, positiveOf } from './operators.js';

/**
 * Whether every clause of a statement's `Condition` holds: operators and keys are ANDed, the
 * values of one key ORed (for a negated operator, none may match).
 *
 * A key missing from the request makes a positive operator false and a negated one true;
 * `…IfExists` and `ForAllValues` are true, `ForAnyValue` false, and `Null` tests the absence
 * itself (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
 * A multivalued key (an array) needs a set qualifier; without one the clause does not hold.
 *
 * `context` is read for condition keys; `variables` (undefined under Version 2008-10-17) for
 * `${…}` in policy values.
 */
export function conditionsHold(
  clauses: readonly ConditionClause[],
  context: RequestContext,
  variables: RequestContext | undefined,
): boolean {
  return clauses.every((clause) => clauseHolds(clause, context.get(clause.key.toLowerCase()), variables));
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
