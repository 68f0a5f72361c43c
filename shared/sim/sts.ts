import { isDenied, unreachableAccounts } from './denied.js';
import { queryError, queryParameters, queryResult } from './protocols.js';
import type { SimRequest, SimResponse } from './sim-http.js';
import { callerAccount, callerArn, iamUniqueId, type SimState } from './state.js';
import { escapeXml } from './xml.js';

const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** How long assumed credentials last: STS's default session (1 hour), on the machine's clock. */
const SESSION_SECONDS = 3600;

/**
 * GetCallerIdentity (needs no permission in AWS, so `denied` never refuses it) and AssumeRole:
 * a role of an account the monitor reaches (its own, one in `accounts` or `organization`, or one
 * that owns a bucket, role or key of the world) answers credentials whose access key names that
 * account, so every request signed with them is answered as that account (ListBuckets lists its
 * buckets, KMS answers GetKeyPolicy for its keys). `access: none`, a `denied` sts:AssumeRole, or
 * an account the world does not know refuse it with AccessDenied, as STS does.
 */
export function handleSts(state: SimState, request: SimRequest): SimResponse {
  const parameters = queryParameters(request.body);
  const action = parameters.get('Action');
  if (action === 'AssumeRole') return assumeRole(state, request, parameters);
  if (action !== 'GetCallerIdentity') {
    return queryError(
      state,
      STS_NAMESPACE,
      400,
      'InvalidAction',
      `The simulator does not answer STS ${action ?? ''}`,
    );
  }
  const arn = callerArn(state, request);
  return queryResult(
    state,
    STS_NAMESPACE,
    'GetCallerIdentity',
    `<Arn>${arn}</Arn><UserId>${iamUniqueId('AROA', arn)}:simulator</UserId><Account>${callerAccount(state, request)}</Account>`,
  );
}

const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

function assumeRole(state: SimState, request: SimRequest, parameters: URLSearchParams): SimResponse {
  const roleArn = parameters.get('RoleArn') ?? '';
  const session = parameters.get('RoleSessionName') ?? '';
  const role = ROLE_ARN.exec(roleArn);
  if (role === null || !SESSION_NAME.test(session)) {
    return queryError(
      state,
      STS_NAMESPACE,
      400,
      'ValidationError',
      role === null
        ? `1 validation error detected: Value '${escapeXml(roleArn)}' at 'roleArn' failed to satisfy constraint`
        : `1 validation error detected: Value '${escapeXml(session)}' at 'roleSessionName' failed to satisfy constraint`,
    );
  }
  const account = role[1] as string;
  const refused =
    !knownAccounts(state).has(account) ||
    unreachableAccounts(state.world).has(account) ||
    isDenied(state.world, 'sts:AssumeRole', roleArn);
  if (refused) {
    return queryError(
      state,
      STS_NAMESPACE,
      403,
      'AccessDenied',
      `User: ${callerArn(state, request)} is not authorized to perform: sts:AssumeRole on resource: ${escapeXml(roleArn)}`,
    );
  }
  const assumed = `arn:aws:sts::${account}:assumed-role/${role[2]}/${session}`;
  const expiration = new Date(Date.now() + SESSION_SECONDS * 1000).toISOString();
  return queryResult(
    state,
    STS_NAMESPACE,
    'AssumeRole',
    `<Credentials><AccessKeyId>SIMULATED${account}</AccessKeyId><SecretAccessKey>simulated</SecretAccessKey>` +
      `<SessionToken>simulated-session-${account}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
      `<AssumedRoleUser><AssumedRoleId>${iamUniqueId('AROA', roleArn)}:${escapeXml(session)}</AssumedRoleId>` +
      `<Arn>${escapeXml(assumed)}</Arn></AssumedRoleUser>`,
  );
}

/** The accounts the world describes: the monitor's, `accounts`, the organization's, and every owner. */
function knownAccounts(state: SimState): ReadonlySet<string> {
  const { world } = state;
  const arnAccount = (arn: string) => arn.split(':')[4] ?? '';
  return new Set([
    world.monitor.account,
    ...world.accounts.map((account) => account.id),
    ...(world.organization?.accounts ?? []).map((account) => account.id),
    ...(world.organization === undefined ? [] : [world.organization.managementAccount]),
    ...world.buckets.map((bucket) => bucket.account),
    ...world.roles.map((role) => arnAccount(role.arn)),
    ...world.kmsKeys.map((key) => arnAccount(key.arn)),
  ]);
}
