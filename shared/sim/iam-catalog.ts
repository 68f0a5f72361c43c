import type { SimState } from './state.js';
import type { WorldRole } from './world-schema.js';

/** A managed policy as GetPolicy/GetPolicyVersion see it: attached to a role, or a role's permissions boundary. */
export interface ManagedPolicy {
  arn: string;
  name: string;
  path: string;
  document: Record<string, unknown>;
  attachments: number;
  boundaryUses: number;
}

export function roleName(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** `arn:aws:iam::1:role/service-role/x` has the path `/service-role/`. */
export function iamPath(arn: string, kind: 'role' | 'policy'): string {
  const resource = arn.slice(arn.indexOf(`:${kind}/`) + kind.length + 1);
  return resource.slice(0, resource.lastIndexOf('/') + 1) || '/';
}

/**
 * Roles are looked up by name in the caller's account first: IAM is per account, and the
 * monitor reads other accounts through their read roles (docs/world-format.md).
 */
export function findRole(state: SimState, name: string, account: string): WorldRole | undefined {
  const named = state.world.roles.filter((role) => roleName(role.arn) === name);
  return named.find((role) => role.arn.split(':')[4] === account) ?? named[0];
}

export function boundaryArn(role: WorldRole): string | undefined {
  if (role.permissionsBoundary === undefined) return undefined;
  return (
    role.permissionsBoundaryArn ??
    `arn:aws:iam::${role.arn.split(':')[4]}:policy/${roleName(role.arn)}-boundary`
  );
}

export function managedPolicies(state: SimState): Map<string, ManagedPolicy> {
  const policies = new Map<string, ManagedPolicy>();
  const entry = (arn: string, name: string | undefined, document: Record<string, unknown>): ManagedPolicy => {
    const existing = policies.get(arn);
    if (existing !== undefined) return existing;
    const created = {
      arn,
      name: name ?? roleName(arn),
      path: iamPath(arn, 'policy'),
      document,
      attachments: 0,
      boundaryUses: 0,
    };
    policies.set(arn, created);
    return created;
  };
  for (const role of state.world.roles) {
    for (const attached of role.attachedPolicies)
      entry(attached.arn, attached.name, attached.document).attachments += 1;
    const boundary = boundaryArn(role);
    if (boundary !== undefined && role.permissionsBoundary !== undefined) {
      entry(boundary, undefined, role.permissionsBoundary).boundaryUses += 1;
    }
  }
  return policies;
}

/** IAM returns policy documents URL-encoded (RFC 3986); the SDK does not decode them. */
export function encodePolicy(document: unknown): string {
  return encodeURIComponent(JSON.stringify(document)).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** IAM list paging: `Marker` is opaque to clients; here it is the index to resume at. */
export function page<T>(items: T[], parameters: URLSearchParams): { items: T[]; marker?: string } {
  const start = Number(Buffer.from(parameters.get('Marker') ?? '', 'base64').toString('utf8') || '0');
  const size = Number(parameters.get('MaxItems') ?? '100');
  const end = start + size;
  return {
    items: items.slice(start, end),
    ...(end < items.length ? { marker: Buffer.from(String(end), 'utf8').toString('base64') } : {}),
  };
}
