import type { PermissionLayer } from '../model/findings.js';
import type { ReadProblem } from '../model/observed.js';
import type { PermissionGap } from './permission-findings.js';
import { evaluateResourceAccess, type ResourceAccess } from './policy/access.js';
import type { ContextValue } from './policy/types.js';
import type { PrincipalContext } from './request-context.js';
import { type Requirement, requirementKey } from './requirement.js';
import type { RoleReader, SimulationResult } from './role-reader.js';

/** What the resource side of one requirement says, once its policy has been read. */
export type ResourcePolicyRead =
  | { kind: 'policy'; document: unknown; account: string }
  /** Not readable from the monitor's account (a key policy of another account): identity decides, said in notes. */
  | { kind: 'unreadable'; note: string };

/** IAM's answer for one action under one requirement's resource and context. */
export type Verdict = SimulationResult & { asked?: string };

export interface IdentityVerdicts {
  /** By `requirementKey` of (action, resource, context). */
  results: Map<string, Verdict>;
  problems: ReadProblem[];
}

/** The actions asked for a requirement: its own and its alternative's. */
const actionsOf = (requirement: Requirement) =>
  requirement.alternative === undefined
    ? [requirement.action]
    : [requirement.action, requirement.alternative.action];

/** The full request context of a requirement: the role's keys, then the request's own. */
export function contextOf(
  requirement: Requirement,
  principal: PrincipalContext,
): Record<string, ContextValue> {
  return { ...principal.context, ...requirement.context };
}

/**
 * Simulates the role's identity side for every requirement: one SimulatePrincipalPolicy call per
 * (resource, context), since IAM evaluates every action against every resource of a call.
 */
export async function simulateIdentity(
  roleArn: string,
  requirements: readonly Requirement[],
  principal: PrincipalContext,
  reader: RoleReader,
): Promise<IdentityVerdicts> {
  const groups = new Map<string, Requirement[]>();
  for (const requirement of requirements) {
    const id = JSON.stringify([requirement.resource, requirement.context]);
    groups.set(id, [...(groups.get(id) ?? []), requirement]);
  }
  const results = new Map<string, Verdict>();
  const problems: ReadProblem[] = [];
  // Sequential on purpose: IAM's API rate limits are low and shared by the whole account.
  for (const group of groups.values()) {
    const first = group[0] as Requirement;
    const context = contextOf(first, principal);
    const simulated = await reader.simulate(
      roleArn,
      [...new Set(group.flatMap(actionsOf))],
      [first.resource],
      Object.fromEntries(
        Object.entries(context).filter(
          (entry): entry is [string, string | string[] | boolean] =>
            ['string', 'boolean'].includes(typeof entry[1]) || Array.isArray(entry[1]),
        ),
      ),
    );
    if (!simulated.ok) {
      problems.push(simulated.problem);
      continue;
    }
    for (const result of simulated.value) {
      const asked = requirementKey({
        action: result.action,
        resource: first.resource,
        context: first.context,
      });
      results.set(asked, { ...result, asked });
    }
  }
  return { results, problems };
}

export function identityVerdict(
  verdicts: Pick<IdentityVerdicts, 'results'>,
  requirement: Requirement,
  action = requirement.action,
): Verdict | undefined {
  return verdicts.results.get(requirementKey({ ...requirement, action }));
}

/** Which identity layer does not allow it, from IAM's decision details. */
function identityLayer(result: SimulationResult): PermissionLayer {
  if (result.allowedByOrganizations === false) return 'service-control-policy';
  const fromIdentity = result.matchedPolicies.some((policy) => policy.type !== 'resource');
  if (result.decision === 'explicitDeny' && fromIdentity) return 'identity-policy';
  if (result.allowedByBoundary === false) return 'permissions-boundary';
  return 'identity-policy';
}

export interface GapInput {
  sourceBucket: string;
  roleArn: string;
  boundaryArn?: string;
  requirement: Requirement;
  principal: PrincipalContext;
  /** IAM's answer per action (the requirement's and its alternative's). */
  identity: (action: string) => Verdict | undefined;
  resource: ResourcePolicyRead | undefined;
}

type Judgement =
  | { kind: 'allowed' }
  | { kind: 'gap'; gap: PermissionGap }
  | { kind: 'undecided'; gap: PermissionGap };

/**
 * The gap for one requirement, or none when it is met. A gap the unknown keys of either side
 * leave open is returned unverified. When the requirement has an alternative (s3:GetObjectVersion
 * for s3:GetObjectVersionForReplication), a gap the alternative fills leaves only what the
 * alternative cannot do, or nothing.
 */
export function gapOf(input: GapInput): PermissionGap | undefined {
  const primary = judge(input, input.requirement.action);
  if (primary.kind === 'allowed') return undefined;
  const alternative = input.requirement.alternative;
  if (alternative === undefined) return primary.gap;
  const second = judge(input, alternative.action);
  if (second.kind === 'allowed') {
    return alternative.leaves === undefined ? undefined : { ...primary.gap, need: alternative.leaves };
  }
  if (second.kind === 'undecided' && primary.kind === 'gap') {
    return {
      ...primary.gap,
      verified: false,
      unknownKeys: second.gap.unknownKeys ?? [],
      reason: second.gap.reason,
    };
  }
  return primary.gap;
}

/** What every gap of one (requirement, action) says, whichever side it is on. */
type GapBase = Pick<PermissionGap, 'sourceBucket' | 'requirement' | 'roleArn' | 'need' | 'action'>;

/** A gap on the role's side, as IAM's simulation answered; unverified when it rests on unknown keys. */
function identityGap(
  input: GapInput,
  base: GapBase,
  identity: Verdict,
  decision: PermissionGap['decision'],
  verified = true,
): PermissionGap {
  const missing = identity.missingContextValues ?? [];
  return {
    ...base,
    ...(input.boundaryArn === undefined ? {} : { boundaryArn: input.boundaryArn }),
    decision,
    layer: identityLayer(identity),
    verified,
    ...(verified ? {} : { unknownKeys: missing }),
    reason: verified
      ? `IAM's policy simulation answers ${identity.decision}`
      : `IAM's policy simulation answers ${identity.decision}, but the role's policies use ${missing.join(', ')}, which the monitor does not know for requests S3 makes with the role`,
    ...(identity.matchedPolicies.length > 0 ? { matched: identity.matchedPolicies } : {}),
  };
}

/** A gap on the resource's side (bucket or key policy); unverified when it rests on unknown keys. */
function resourceGap(
  base: GapBase,
  resource: { account: string },
  result: ResourceAccess,
  verified = true,
): PermissionGap {
  return {
    ...base,
    decision: result.decision === 'explicitDeny' ? 'explicitDeny' : 'implicitDeny',
    layer: base.requirement.service === 'kms' ? 'key-policy' : 'bucket-policy',
    verified,
    ...(verified ? {} : { unknownKeys: result.undecided?.unknownKeys ?? [] }),
    reason: result.reason,
    resourceAccount: resource.account,
    ...(result.matched.length > 0 ? { matched: result.matched } : {}),
  };
}

/** The resource policy's answer for the role's request, given whether its identity side allows it. */
function resourceAccess(
  input: GapInput,
  action: string,
  resource: { document: unknown; account: string },
  identityAllows: boolean,
): ResourceAccess {
  const { requirement } = input;
  return evaluateResourceAccess({
    request: {
      principal: { kind: 'AWS', arn: input.roleArn },
      action,
      resource: requirement.resource,
      context: contextOf(requirement, input.principal),
      missingKeys: 'unknown',
      knownPrefixes: input.principal.knownPrefixes,
      absentKeys: input.principal.absentKeys,
    },
    resourcePolicy: resource.document,
    resourceAccount: resource.account,
    resourceKind: requirement.service,
    identityAllows,
  });
}

const certainlyAllowed = (result: ResourceAccess) =>
  result.decision === 'allowed' && result.undecided === undefined;
const certainlyDenied = (result: ResourceAccess) =>
  result.decision !== 'allowed' &&
  (result.undecided === undefined || result.undecided.otherwise !== 'allowed');

/**
 * One action of a requirement, judged from IAM's answer for the role and the resource policy
 * (AWS's policy evaluation logic: within one account either side may allow, across accounts both
 * must, and an explicit deny on either side wins).
 */
function judge(input: GapInput, action: string): Judgement {
  const { requirement } = input;
  const identity = input.identity(action);
  if (identity === undefined) return { kind: 'allowed' };
  const base: GapBase = {
    sourceBucket: input.sourceBucket,
    requirement,
    roleArn: input.roleArn,
    need: requirement.need,
    ...(action === requirement.action ? {} : { action }),
  };
  const missing = identity.missingContextValues ?? [];
  const identityUnknown = identity.decision !== 'allowed' && missing.length > 0;
  const resource = input.resource;
  if (resource === undefined || resource.kind === 'unreadable') {
    if (identity.decision === 'allowed') return { kind: 'allowed' };
    return identityUnknown
      ? { kind: 'undecided', gap: identityGap(input, base, identity, 'implicitDeny', false) }
      : { kind: 'gap', gap: identityGap(input, base, identity, identity.decision) };
  }
  if (identity.decision === 'explicitDeny' && !identityUnknown)
    return { kind: 'gap', gap: identityGap(input, base, identity, 'explicitDeny') };
  const withIdentity = resourceAccess(input, action, resource, true);
  if (identity.decision === 'allowed') {
    if (certainlyAllowed(withIdentity)) return { kind: 'allowed' };
    return certainlyDenied(withIdentity)
      ? { kind: 'gap', gap: resourceGap(base, resource, withIdentity) }
      : { kind: 'undecided', gap: resourceGap(base, resource, withIdentity, false) };
  }
  const alone = resourceAccess(input, action, resource, false);
  // A resource-policy grant alone lets a same-account request through an implicit deny, never
  // through an explicit one (which may apply here, resting on keys IAM was not given).
  if (certainlyAllowed(alone) && identity.decision !== 'explicitDeny') return { kind: 'allowed' };
  if (identityUnknown) {
    if (certainlyDenied(withIdentity)) return { kind: 'gap', gap: resourceGap(base, resource, withIdentity) };
    const decision = identity.decision === 'explicitDeny' ? 'explicitDeny' : 'implicitDeny';
    const gap = identityGap(input, base, identity, decision, false);
    gap.unknownKeys = [
      ...new Set([
        ...missing,
        ...(withIdentity.undecided?.unknownKeys ?? []),
        ...(alone.undecided?.unknownKeys ?? []),
      ]),
    ];
    return { kind: 'undecided', gap };
  }
  if (!certainlyDenied(alone)) return { kind: 'undecided', gap: resourceGap(base, resource, alone, false) };
  if (alone.decision === 'explicitDeny') return { kind: 'gap', gap: resourceGap(base, resource, alone) };
  // Both sides may be missing: the role's own policy is fixed first; the resource side is checked again next run.
  return certainlyDenied(withIdentity)
    ? { kind: 'gap', gap: resourceGap(base, resource, withIdentity) }
    : { kind: 'gap', gap: identityGap(input, base, identity, 'implicitDeny') };
}
