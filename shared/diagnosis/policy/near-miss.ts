import { conditionsHold } from './conditions.js';
import { conditionContextOf } from './context.js';
import { parsePolicy } from './parse.js';
import { statementApplies } from './statement.js';
import type { AccessRequest } from './types.js';

export interface NearMiss {
  /** Accounts other than the principal's whose root an Allow names for this action and resource. */
  otherAccountRoots: string[];
  /** The first Allow that would cover this principal but for its conditions, and the keys that fail. */
  failedConditions?: { index: number; sid?: string; keys: string[] };
}

/**
 * Why no Allow statement of a resource policy applied, in terms a person can act on: the policy
 * delegates to another account's root, or a statement is right but one of its conditions (a
 * kms:ViaService for another Region, an encryption context for another bucket) does not hold.
 */
export function findNearMiss(document: unknown, request: AccessRequest, principalAccount: string): NearMiss {
  const parsed = parsePolicy(document, 'resource');
  const context = conditionContextOf(request);
  const input = { request, context, variables: parsed.substitutesVariables ? context.values : undefined };
  const roots = new Set<string>();
  const miss: NearMiss = { otherAccountRoots: [] };
  for (const statement of parsed.statements) {
    if (statement.effect !== 'Allow' || statement.principal === undefined || statement.principal.negated)
      continue;
    if (statementApplies(statement, { ...input, ignorePrincipal: true }) !== undefined) {
      for (const entry of statement.principal.entries) {
        if (entry.kind === 'account' && entry.account !== principalAccount) roots.add(entry.account);
      }
    }
    if (miss.failedConditions !== undefined) continue;
    if (statementApplies(statement, { ...input, ignoreConditions: true }) === undefined) continue;
    const keys = statement.conditions
      .filter((clause) => !conditionsHold([clause], context, input.variables))
      .map((clause) => clause.key);
    if (keys.length === 0) continue;
    miss.failedConditions = { index: statement.index, keys: [...new Set(keys)] };
    if (statement.sid !== undefined) miss.failedConditions.sid = statement.sid;
  }
  miss.otherAccountRoots = [...roots];
  return miss;
}
