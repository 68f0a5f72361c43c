import { evaluateConditions } from './conditions.js';
import type { ConditionContext, RequestContext } from './context.js';
import { actionMatches, arnMatches } from './match.js';
import type { ElementValues, ParsedStatement } from './model.js';
import { type PrincipalApplication, principalApplies } from './principal.js';
import type { AccessRequest } from './types.js';

export interface StatementInput {
  request: AccessRequest;
  context: ConditionContext;
  /** Undefined when the policy's Version makes `${…}` literal text. */
  variables: RequestContext | undefined;
  hasPermissionsBoundary?: boolean;
  /** Skip the Principal test: used to explain what a statement would grant to someone else. */
  ignorePrincipal?: boolean;
  /** Skip the Condition test: used to explain which condition kept a statement from applying. */
  ignoreConditions?: boolean;
}

/** How a statement applies: its principal match, and the unknown keys it applies only through. */
export type StatementApplication = PrincipalApplication & { unknownKeys?: string[] };

/**
 * Whether one parsed statement applies to the request: its action, resource, principal and
 * conditions all match. Returns how the principal matched (with `unknownKeys` when the conditions
 * depend on keys the caller does not know), or undefined when it does not apply.
 */
export function statementApplies(
  statement: ParsedStatement,
  input: StatementInput,
): StatementApplication | undefined {
  const { request } = input;
  if (!elementMatches(statement.action, (pattern) => actionMatches(request.action, pattern)))
    return undefined;
  const resource = statement.resource;
  if (
    resource !== undefined &&
    !elementMatches(resource, (pattern) => resourceMatches(request.resource, pattern, input))
  ) {
    return undefined;
  }
  const principal =
    statement.principal === undefined || input.ignorePrincipal === true
      ? { applies: true, viaAccountRoot: false, viaNotPrincipal: false }
      : principalApplies(statement.principal, request.principal, {
          hasPermissionsBoundary: input.hasPermissionsBoundary === true,
        });
  if (!principal.applies) return undefined;
  if (input.ignoreConditions === true) return principal;
  const conditions = evaluateConditions(statement.conditions, input.context, input.variables);
  if (conditions.holds === false) return undefined;
  return conditions.holds === true ? principal : { ...principal, unknownKeys: conditions.unknownKeys };
}

/**
 * `Action`: one pattern must match. `NotAction`: none may. A pattern whose policy variable cannot
 * be resolved (undefined) counts as matching in neither sense, so it never widens a statement.
 */
function elementMatches(element: ElementValues, test: (pattern: string) => boolean | undefined): boolean {
  const results = element.values.map(test);
  return element.negated ? results.every((result) => result === false) : results.includes(true);
}

function resourceMatches(resource: string, pattern: string, input: StatementInput): boolean | undefined {
  if (pattern === '*') return true;
  return arnMatches(resource, pattern, { variables: input.variables, padShort: true });
}
