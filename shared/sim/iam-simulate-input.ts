import { boundaryArn, roleName } from './iam-catalog.js';
import { queryList } from './protocols.js';
import type { SimState } from './state.js';
import type { WorldRole } from './world-schema.js';

/** The inputs of SimulatePrincipalPolicy turned into iam-simulate's terms. */

export type PolicyType = 'role' | 'user-managed' | 'aws-managed' | 'resource' | 'none';

/**
 * KMS denies whatever its key policy does not allow, so identity-only simulation of a key ARN
 * needs the default key policy that delegates to IAM; S3 and others need no resource policy.
 */
export function resourcePolicyFor(
  role: WorldRole,
  resource: string,
  given: unknown,
): { resourcePolicy?: unknown } {
  if (given !== undefined) return { resourcePolicy: given };
  if (!resource.startsWith('arn:aws:kms:')) return {};
  const account = role.arn.split(':')[4] ?? '';
  return {
    resourcePolicy: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${account}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    },
  };
}

export function identityPoliciesOf(role: WorldRole, extra: unknown[], types: Map<string, PolicyType>) {
  const policies: { name: string; policy: unknown }[] = [];
  for (const [name, policy] of Object.entries(role.inlinePolicies)) {
    types.set(name, 'role');
    policies.push({ name, policy });
  }
  for (const attached of role.attachedPolicies) {
    const name = attached.name ?? roleName(attached.arn);
    types.set(name, attached.arn.startsWith('arn:aws:iam::aws:') ? 'aws-managed' : 'user-managed');
    policies.push({ name, policy: attached.document });
  }
  extra.forEach((policy, index) => {
    types.set(`PolicyInputList.${index + 1}`, 'none');
    policies.push({ name: `PolicyInputList.${index + 1}`, policy });
  });
  return policies;
}

export function boundaryPoliciesOf(role: WorldRole, given: unknown[]): { name: string; policy: unknown }[] {
  if (given.length > 0)
    return given.map((policy, index) => ({
      name: `PermissionsBoundaryPolicyInputList.${index + 1}`,
      policy,
    }));
  const arn = boundaryArn(role);
  return arn === undefined || role.permissionsBoundary === undefined
    ? []
    : [{ name: roleName(arn), policy: role.permissionsBoundary }];
}

/** `ContextKeyType` ending in `List` carries several values; the others one. */
export function contextOf(parameters: URLSearchParams): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = {};
  for (let index = 1; parameters.has(`ContextEntries.member.${index}.ContextKeyName`); index++) {
    const prefix = `ContextEntries.member.${index}`;
    const name = parameters.get(`${prefix}.ContextKeyName`) ?? '';
    const values = queryList(parameters, `${prefix}.ContextKeyValues`);
    const type = parameters.get(`${prefix}.ContextKeyType`) ?? 'string';
    context[name] = type.endsWith('List') ? values : (values[0] ?? '');
  }
  return context;
}

export function resourceAccount(
  state: SimState,
  role: WorldRole,
  resource: string,
  parameters: URLSearchParams,
  resourcePolicy: unknown,
): string {
  const roleAccount = role.arn.split(':')[4] ?? '';
  if (resourcePolicy === undefined) return roleAccount;
  const owner = parameters.get('ResourceOwner')?.split(':')[4];
  if (owner) return owner;
  const fromArn = resource.split(':')[4];
  if (fromArn) return fromArn;
  const bucketName = resource.startsWith('arn:aws:s3:::') ? resource.slice(13).split('/')[0] : undefined;
  return state.world.buckets.find((bucket) => bucket.name === bucketName)?.account ?? roleAccount;
}
