import {
  DescribeOrganizationCommand,
  ListParentsCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { OrganizationFacts } from '../diagnosis/request-context.js';
import { type Observed, observed } from '../model/observed.js';
import { errorName, observeCall } from './aws-errors.js';

/** An organization is at most five OUs deep under its root; a longer walk means something is wrong. */
const MAX_DEPTH = 8;

/**
 * The organization the monitor's account belongs to, for aws:PrincipalOrgID and
 * aws:PrincipalOrgPaths conditions. organizations:DescribeOrganization answers any member account
 * (`none` when the account is in no organization); organizations:ListParents answers only the
 * management account or a delegated administrator, so the OU path of a member stays unknown.
 * Organizations is global: one client. Read once per process for each account.
 */
export function createOrganizationReader(
  client: OrganizationsClient,
  monitorAccount: () => Promise<Observed<string>>,
) {
  const cache = new Map<string, Promise<Observed<OrganizationFacts | 'none'>>>();
  const read = async (account: string): Promise<Observed<OrganizationFacts | 'none'>> => {
    const monitor = await monitorAccount();
    if (!monitor.ok) return monitor;
    // DescribeOrganization speaks for the caller's account only: another account's is unknown.
    if (monitor.value !== account) {
      return {
        ok: false,
        problem: {
          kind: 'error',
          action: 'organizations:DescribeOrganization',
          resource: '*',
          detail: `the role's account ${account} is not the monitor's (${monitor.value}): its organization is not known`,
        },
      };
    }
    let notInUse = false;
    const described = await observeCall('organizations:DescribeOrganization', '*', async () => {
      try {
        return (await client.send(new DescribeOrganizationCommand({}))).Organization;
      } catch (error) {
        if (errorName(error) !== 'AWSOrganizationsNotInUseException') throw error;
        notInUse = true;
        return undefined;
      }
    });
    if (!described.ok) return described;
    if (notInUse || described.value?.Id === undefined) return observed('none');
    const facts: OrganizationFacts = { id: described.value.Id, memberAccounts: [account] };
    const path = await pathOf(client, described.value.Id, account);
    if (path !== undefined) facts.principalOrgPath = path;
    return observed(facts);
  };
  return (account: string) => {
    if (!cache.has(account)) cache.set(account, read(account));
    return cache.get(account) as Promise<Observed<OrganizationFacts | 'none'>>;
  };
}

/** `o-…/r-…/ou-…/` from the account up to the root, or undefined when ListParents is refused. */
async function pathOf(client: OrganizationsClient, organizationId: string, account: string) {
  const chain: string[] = [];
  let child = account;
  for (let depth = 0; depth < MAX_DEPTH; depth += 1) {
    const listed = await observeCall('organizations:ListParents', '*', async () => {
      const output = await client.send(new ListParentsCommand({ ChildId: child }));
      return output.Parents?.[0];
    });
    if (!listed.ok || listed.value?.Id === undefined) return undefined;
    chain.unshift(listed.value.Id);
    if (listed.value.Type === 'ROOT') return `${organizationId}/${chain.join('/')}/`;
    child = listed.value.Id;
  }
  return undefined;
}
