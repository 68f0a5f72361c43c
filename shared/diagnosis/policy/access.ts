import { explainResourceAccess } from './access-reason.js';
import { evaluatePolicy } from './evaluate.js';
import { accountOf } from './principal.js';
import type { AccessRequest, PolicyDecision, PolicyProblem, PolicyResult, StatementMatch } from './types.js';

export interface ResourceAccessInput {
  /** Normally an IAM role (principal kind 'AWS'); a service principal has no identity side. */
  request: AccessRequest;
  /** The bucket policy or key policy; undefined when there is none. */
  resourcePolicy: unknown | undefined;
  resourceAccount: string;
  resourceKind: 's3' | 'kms';
  /** The principal's identity side, decided elsewhere (IAM SimulatePrincipalPolicy). */
  identityAllows: boolean;
  principalHasPermissionsBoundary?: boolean;
}

export interface ResourceAccess {
  /** Where undecided: the decision if every undecided Deny applied and no undecided Allow did. */
  decision: PolicyDecision;
  /**
   * Set when the decision depends on condition keys the caller does not know: the decision
   * could also be `otherwise`, and `unknownKeys` are the keys it rests on.
   */
  undecided?: { unknownKeys: string[]; otherwise: PolicyDecision };
  /** The resource-policy statements behind the decision (none when identity policies alone allow). */
  matched: StatementMatch[];
  /** One sentence a person understands. */
  reason: string;
  problems: PolicyProblem[];
}

/** What KMS attaches to a key created without a policy: the account root, delegating to IAM. */
export function defaultKeyPolicy(account: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
  };
}

/**
 * The resource side of one request, combined with the identity side the way S3 and KMS do:
 * - S3, same account: the bucket policy or the identity policies may allow; an account-root
 *   allow only delegates to those identity policies.
 * - S3 and KMS, cross-account: both the resource policy (for the principal, its account root or
 *   everyone) and the identity policies must allow.
 * - KMS, same account: the key policy must allow the principal, or allow the account root and
 *   let the identity policies decide; a key with no policy gets KMS's default one.
 * An explicit deny in the resource policy always wins.
 */
export function evaluateResourceAccess(input: ResourceAccessInput): ResourceAccess {
  const { request, resourceKind, resourceAccount } = input;
  const missing = input.resourcePolicy === undefined;
  const document =
    missing && resourceKind === 'kms' ? defaultKeyPolicy(resourceAccount) : input.resourcePolicy;
  const policyName = resourceKind === 's3' ? 'bucket policy' : missing ? 'default key policy' : 'key policy';
  const result: PolicyResult =
    document === undefined
      ? { allows: [], denies: [], undecided: [], problems: [] }
      : evaluatePolicy(document, request, {
          kind: 'resource',
          policyName,
          principalHasPermissionsBoundary: input.principalHasPermissionsBoundary === true,
        });
  const sameAccount =
    request.principal.kind === 'AWS' && accountOf(request.principal.arn) === resourceAccount;
  // Undecided statements give two bounds: all undecided Denies apply and no undecided Allow, or
  // the reverse. Equal bounds decide; different ones leave the decision to the unknown keys.
  const undecidedOf = (effect: 'Allow' | 'Deny') =>
    result.undecided.filter((match) => match.effect === effect);
  const worstResult = { ...result, denies: [...result.denies, ...undecidedOf('Deny')] };
  const bestResult = { ...result, allows: [...result.allows, ...undecidedOf('Allow')] };
  const worst = decide(input, worstResult, sameAccount);
  const best = decide(input, bestResult, sameAccount);
  const facts = { ...input, document, policyName, hasPolicy: document !== undefined, sameAccount };
  if (worst.decision === best.decision) {
    const reason = explainResourceAccess({ ...facts, result }, worst.decision);
    return { decision: worst.decision, matched: worst.matched, reason, problems: result.problems };
  }
  const unknownKeys = [...new Set(result.undecided.flatMap((match) => match.unknownKeys ?? []))];
  const statements = result.undecided.map((match) => match.sid ?? `statement ${match.index}`).join(', ');
  return {
    decision: worst.decision,
    undecided: { unknownKeys, otherwise: best.decision },
    matched: result.undecided,
    reason: `the ${policyName} decides it through ${statements}, whose condition on ${unknownKeys.join(', ')} cannot be evaluated for this request: the monitor does not know ${unknownKeys.length === 1 ? 'that key' : 'those keys'} for requests S3 makes with the replication role`,
    problems: result.problems,
  };
}

function decide(
  input: ResourceAccessInput,
  result: PolicyResult,
  sameAccount: boolean,
): { decision: PolicyDecision; matched: StatementMatch[] } {
  if (result.denies.length > 0) return { decision: 'explicitDeny', matched: result.denies };
  const direct = result.allows.filter((match) => match.viaAccountRoot !== true);
  const viaRoot = result.allows.filter((match) => match.viaAccountRoot === true);
  const allowed = (matched: StatementMatch[]) => ({ decision: 'allowed' as const, matched });
  const denied = { decision: 'implicitDeny' as const, matched: [] };
  if (input.request.principal.kind === 'Service') return direct.length > 0 ? allowed(direct) : denied;
  if (!sameAccount) return input.identityAllows && result.allows.length > 0 ? allowed(result.allows) : denied;
  if (direct.length > 0) return allowed(direct);
  if (!input.identityAllows) return denied;
  if (input.resourceKind === 's3') return allowed([]);
  return viaRoot.length > 0 ? allowed(viaRoot) : denied;
}
