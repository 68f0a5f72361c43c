import {
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { MemberAccount, OrganizationAccounts } from '../audit/accounts/member-accounts.js';
import { type Observed, observed } from '../model/observed.js';
import { observeCall } from './aws-errors.js';

/** Roots and OUs visited under one parent at most: an organization is five OUs deep. */
const MAX_PARENTS = 2_000;

/**
 * The organization's active accounts, from the management account or a delegated administrator
 * (Organizations refuses its listings to other members). Without parents, ListAccounts; with
 * roots or OUs, every account under them, nested OUs included (ListOrganizationalUnitsForParent,
 * ListAccountsForParent). Every listing is paginated; an account that is not ACTIVE (suspended,
 * closing) is left out.
 *
 * IAM: `organizations:ListAccounts`, `organizations:ListAccountsForParent`,
 * `organizations:ListOrganizationalUnitsForParent` (no resource-level scope: `*`).
 */
export function createOrganizationAccounts(client: OrganizationsClient): OrganizationAccounts {
  const pages = async <T>(
    action: string,
    page: (token: string | undefined) => Promise<{ items: T[]; next: string | undefined }>,
  ): Promise<Observed<T[]>> =>
    observeCall(action, '*', async () => {
      const items: T[] = [];
      let token: string | undefined;
      do {
        const answer = await page(token);
        items.push(...answer.items);
        token = answer.next;
      } while (token !== undefined);
      return items;
    });
  const active = (accounts: { Id?: string; Name?: string; Status?: string; State?: string }[]) =>
    accounts.flatMap((account): MemberAccount[] =>
      account.Id === undefined || (account.State ?? account.Status ?? 'ACTIVE') !== 'ACTIVE'
        ? []
        : [{ id: account.Id, name: account.Name ?? account.Id }],
    );
  const accountsUnder = (parent: string) =>
    pages('organizations:ListAccountsForParent', async (token) => {
      const output = await client.send(
        new ListAccountsForParentCommand({ ParentId: parent, NextToken: token }),
      );
      return { items: active(output.Accounts ?? []), next: output.NextToken };
    });
  const unitsUnder = (parent: string) =>
    pages('organizations:ListOrganizationalUnitsForParent', async (token) => {
      const output = await client.send(
        new ListOrganizationalUnitsForParentCommand({ ParentId: parent, NextToken: token }),
      );
      return {
        items: (output.OrganizationalUnits ?? []).flatMap((unit) => unit.Id ?? []),
        next: output.NextToken,
      };
    });
  return {
    async list(parents) {
      if (parents.length === 0)
        return pages('organizations:ListAccounts', async (token) => {
          const output = await client.send(new ListAccountsCommand({ NextToken: token }));
          return { items: active(output.Accounts ?? []), next: output.NextToken };
        });
      const accounts: MemberAccount[] = [];
      const waiting = [...parents];
      const seen = new Set<string>();
      while (waiting.length > 0 && seen.size < MAX_PARENTS) {
        const parent = waiting.shift() as string;
        if (seen.has(parent)) continue;
        seen.add(parent);
        const under = await accountsUnder(parent);
        if (!under.ok) return under;
        accounts.push(...under.value);
        const units = await unitsUnder(parent);
        if (!units.ok) return units;
        waiting.push(...units.value);
      }
      return observed(accounts);
    },
  };
}
