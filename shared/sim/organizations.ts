import { isActionDenied } from './denied.js';
import { jsonError, jsonOperation, jsonResult, parseJsonBody } from './protocols.js';
import type { SimRequest, SimResponse } from './sim-http.js';
import { callerAccount, type SimState } from './state.js';

/**
 * AWS Organizations from the world's `organization`. DescribeOrganization answers any member
 * account; ListParents only the management account (or a delegated administrator, which the
 * world does not model): a member is refused with AccessDeniedException, as AWS does. An account
 * in no organization gets AWSOrganizationsNotInUseException.
 */
export function handleOrganizations(state: SimState, request: SimRequest): SimResponse {
  const operation = jsonOperation(request.headers);
  const organization = state.world.organization;
  const caller = callerAccount(state, request);
  if (isActionDenied(state.world, `organizations:${operation}`)) return denied(state, operation, caller);
  const member = organization?.accounts.find((account) => account.id === caller);
  if (organization === undefined || (member === undefined && organization.managementAccount !== caller)) {
    return jsonError(
      state,
      '1.1',
      400,
      'AWSOrganizationsNotInUseException',
      'Your account is not a member of an organization.',
    );
  }
  if (operation === 'DescribeOrganization') {
    return jsonResult(state, '1.1', {
      Organization: {
        Id: organization.id,
        Arn: `arn:aws:organizations::${organization.managementAccount}:organization/${organization.id}`,
        FeatureSet: 'ALL',
        MasterAccountId: organization.managementAccount,
        MasterAccountArn: `arn:aws:organizations::${organization.managementAccount}:account/${organization.id}/${organization.managementAccount}`,
      },
    });
  }
  if (operation === 'ListParents') {
    if (caller !== organization.managementAccount) return denied(state, operation, caller);
    const child = String(parseJsonBody(request.body).ChildId ?? '');
    const parent = parentOf(organization, child);
    if (parent === undefined)
      return jsonError(
        state,
        '1.1',
        400,
        'ChildNotFoundException',
        `We can't find a child with the id ${child}.`,
      );
    return jsonResult(state, '1.1', { Parents: [parent] });
  }
  const listing = listOperation(organization, operation, parseJsonBody(request.body));
  if (listing !== undefined) {
    if (caller !== organization.managementAccount) return denied(state, operation, caller);
    if ('error' in listing) return jsonError(state, '1.1', 400, listing.error, listing.message);
    return jsonResult(state, '1.1', listing.page);
  }
  return jsonError(
    state,
    '1.1',
    400,
    'UnsupportedAPIEndpointException',
    `The simulator does not answer Organizations ${operation}`,
  );
}

/** Items per page when the caller asks for no MaxResults: small, so callers must paginate. */
const PAGE = 2;

type Listing = { page: Record<string, unknown> } | { error: string; message: string };

/**
 * ListAccounts, ListAccountsForParent and ListOrganizationalUnitsForParent, answered from the
 * accounts' `ouPath`s, paginated with NextToken (an index) as Organizations does. Only the
 * management account may call them (a delegated administrator is not modelled).
 */
function listOperation(
  organization: Organization,
  operation: string,
  body: Record<string, unknown>,
): Listing | undefined {
  const account = (id: string) => {
    const found = organization.accounts.find((candidate) => candidate.id === id);
    return {
      Id: id,
      Arn: `arn:aws:organizations::${organization.managementAccount}:account/${organization.id}/${id}`,
      Name: found?.name ?? id,
      Email: `aws+${id}@example.com`,
      Status: 'ACTIVE',
      State: 'ACTIVE',
    };
  };
  const chains = organization.accounts.map((member) => ({
    id: member.id,
    chain: member.ouPath
      .split('/')
      .filter((part) => part !== '')
      .slice(1),
  }));
  const parentId = String(body.ParentId ?? '');
  const knownParent = () => chains.some(({ chain }) => chain.includes(parentId));
  let items: Record<string, unknown>[];
  let key: string;
  switch (operation) {
    case 'ListAccounts':
      items = organization.accounts.map((member) => account(member.id));
      key = 'Accounts';
      break;
    case 'ListAccountsForParent':
      if (!knownParent())
        return {
          error: 'ParentNotFoundException',
          message: `We can't find a root or OU with the id ${parentId}.`,
        };
      items = chains.filter(({ chain }) => chain.at(-1) === parentId).map(({ id }) => account(id));
      key = 'Accounts';
      break;
    case 'ListOrganizationalUnitsForParent': {
      if (!knownParent())
        return {
          error: 'ParentNotFoundException',
          message: `We can't find a root or OU with the id ${parentId}.`,
        };
      const children = new Set(
        chains.flatMap(({ chain }) => {
          const index = chain.indexOf(parentId);
          const child = index < 0 ? undefined : chain[index + 1];
          return child === undefined ? [] : [child];
        }),
      );
      items = [...children].sort().map((id) => ({
        Id: id,
        Arn: `arn:aws:organizations::${organization.managementAccount}:ou/${organization.id}/${id}`,
        Name: id,
      }));
      key = 'OrganizationalUnits';
      break;
    }
    default:
      return undefined;
  }
  const start = Number(body.NextToken ?? 0);
  const size = typeof body.MaxResults === 'number' ? body.MaxResults : PAGE;
  const page = items.slice(start, start + size);
  const next = start + size < items.length ? { NextToken: String(start + size) } : {};
  return { page: { [key]: page, ...next } };
}

type Organization = NonNullable<SimState['world']['organization']>;

/** The parent of an account or OU, read from the accounts' `ouPath`s (`o-…/r-…/ou-…/`). */
function parentOf(organization: Organization, child: string): { Id: string; Type: string } | undefined {
  for (const account of organization.accounts) {
    const path = account.ouPath.split('/').filter((part) => part !== '');
    const chain = [...path.slice(1), account.id];
    const index = chain.indexOf(child);
    if (index <= 0) continue;
    const parent = chain[index - 1] as string;
    return { Id: parent, Type: parent.startsWith('r-') ? 'ROOT' : 'ORGANIZATIONAL_UNIT' };
  }
  return undefined;
}

function denied(state: SimState, operation: string, caller: string): SimResponse {
  return jsonError(
    state,
    '1.1',
    400,
    'AccessDeniedException',
    `You don't have permissions to access this resource. (organizations:${operation} by account ${caller})`,
  );
}
