import { type Finding, type PermissionLayer, type SeverityOverrides, severityOf } from '../model/findings.js';
import { fixTargetOf } from './fix-target.js';
import type { PermissionGap } from './gap.js';
import { needText, severityOfNeed, strongerNeed } from './needs.js';
import { fixOf } from './statements.js';

export type { PermissionGap } from './gap.js';

const actionOf = (gap: PermissionGap) => gap.action ?? gap.requirement.action;

/**
 * One finding per missing (action, resource) and layer: the strongest need among its cases (an
 * SSE-S3 and an SSE-KMS replica write of one prefix are one finding). A gap the monitor could not
 * decide is a PERMISSION_NOT_VERIFIED finding (info): it never pages. Every finding of one fix
 * target carries the same remediation, one combined statement for all of them, so whichever is
 * read fixes them all and incidents can gather them into one notice.
 */
export function permissionFindings(
  gaps: readonly PermissionGap[],
  overrides: SeverityOverrides = {},
): Finding[] {
  const merged = new Map<string, PermissionGap>();
  for (const gap of gaps) {
    const id = JSON.stringify([
      gap.verified,
      actionOf(gap),
      gap.requirement.resource,
      gap.layer,
      gap.decision,
    ]);
    const existing = merged.get(id);
    if (existing === undefined) {
      merged.set(id, { ...gap, ...(gap.unknownKeys ? { unknownKeys: [...gap.unknownKeys] } : {}) });
      continue;
    }
    existing.need = strongerNeed(existing.need, gap.need);
    for (const key of gap.unknownKeys ?? [])
      if (!existing.unknownKeys?.includes(key)) existing.unknownKeys?.push(key);
  }
  const verified = [...merged.values()].filter((gap) => gap.verified);
  const findings = verified.map((gap) => findingOf(gap, overrides));
  const byTarget = new Map<string, { gaps: PermissionGap[]; findings: Finding[] }>();
  findings.forEach((finding, index) => {
    const target = fixTargetOf(finding) ?? finding.code;
    const group = byTarget.get(target) ?? { gaps: [], findings: [] };
    group.gaps.push(verified[index] as PermissionGap);
    group.findings.push(finding);
    byTarget.set(target, group);
  });
  for (const group of byTarget.values()) {
    const remediation = fixOf(group.gaps);
    for (const finding of group.findings) finding.remediation = remediation;
  }
  const unverified = [...merged.values()]
    .filter((gap) => !gap.verified)
    .map((gap) => notVerified(gap, overrides));
  return [...findings, ...unverified];
}

function findingOf(gap: PermissionGap, overrides: SeverityOverrides): Finding {
  const { requirement } = gap;
  const code = requirement.service === 'kms' ? 'KMS_PERMISSION_MISSING' : 'ROLE_PERMISSION_MISSING';
  const action = actionOf(gap);
  const finding: Finding = {
    code,
    severity: severityOfNeed(gap.need, severityOf(code, overrides)),
    sourceBucket: gap.sourceBucket,
    action,
    resource: requirement.resource,
    principal: gap.roleArn,
    layer: gap.layer,
    decision: gap.decision,
    message: `The replication role ${gap.roleArn} may not ${action} on ${requirement.resource} (${describe(gap)}): ${gap.reason}. S3 needs it because ${requirement.why}; without it ${needText(gap.need)}.`,
    remediation: '',
    evidence: evidenceOf(gap),
  };
  placeOf(gap, finding);
  return finding;
}

function notVerified(gap: PermissionGap, overrides: SeverityOverrides): Finding {
  const { requirement } = gap;
  const action = actionOf(gap);
  const keys = gap.unknownKeys ?? [];
  const finding: Finding = {
    code: 'PERMISSION_NOT_VERIFIED',
    severity: severityOf('PERMISSION_NOT_VERIFIED', overrides),
    sourceBucket: gap.sourceBucket,
    action,
    resource: requirement.resource,
    principal: gap.roleArn,
    layer: gap.layer,
    message: `Whether the replication role ${gap.roleArn} may ${action} on ${requirement.resource} could not be verified: ${gap.reason}. If it may not, ${needText(gap.need)}.`,
    remediation: verifiableBy(keys, gap.layer),
    evidence: { ...evidenceOf(gap), unknownKeys: keys },
  };
  placeOf(gap, finding);
  return finding;
}

/** How to make the decision checkable: what the monitor needs to know, or how to write the policy. */
function verifiableBy(keys: readonly string[], layer: PermissionLayer): string {
  const lower = keys.map((key) => key.toLowerCase());
  const org = lower.some((key) => key.startsWith('aws:principalorg') || key.startsWith('aws:resourceorg'));
  const parts: string[] = [];
  if (org)
    parts.push(
      'Let the monitor read the organization (organizations:DescribeOrganization; organizations:ListParents from the management or a delegated administrator account for aws:PrincipalOrgPaths) so organization conditions are evaluated.',
    );
  const others = keys.filter((key) => !/^aws:(principal|resource)org/i.test(key));
  if (others.length > 0)
    parts.push(
      `The monitor does not know ${others.join(', ')} for requests S3 makes for replication. If the ${layer.replaceAll('-', ' ')} is meant to let replication through, name the replication role itself (aws:PrincipalArn, or the role as Principal) so it can be checked; otherwise check the replication role's access by hand (IAM policy simulator) and watch the rule's OperationFailedReplication events.`,
    );
  return parts.join(' ');
}

function placeOf(gap: PermissionGap, finding: Finding): void {
  const { requirement } = gap;
  if (requirement.kmsKeyArn !== undefined) finding.kmsKeyArn = requirement.kmsKeyArn;
  // A requirement shared by several rules belongs to the bucket, not to one rule.
  if (requirement.ruleIds.length === 1) finding.ruleId = requirement.ruleIds[0] as string;
  if (requirement.destinationBuckets.length === 1 && requirement.side === 'destination') {
    finding.destinationBucket = requirement.destinationBuckets[0] as string;
  }
}

function evidenceOf(gap: PermissionGap): Record<string, unknown> {
  const { requirement } = gap;
  return {
    requiredBecause: requirement.why,
    impact: needText(gap.need),
    certain: gap.need.effect === 'fails' && gap.need.certain,
    documentation: gap.need.documentation,
    context: requirement.context,
    rules: requirement.ruleIds,
    ...(gap.action !== undefined && gap.action !== requirement.action
      ? { insteadOf: requirement.action }
      : {}),
    ...(gap.matched === undefined ? {} : { matchedStatements: gap.matched }),
  };
}

function describe(gap: PermissionGap): string {
  const decision = gap.decision === 'explicitDeny' ? 'explicitly denied' : 'not allowed';
  return `${decision} by the ${gap.layer.replaceAll('-', ' ')}`;
}
