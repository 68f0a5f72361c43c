import {
  type Finding,
  type PermissionDecision,
  type PermissionLayer,
  type SeverityOverrides,
  severityOf,
} from '../findings.js';
import type { Requirement } from './required-permissions.js';

/** One requirement the role does not meet, and the layer that decides it. */
export interface PermissionGap {
  sourceBucket: string;
  requirement: Requirement;
  roleArn: string;
  decision: PermissionDecision;
  layer: PermissionLayer;
  /** One sentence: why this layer does not allow it. */
  reason: string;
  /** For a resource-side gap: the account that owns the bucket or key. */
  resourceAccount?: string;
  /** For a boundary gap: the boundary policy's ARN. */
  boundaryArn?: string;
  /** Statements that decided it (an explicit deny's Sid and policy), as evidence. */
  matched?: unknown[];
}

/**
 * One ROLE_PERMISSION_MISSING or KMS_PERMISSION_MISSING per gap. Each remediation carries the
 * exact statement to add, scoped to the resource, listing every action missing on that resource
 * in that layer, so whichever alert is read first fixes them all.
 */
export function permissionFindings(
  gaps: readonly PermissionGap[],
  overrides: SeverityOverrides = {},
): Finding[] {
  const actionsByPlace = new Map<string, string[]>();
  const placeOf = (gap: PermissionGap) =>
    JSON.stringify([gap.layer, gap.decision, gap.requirement.resource, gap.requirement.context]);
  for (const gap of gaps) {
    const actions = actionsByPlace.get(placeOf(gap)) ?? [];
    if (!actions.includes(gap.requirement.action)) actions.push(gap.requirement.action);
    actionsByPlace.set(placeOf(gap), actions);
  }
  return gaps.map((gap) => findingOf(gap, actionsByPlace.get(placeOf(gap)) ?? [], overrides));
}

function findingOf(gap: PermissionGap, actions: string[], overrides: SeverityOverrides): Finding {
  const { requirement } = gap;
  const code = requirement.service === 'kms' ? 'KMS_PERMISSION_MISSING' : 'ROLE_PERMISSION_MISSING';
  const finding: Finding = {
    code,
    severity: severityOf(code, overrides),
    sourceBucket: gap.sourceBucket,
    action: requirement.action,
    resource: requirement.resource,
    principal: gap.roleArn,
    layer: gap.layer,
    decision: gap.decision,
    message: `The replication role ${gap.roleArn} may not ${requirement.action} on ${requirement.resource} (${describe(gap)}): ${gap.reason}. S3 needs it because ${requirement.why}.`,
    remediation: remediationOf(gap, actions),
    evidence: {
      requiredBecause: requirement.why,
      context: requirement.context,
      rules: requirement.ruleIds,
      ...(gap.matched === undefined ? {} : { matchedStatements: gap.matched }),
    },
  };
  if (requirement.kmsKeyArn !== undefined) finding.kmsKeyArn = requirement.kmsKeyArn;
  // A requirement shared by several rules belongs to the bucket, not to one rule.
  if (requirement.ruleIds.length === 1) finding.ruleId = requirement.ruleIds[0] as string;
  if (requirement.destinationBuckets.length === 1 && requirement.side === 'destination') {
    finding.destinationBucket = requirement.destinationBuckets[0] as string;
  }
  return finding;
}

function describe(gap: PermissionGap): string {
  const decision = gap.decision === 'explicitDeny' ? 'explicitly denied' : 'not allowed';
  return `${decision} by the ${gap.layer.replaceAll('-', ' ')}`;
}

/** The statement that grants the missing actions, scoped to the resource and its S3 context. */
export function grantStatement(gap: PermissionGap, actions: string[], withPrincipal: boolean): object {
  const { requirement } = gap;
  const viaService = requirement.context['kms:ViaService'];
  return {
    Effect: 'Allow',
    ...(withPrincipal ? { Principal: { AWS: gap.roleArn } } : {}),
    Action: actions.length === 1 ? actions[0] : actions,
    // A key policy's Resource is always "*": the policy is attached to the one key.
    Resource: gap.layer === 'key-policy' ? '*' : requirement.resource,
    ...(viaService === undefined ? {} : { Condition: { StringEquals: { 'kms:ViaService': viaService } } }),
  };
}

function remediationOf(gap: PermissionGap, actions: string[]): string {
  const { requirement } = gap;
  const roleName = gap.roleArn.slice(gap.roleArn.lastIndexOf('/') + 1);
  if (gap.decision === 'explicitDeny') {
    return `Remove or narrow the Deny statement in the ${gap.layer.replaceAll('-', ' ')} that matches ${requirement.action} on ${requirement.resource} for ${gap.roleArn} (see evidence.matchedStatements); an explicit deny overrides every allow.`;
  }
  const statement = (withPrincipal: boolean) => JSON.stringify(grantStatement(gap, actions, withPrincipal));
  switch (gap.layer) {
    case 'bucket-policy':
      return `Add this statement to the bucket policy of ${requirement.bucket}${gap.resourceAccount === undefined ? '' : ` (account ${gap.resourceAccount})`}: ${statement(true)}`;
    case 'key-policy':
      return `Add this statement to the key policy of ${requirement.kmsKeyArn ?? requirement.resource}${gap.resourceAccount === undefined ? '' : ` (account ${gap.resourceAccount})`}: ${statement(true)}`;
    case 'permissions-boundary':
      return `The role's permissions boundary${gap.boundaryArn === undefined ? '' : ` ${gap.boundaryArn}`} must allow it too: add this statement to the boundary policy: ${statement(false)}`;
    case 'service-control-policy':
      return `A service control policy of the role's AWS Organization does not allow it: an organization administrator must allow ${actions.join(', ')} on ${requirement.resource} for ${gap.roleArn}.`;
    default:
      return `Add this statement to a policy of role ${roleName} (aws iam put-role-policy --role-name ${roleName} --policy-name s3-replication --policy-document '{"Version":"2012-10-17","Statement":[${statement(false)}]}'; put-role-policy replaces a policy of that name, so merge it into an existing one): ${statement(false)}`;
  }
}
