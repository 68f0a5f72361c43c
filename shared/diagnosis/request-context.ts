import type { ContextValue } from './policy/types.js';

/** The monitor's knowledge of the AWS Organization the role's account belongs to. */
export interface OrganizationFacts {
  id: string;
  /** `o-…/r-…/ou-…/` of the role's account, when Organizations let the monitor read it. */
  principalOrgPath?: string;
  /** Accounts known to be members (the role's, the monitor's): their resources carry the org id. */
  memberAccounts: readonly string[];
}

/** What the monitor knows about the requests S3 makes with the replication role. */
export interface RoleRequestFacts {
  roleArn: string;
  /** GetRole's RoleId: aws:userid is `RoleId:` followed by a session name S3 chooses. */
  roleId?: string;
  /**
   * The role's organization; `none` when its account is in no organization (the organization keys
   * are then absent from requests); undefined when it could not be read (they are unknown).
   */
  organization?: OrganizationFacts | 'none';
}

/** The principal side of a request context, shared by every requirement of a role. */
export interface PrincipalContext {
  context: Record<string, ContextValue>;
  knownPrefixes: Record<string, string>;
  /** Keys requests certainly do not carry (the organization keys of an account in no organization). */
  absentKeys: string[];
}

const ORGANIZATION_KEYS = [
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:ResourceOrgID',
  'aws:ResourceOrgPaths',
];

const accountOf = (arn: string) => arn.split(':')[4] ?? '';

/**
 * The condition keys of a request S3 makes with the replication role, as IAM documents them for an
 * assumed-role session (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html):
 * aws:PrincipalArn is the role's ARN, aws:PrincipalAccount its account, aws:PrincipalType
 * `AssumedRole`, aws:userid `RoleId:session`; S3 calls over TLS (aws:SecureTransport). The
 * organization keys are known only when Organizations answered. Every other key is unknown.
 */
export function principalContextOf(facts: RoleRequestFacts): PrincipalContext {
  const context: Record<string, ContextValue> = {
    'aws:PrincipalArn': facts.roleArn,
    'aws:PrincipalAccount': accountOf(facts.roleArn),
    'aws:PrincipalType': 'AssumedRole',
    'aws:PrincipalIsAWSService': false,
    'aws:SecureTransport': true,
  };
  const organization = facts.organization;
  if (organization !== undefined && organization !== 'none') {
    context['aws:PrincipalOrgID'] = organization.id;
    if (organization.principalOrgPath !== undefined)
      context['aws:PrincipalOrgPaths'] = [organization.principalOrgPath];
  }
  const knownPrefixes: Record<string, string> = {};
  if (facts.roleId !== undefined) knownPrefixes['aws:userid'] = `${facts.roleId}:`;
  return { context, knownPrefixes, absentKeys: organization === 'none' ? [...ORGANIZATION_KEYS] : [] };
}

/** Keys of the resource: its account, and the organization when that account is a known member. */
export function resourceContextOf(
  resourceAccount: string | undefined,
  organization: OrganizationFacts | 'none' | undefined,
): Record<string, ContextValue> {
  if (resourceAccount === undefined || resourceAccount === '') return {};
  const context: Record<string, ContextValue> = { 'aws:ResourceAccount': resourceAccount };
  if (
    organization !== undefined &&
    organization !== 'none' &&
    organization.memberAccounts.includes(resourceAccount)
  )
    context['aws:ResourceOrgID'] = organization.id;
  return context;
}
