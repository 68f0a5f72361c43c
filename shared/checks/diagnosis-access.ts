import type { RoleReader, SimulationResult } from '../aws/iam-role-reader.js';
import type { PermissionGap } from '../core/diagnosis/permission-findings.js';
import type { Requirement } from '../core/diagnosis/required-permissions.js';
import type { PermissionLayer } from '../core/findings.js';
import type { ReadProblem } from '../core/observed.js';
import { evaluateResourceAccess } from '../core/policy/access.js';

/** What the resource side of one requirement says, once its policy has been read. */
export type ResourcePolicyRead =
  | { kind: 'policy'; document: unknown; account: string }
  /** Not readable from the monitor's account (a key policy of another account): identity decides, said in notes. */
  | { kind: 'unreadable'; note: string };

export interface IdentityVerdicts {
  results: Map<string, SimulationResult>;
  problems: ReadProblem[];
}

const verdictId = (action: string, resource: string) => `${action} ${resource}`;

/**
 * Simulates the role's identity side for every requirement: one SimulatePrincipalPolicy call per
 * (resource, context), since IAM evaluates every action against every resource of a call.
 */
export async function simulateIdentity(
  roleArn: string,
  requirements: readonly Requirement[],
  reader: RoleReader,
): Promise<IdentityVerdicts> {
  const groups = new Map<string, Requirement[]>();
  for (const requirement of requirements) {
    const id = JSON.stringify([requirement.resource, requirement.context]);
    groups.set(id, [...(groups.get(id) ?? []), requirement]);
  }
  const results = new Map<string, SimulationResult>();
  const problems: ReadProblem[] = [];
  // Sequential on purpose: IAM's API rate limits are low and shared by the whole account.
  for (const group of groups.values()) {
    const first = group[0] as Requirement;
    const simulated = await reader.simulate(
      roleArn,
      [...new Set(group.map((requirement) => requirement.action))],
      [first.resource],
      first.context,
    );
    if (!simulated.ok) {
      problems.push(simulated.problem);
      continue;
    }
    for (const result of simulated.value) results.set(verdictId(result.action, result.resource), result);
  }
  return { results, problems };
}

export function identityVerdict(verdicts: IdentityVerdicts, requirement: Requirement) {
  return verdicts.results.get(verdictId(requirement.action, requirement.resource));
}

/** Which identity layer does not allow it, from IAM's decision details. */
function identityLayer(result: SimulationResult): PermissionLayer {
  if (result.allowedByOrganizations === false) return 'service-control-policy';
  const fromIdentity = result.matchedPolicies.some((policy) => policy.type !== 'resource');
  if (result.decision === 'explicitDeny' && fromIdentity) return 'identity-policy';
  if (result.allowedByBoundary === false) return 'permissions-boundary';
  return 'identity-policy';
}

/**
 * The gap for one requirement, or none when both sides allow it. Explicit denies come first;
 * then the identity side; the resource side is blamed only when it is what refuses.
 */
export function gapOf(input: {
  sourceBucket: string;
  roleArn: string;
  boundaryArn?: string;
  requirement: Requirement;
  identity: SimulationResult;
  resource: ResourcePolicyRead | undefined;
}): PermissionGap | undefined {
  const { requirement, identity, roleArn } = input;
  const base = { sourceBucket: input.sourceBucket, requirement, roleArn };
  const withBoundary = input.boundaryArn === undefined ? {} : { boundaryArn: input.boundaryArn };
  const identityGap = (decision: PermissionGap['decision']): PermissionGap => ({
    ...base,
    ...withBoundary,
    decision,
    layer: identityLayer(identity),
    reason: `IAM's policy simulation answers ${identity.decision}`,
    ...(identity.matchedPolicies.length > 0 ? { matched: identity.matchedPolicies } : {}),
  });
  if (identity.decision === 'explicitDeny') return identityGap('explicitDeny');
  const identityAllows = identity.decision === 'allowed';
  if (input.resource === undefined || input.resource.kind === 'unreadable') {
    return identityAllows ? undefined : identityGap('implicitDeny');
  }
  const access = (allows: boolean) =>
    evaluateResourceAccess({
      request: {
        principal: { kind: 'AWS', arn: roleArn },
        action: requirement.action,
        resource: requirement.resource,
        context: requirement.context,
      },
      resourcePolicy: (input.resource as { document: unknown }).document,
      resourceAccount: (input.resource as { account: string }).account,
      resourceKind: requirement.service,
      identityAllows: allows,
    });
  const actual = access(identityAllows);
  if (actual.decision === 'allowed') return undefined;
  const layer: PermissionLayer = requirement.service === 'kms' ? 'key-policy' : 'bucket-policy';
  const resourceGap: PermissionGap = {
    ...base,
    decision: actual.decision,
    layer,
    reason: actual.reason,
    resourceAccount: input.resource.account,
    ...(actual.matched.length > 0 ? { matched: actual.matched } : {}),
  };
  if (actual.decision === 'explicitDeny' || identityAllows) return resourceGap;
  // Both sides may be missing: the role's own policy is fixed first; the resource side is checked again next run.
  return access(true).decision === 'allowed' ? identityGap('implicitDeny') : resourceGap;
}
