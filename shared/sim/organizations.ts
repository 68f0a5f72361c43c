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
  return jsonError(
    state,
    '1.1',
    400,
    'UnsupportedAPIEndpointException',
    `The simulator does not answer Organizations ${operation}`,
  );
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
