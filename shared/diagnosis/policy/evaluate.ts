import { conditionContextOf } from './context.js';
import { parsePolicy } from './parse.js';
import { statementApplies } from './statement.js';
import type { AccessRequest, PolicyKind, PolicyResult, StatementMatch } from './types.js';

export interface EvaluatePolicyOptions {
  kind: PolicyKind;
  /** Names the policy in matches and explanations: "bucket policy", "key policy", an inline policy name. */
  policyName: string;
  /**
   * AWS documents that a resource-policy Deny with NotPrincipal always applies to an IAM
   * principal that has a permissions boundary, whatever the NotPrincipal names.
   */
  principalHasPermissionsBoundary?: boolean;
}

/**
 * Evaluates one policy document against one request: which Allow and which Deny statements apply.
 * Combining them with other policies is the caller's job (see evaluateResourceAccess); within one
 * policy an applicable Deny always wins. For `resource` and `trust` documents the statement's
 * Principal must cover the request principal; for `identity` and `boundary` documents the
 * principal is the one the policy is attached to.
 */
export function evaluatePolicy(
  document: unknown,
  request: AccessRequest,
  options: EvaluatePolicyOptions,
): PolicyResult {
  const parsed = parsePolicy(document, options.kind);
  const context = conditionContextOf(request);
  const input = {
    request,
    context,
    variables: parsed.substitutesVariables ? context.values : undefined,
    hasPermissionsBoundary: options.principalHasPermissionsBoundary === true,
  };
  const result: PolicyResult = { allows: [], denies: [], undecided: [], problems: parsed.problems };
  const namesPrincipals = options.kind === 'resource' || options.kind === 'trust';
  for (const statement of parsed.statements) {
    const applied = statementApplies(statement, input);
    if (applied === undefined) continue;
    const match: StatementMatch = {
      policyName: options.policyName,
      index: statement.index,
      effect: statement.effect,
    };
    if (statement.sid !== undefined) match.sid = statement.sid;
    if (namesPrincipals) match.viaAccountRoot = applied.viaAccountRoot;
    if (applied.viaNotPrincipal) match.viaNotPrincipal = true;
    if (applied.unknownKeys !== undefined) {
      match.unknownKeys = applied.unknownKeys;
      result.undecided.push(match);
      continue;
    }
    (statement.effect === 'Allow' ? result.allows : result.denies).push(match);
  }
  return result;
}
