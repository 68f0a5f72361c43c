import type { PrincipalElement, PrincipalEntry } from './model.js';
import type { PolicyPrincipal } from './types.js';

export interface PrincipalApplication {
  applies: boolean;
  /** Applies only through the account principal: the account's own IAM policies decide the rest. */
  viaAccountRoot: boolean;
  /** A Deny applying because its NotPrincipal does not exempt this principal. */
  viaNotPrincipal: boolean;
}

type EntryMatch = 'direct' | 'accountRoot' | 'none';

const SESSION = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/;
const ROLE = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;
const ROOT = /^arn:[^:]+:iam::\d{12}:root$/;

/**
 * Whether a statement's `Principal` or `NotPrincipal` covers the principal.
 *
 * An assumed-role session (`arn:aws:sts::111122223333:assumed-role/name/session`) is covered by a
 * Principal naming its role. A `NotPrincipal` exempts an IAM principal only when it names both the
 * principal (or, for a session, its role) and its account: AWS documents that otherwise the Deny
 * may apply to the whole account, and that it always applies to a principal with a permissions
 * boundary (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html).
 */
export function principalApplies(
  element: PrincipalElement,
  principal: PolicyPrincipal,
  options: { hasPermissionsBoundary?: boolean } = {},
): PrincipalApplication {
  const matches = element.entries.map((entry) => entryMatch(entry, principal));
  if (!element.negated) {
    const direct = matches.includes('direct');
    const viaAccountRoot = !direct && matches.includes('accountRoot');
    return { applies: direct || viaAccountRoot, viaAccountRoot, viaNotPrincipal: false };
  }
  const boundaryDenied = options.hasPermissionsBoundary === true && principal.kind === 'AWS';
  const exempt = !boundaryDenied && isExempt(element.entries, matches, principal);
  return { applies: !exempt, viaAccountRoot: false, viaNotPrincipal: !exempt };
}

function isExempt(entries: PrincipalEntry[], matches: EntryMatch[], principal: PolicyPrincipal): boolean {
  if (entries.some((entry) => entry.kind === 'everyone')) return true;
  const accountNamed = matches.includes('accountRoot');
  if (principal.kind === 'Service' || ROOT.test(principal.arn))
    return matches.includes('direct') || accountNamed;
  return accountNamed && matches.includes('direct');
}

function entryMatch(entry: PrincipalEntry, principal: PolicyPrincipal): EntryMatch {
  switch (entry.kind) {
    case 'everyone':
      return 'direct';
    case 'service':
      return principal.kind === 'Service' && principal.name === entry.name ? 'direct' : 'none';
    case 'account':
      return principal.kind === 'AWS' && accountOf(principal.arn) === entry.account ? 'accountRoot' : 'none';
    case 'arn':
      if (principal.kind !== 'AWS') return 'none';
      return principal.arn === entry.arn || isSessionOf(principal.arn, entry.arn) ? 'direct' : 'none';
    case 'other':
      return 'none';
  }
}

/** The account of an IAM or STS ARN: its fifth part. */
export function accountOf(arn: string): string | undefined {
  return arn.split(':')[4] || undefined;
}

/** A session ARN carries the role name without its path; IAM role names are case-insensitive. */
function isSessionOf(sessionArn: string, roleArn: string): boolean {
  const session = SESSION.exec(sessionArn);
  const role = ROLE.exec(roleArn);
  if (session === null || role === null) return false;
  return (
    session[1] === role[1] && session[2] === role[2] && session[3]?.toLowerCase() === role[3]?.toLowerCase()
  );
}
