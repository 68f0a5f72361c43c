import { isDenied } from './denied.js';
import {
  boundaryArn,
  encodePolicy,
  findRole,
  iamPath,
  managedPolicies,
  page,
  roleName,
} from './iam-catalog.js';
import { simulatePrincipalPolicy } from './iam-simulate.js';
import { queryError, queryParameters, queryResult } from './protocols.js';
import type { SimRequest, SimResponse } from './sim-http.js';
import { callerAccount, callerArn, iamUniqueId, type SimState } from './state.js';
import type { WorldRole } from './world-schema.js';
import { escapeXml } from './xml.js';

export const IAM_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';

/** Roles predate every scenario; the world format has no dates for them unless `createDate` is given. */
const DEFAULT_AGE_MS = 400 * 24 * 60 * 60 * 1000;

const ROLE_ACTIONS = new Set(['GetRole', 'ListRolePolicies', 'GetRolePolicy', 'ListAttachedRolePolicies']);

export async function handleIam(state: SimState, request: SimRequest): Promise<SimResponse> {
  const parameters = queryParameters(request.body);
  const action = parameters.get('Action') ?? '';
  const account = callerAccount(state, request);
  const roleParameter = parameters.get('RoleName');
  const role = roleParameter === null ? undefined : findRole(state, roleParameter, account);
  // IAM authorises role actions on the role's full ARN, path included.
  const resource =
    parameters.get('PolicyArn') ??
    parameters.get('PolicySourceArn') ??
    role?.arn ??
    (roleParameter === null ? '*' : `arn:aws:iam::${account}:role/${roleParameter}`);
  if (isDenied(state.world, `iam:${action}`, resource)) {
    return queryError(
      state,
      IAM_NAMESPACE,
      403,
      'AccessDenied',
      `User: ${callerArn(state, request)} is not authorized to perform: iam:${action} on resource: ${resource} because no identity-based policy allows the iam:${action} action`,
    );
  }
  if (action === 'SimulatePrincipalPolicy') return simulatePrincipalPolicy(state, parameters);
  if (action === 'GetPolicy' || action === 'GetPolicyVersion') return policyAction(state, action, parameters);
  if (!ROLE_ACTIONS.has(action)) {
    return queryError(
      state,
      IAM_NAMESPACE,
      400,
      'InvalidAction',
      `The simulator does not answer IAM ${action}`,
    );
  }
  if (role === undefined)
    return noSuchEntity(state, `The role with name ${roleParameter ?? ''} cannot be found.`);
  switch (action) {
    case 'GetRole':
      return queryResult(state, IAM_NAMESPACE, action, roleXml(state, role));
    case 'ListRolePolicies': {
      const { items, marker } = page(Object.keys(role.inlinePolicies), parameters);
      const names = items.map((name) => `<member>${escapeXml(name)}</member>`).join('');
      return queryResult(
        state,
        IAM_NAMESPACE,
        action,
        `<PolicyNames>${names}</PolicyNames>${truncation(marker)}`,
      );
    }
    case 'GetRolePolicy': {
      const name = parameters.get('PolicyName') ?? '';
      const document = role.inlinePolicies[name];
      if (document === undefined) {
        return noSuchEntity(state, `The role policy with name ${name} cannot be found.`);
      }
      return queryResult(
        state,
        IAM_NAMESPACE,
        action,
        `<RoleName>${escapeXml(roleName(role.arn))}</RoleName><PolicyName>${escapeXml(name)}</PolicyName>` +
          `<PolicyDocument>${encodePolicy(document)}</PolicyDocument>`,
      );
    }
    default: {
      // ListAttachedRolePolicies
      const catalog = managedPolicies(state);
      const { items, marker } = page(role.attachedPolicies, parameters);
      const attached = items
        .map((policy) => {
          const name = catalog.get(policy.arn)?.name ?? roleName(policy.arn);
          return `<member><PolicyName>${escapeXml(name)}</PolicyName><PolicyArn>${policy.arn}</PolicyArn></member>`;
        })
        .join('');
      return queryResult(
        state,
        IAM_NAMESPACE,
        action,
        `<AttachedPolicies>${attached}</AttachedPolicies>${truncation(marker)}`,
      );
    }
  }
}

function truncation(marker: string | undefined): string {
  return marker === undefined
    ? '<IsTruncated>false</IsTruncated>'
    : `<IsTruncated>true</IsTruncated><Marker>${marker}</Marker>`;
}

function noSuchEntity(state: SimState, message: string): SimResponse {
  return queryError(state, IAM_NAMESPACE, 404, 'NoSuchEntity', message);
}

function createDate(state: SimState, role?: WorldRole): string {
  return role?.createDate ?? new Date(state.now.getTime() - DEFAULT_AGE_MS).toISOString();
}

function roleXml(state: SimState, role: WorldRole): string {
  const boundary = boundaryArn(role);
  const boundaryXml =
    boundary === undefined
      ? ''
      : `<PermissionsBoundary><PermissionsBoundaryType>Policy</PermissionsBoundaryType><PermissionsBoundaryArn>${boundary}</PermissionsBoundaryArn></PermissionsBoundary>`;
  return (
    `<Role><Path>${escapeXml(iamPath(role.arn, 'role'))}</Path><RoleName>${escapeXml(roleName(role.arn))}</RoleName>` +
    `<RoleId>${role.roleId ?? iamUniqueId('AROA', role.arn)}</RoleId><Arn>${escapeXml(role.arn)}</Arn>` +
    `<CreateDate>${createDate(state, role)}</CreateDate>` +
    `<AssumeRolePolicyDocument>${encodePolicy(role.trustPolicy)}</AssumeRolePolicyDocument>` +
    `<MaxSessionDuration>3600</MaxSessionDuration>${boundaryXml}<RoleLastUsed/></Role>`
  );
}

function policyAction(state: SimState, action: string, parameters: URLSearchParams): SimResponse {
  const arn = parameters.get('PolicyArn') ?? '';
  const policy = managedPolicies(state).get(arn);
  if (policy === undefined) return noSuchEntity(state, `Policy ${arn} does not exist or is not attachable.`);
  const created = createDate(state);
  if (action === 'GetPolicy') {
    return queryResult(
      state,
      IAM_NAMESPACE,
      action,
      `<Policy><PolicyName>${escapeXml(policy.name)}</PolicyName><PolicyId>${iamUniqueId('ANPA', arn)}</PolicyId>` +
        `<Arn>${escapeXml(arn)}</Arn><Path>${escapeXml(policy.path)}</Path><DefaultVersionId>v1</DefaultVersionId>` +
        `<AttachmentCount>${policy.attachments}</AttachmentCount>` +
        `<PermissionsBoundaryUsageCount>${policy.boundaryUses}</PermissionsBoundaryUsageCount>` +
        `<IsAttachable>true</IsAttachable><CreateDate>${created}</CreateDate><UpdateDate>${created}</UpdateDate></Policy>`,
    );
  }
  const versionId = parameters.get('VersionId') ?? '';
  if (versionId !== 'v1') {
    return noSuchEntity(state, `Policy ${arn} version ${versionId} does not exist or is not attachable.`);
  }
  return queryResult(
    state,
    IAM_NAMESPACE,
    action,
    `<PolicyVersion><Document>${encodePolicy(policy.document)}</Document><VersionId>v1</VersionId>` +
      `<IsDefaultVersion>true</IsDefaultVersion><CreateDate>${created}</CreateDate></PolicyVersion>`,
  );
}
