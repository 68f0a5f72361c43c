import { findNearMiss } from './near-miss.js';
import { accountOf } from './principal.js';
import type { AccessRequest, PolicyDecision, PolicyPrincipal, PolicyResult } from './types.js';

export interface AccessFacts {
  request: AccessRequest;
  resourceKind: 's3' | 'kms';
  resourceAccount: string;
  identityAllows: boolean;
  document: unknown;
  /** "bucket policy", "key policy" or "default key policy". */
  policyName: string;
  hasPolicy: boolean;
  sameAccount: boolean;
  result: PolicyResult;
  principalHasPermissionsBoundary?: boolean;
}

/**
 * One sentence saying why the resource side decided as it did, naming the statement, the account
 * and the rule (same-account, cross-account, KMS delegation) a person needs to fix it.
 */
export function explainResourceAccess(facts: AccessFacts, decision: PolicyDecision): string {
  const sentence =
    decision === 'explicitDeny'
      ? explainDeny(facts)
      : decision === 'allowed'
        ? explainAllow(facts)
        : explainImplicit(facts);
  const skipped = facts.result.problems.filter((problem) => problem.consequence !== 'ignored').length;
  return skipped === 0
    ? sentence
    : `${sentence} (${skipped} unreadable part(s) of the ${facts.policyName} were skipped)`;
}

function explainDeny(facts: AccessFacts): string {
  const [deny] = facts.result.denies;
  const account = principalAccount(facts.request.principal);
  const detail = deny?.viaAccountRoot
    ? ` (it names account ${account}, which covers every principal in it)`
    : deny?.viaNotPrincipal
      ? facts.principalHasPermissionsBoundary
        ? ' (AWS documents that a NotPrincipal deny applies to every principal with a permissions boundary)'
        : ' (its NotPrincipal does not exempt this principal: AWS documents that it must name both the principal and its account)'
      : '';
  return `the ${facts.policyName} denies ${what(facts)} to ${who(facts.request.principal)} in ${label(deny)}${detail}, and an explicit deny overrides every allow`;
}

function explainAllow(facts: AccessFacts): string {
  const { request, result, policyName } = facts;
  const subject = who(request.principal);
  const account = principalAccount(request.principal);
  const direct = result.allows.find((match) => !match.viaAccountRoot);
  const [first] = result.allows;
  if (request.principal.kind === 'Service')
    return `the ${policyName} allows ${what(facts)} to ${subject} in ${label(direct)}`;
  if (!facts.sameAccount) {
    const through = direct === undefined ? ` through the account root of ${account}` : '';
    return `the ${policyName} of ${facts.resourceAccount} allows ${what(facts)} to ${subject}${through} in ${label(direct ?? first)}, and the identity policies in ${account} allow it too, as cross-account access requires`;
  }
  if (direct !== undefined)
    return `the ${policyName} allows ${what(facts)} to ${subject} directly in ${label(direct)}`;
  if (facts.resourceKind === 's3') {
    const rest = facts.hasPolicy
      ? 'the bucket policy does not deny it'
      : 'there is no bucket policy to deny it';
    return `the identity policies of ${subject} allow ${what(facts)} within account ${account}, and ${rest}`;
  }
  return `the ${policyName} delegates to the IAM policies of account ${account} (${label(first)} allows its account root), and the identity policies of ${subject} allow ${request.action}`;
}

function explainImplicit(facts: AccessFacts): string {
  const { request, result, policyName } = facts;
  const subject = who(request.principal);
  const account = principalAccount(request.principal);
  if (request.principal.kind === 'Service')
    return `the ${policyName} has no statement allowing ${what(facts)} to ${subject}`;
  if (result.allows.length > 0) {
    if (!facts.sameAccount) {
      return `the ${policyName} of ${facts.resourceAccount} allows ${what(facts)} to ${subject}, but the identity policies in ${account} do not, and cross-account access needs both`;
    }
    return `the ${policyName} allows only the account root of ${account} (delegation to that account's IAM policies), and the identity policies of ${subject} do not allow ${request.action}`;
  }
  const miss = facts.hasPolicy ? findNearMiss(facts.document, request, account) : { otherAccountRoots: [] };
  if (miss.otherAccountRoots.length > 0) {
    return `the ${policyName} allows only the account root of ${miss.otherAccountRoots.join(', ')} (delegation to that account's IAM policies), which does not cover ${inAccount(request.principal)}`;
  }
  const failed = miss.failedConditions;
  const because =
    failed === undefined
      ? ''
      : `: ${label(failed)} would, but its condition on ${failed.keys.join(' and ')} does not hold for this request`;
  if (facts.sameAccount && facts.resourceKind === 's3') {
    const policy = facts.hasPolicy ? 'nor the bucket policy allow' : 'allow, and there is no bucket policy,';
    return `neither the identity policies of ${subject} ${policy} ${what(facts)}${because}`;
  }
  if (facts.sameAccount) {
    return `no statement of the ${policyName} allows ${what(facts)} to ${subject}${because} (KMS reads identity policies only when the key policy allows the account root)`;
  }
  if (!facts.hasPolicy) {
    return `the bucket in ${facts.resourceAccount} has no bucket policy, and cross-account access needs one that allows ${subject}`;
  }
  return `no statement of the ${policyName} of ${facts.resourceAccount} allows ${what(facts)} to ${subject}${because}, and cross-account access needs one besides the identity policies in ${account}`;
}

function what(facts: AccessFacts): string {
  return `${facts.request.action} on ${facts.request.resource}`;
}

function label(match: { index: number; sid?: string } | undefined): string {
  if (match === undefined) return 'no statement';
  return `Statement[${match.index}]${match.sid === undefined ? '' : ` "${match.sid}"`}`;
}

function principalAccount(principal: PolicyPrincipal): string {
  return principal.kind === 'AWS' ? (accountOf(principal.arn) ?? 'an unknown account') : 'no account';
}

function who(principal: PolicyPrincipal): string {
  if (principal.kind === 'Service') return `the service principal ${principal.name}`;
  return `the ${kindOf(principal.arn)} ${principal.arn}`;
}

function inAccount(principal: PolicyPrincipal): string {
  return principal.kind === 'AWS'
    ? `a ${kindOf(principal.arn)} in ${principalAccount(principal)}`
    : who(principal);
}

function kindOf(arn: string): string {
  if (arn.includes(':assumed-role/')) return 'role session';
  if (arn.includes(':role/')) return 'role';
  if (arn.includes(':user/')) return 'user';
  return 'principal';
}
