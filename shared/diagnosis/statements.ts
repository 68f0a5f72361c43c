import type { PermissionGap } from './gap.js';

/**
 * The statements that grant what a set of gaps of one fix target misses: one per resource (and
 * kms:ViaService), listing every missing action there; resources missing the same actions under
 * the same condition share a statement. Nothing broader than what is missing is granted.
 */
export function grantStatements(gaps: readonly PermissionGap[], withPrincipal: boolean): object[] {
  const byResource = new Map<string, { resource: string; viaService?: string; actions: string[] }>();
  for (const gap of gaps) {
    const { requirement } = gap;
    const viaService = requirement.context['kms:ViaService'];
    const via = typeof viaService === 'string' ? viaService : undefined;
    // A key policy's Resource is always "*": the policy is attached to the one key.
    const resource = gap.layer === 'key-policy' ? '*' : requirement.resource;
    const id = JSON.stringify([resource, via]);
    const entry = byResource.get(id) ?? {
      resource,
      ...(via === undefined ? {} : { viaService: via }),
      actions: [],
    };
    const action = gap.action ?? requirement.action;
    if (!entry.actions.includes(action)) entry.actions.push(action);
    byResource.set(id, entry);
  }
  const statements = new Map<string, { actions: string[]; viaService?: string; resources: string[] }>();
  for (const entry of byResource.values()) {
    const id = JSON.stringify([entry.actions, entry.viaService]);
    const statement = statements.get(id) ?? {
      actions: entry.actions,
      ...(entry.viaService === undefined ? {} : { viaService: entry.viaService }),
      resources: [],
    };
    statement.resources.push(entry.resource);
    statements.set(id, statement);
  }
  const roleArn = gaps[0]?.roleArn ?? '';
  return [...statements.values()].map((statement) => ({
    Effect: 'Allow',
    ...(withPrincipal ? { Principal: { AWS: roleArn } } : {}),
    Action: statement.actions.length === 1 ? statement.actions[0] : statement.actions,
    Resource: statement.resources.length === 1 ? statement.resources[0] : statement.resources,
    ...(statement.viaService === undefined
      ? {}
      : { Condition: { StringEquals: { 'kms:ViaService': statement.viaService } } }),
  }));
}

const statementsText = (gaps: readonly PermissionGap[], withPrincipal: boolean) => {
  const statements = grantStatements(gaps, withPrincipal);
  return statements.length === 1 ? JSON.stringify(statements[0]) : JSON.stringify(statements);
};

/**
 * The one fix for gaps that share a fix target (fix-target.ts): the exact statement (or
 * statements) to add there, or the deny to remove, with every missing action and resource.
 */
export function fixOf(gaps: readonly PermissionGap[]): string {
  const [first] = gaps;
  if (first === undefined) return '';
  const roleName = first.roleArn.slice(first.roleArn.lastIndexOf('/') + 1);
  const pairs = gaps.map((gap) => `${gap.action ?? gap.requirement.action} on ${gap.requirement.resource}`);
  const missing = [...new Set(pairs)].join(', ');
  if (first.decision === 'explicitDeny') {
    return `Remove or narrow the Deny statement in the ${first.layer.replaceAll('-', ' ')} that matches ${missing} for ${first.roleArn} (see evidence.matchedStatements); an explicit deny overrides every allow.`;
  }
  const account = first.resourceAccount === undefined ? '' : ` (account ${first.resourceAccount})`;
  switch (first.layer) {
    case 'bucket-policy':
      return `Add to the bucket policy of ${first.requirement.bucket}${account}: ${statementsText(gaps, true)}`;
    case 'key-policy':
      return `Add to the key policy of ${first.requirement.kmsKeyArn ?? first.requirement.resource}${account}: ${statementsText(gaps, true)}`;
    case 'permissions-boundary':
      return `The role's permissions boundary${first.boundaryArn === undefined ? '' : ` ${first.boundaryArn}`} must allow them too: add to the boundary policy: ${statementsText(gaps, false)}`;
    case 'service-control-policy':
      return `A service control policy of the role's AWS Organization does not allow ${missing} for ${first.roleArn}: an organization administrator must allow them.`;
    default: {
      const document = JSON.stringify({ Version: '2012-10-17', Statement: grantStatements(gaps, false) });
      return `Add to a policy of role ${roleName} (put-role-policy replaces a policy of that name: merge into an existing one): aws iam put-role-policy --role-name ${roleName} --policy-name s3-replication --policy-document '${document}'`;
    }
  }
}
