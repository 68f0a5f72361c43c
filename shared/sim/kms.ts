import { isActionDenied, isDenied } from './denied.js';
import { jsonError, jsonOperation, jsonResult, parseJsonBody } from './protocols.js';
import type { SimRequest, SimResponse } from './sim-http.js';
import { callerAccount, callerArn, type SimState } from './state.js';
import type { WorldKmsKey } from './world-schema.js';

/** Keys predate every scenario; a scheduled deletion defaults to KMS's 30-day waiting period. */
const DAY_MS = 24 * 60 * 60 * 1000;

interface KeyAddress {
  region: string;
  account: string;
  keyId: string;
}

function addressOf(arn: string): KeyAddress {
  const [, , , region = '', account = '', resource = ''] = arn.split(':');
  return { region, account, keyId: resource.slice('key/'.length) };
}

/**
 * KMS resolves a key id or alias name in the caller's account and the Region the request is sent
 * to; an ARN names both, and KMS refuses an ARN of another Region.
 */
function resolveKey(state: SimState, request: SimRequest, keyId: string): WorldKmsKey | undefined {
  const account = callerAccount(state, request);
  const inScope = (key: WorldKmsKey, owner: string) => {
    const address = addressOf(key.arn);
    return address.region === request.region && address.account === owner;
  };
  if (keyId.startsWith('arn:')) {
    const [, , , region = '', owner = '', resource = ''] = keyId.split(':');
    if (region !== request.region) return undefined;
    if (resource.startsWith('alias/')) {
      return state.world.kmsKeys.find((key) => inScope(key, owner) && key.aliases.includes(resource));
    }
    return state.world.kmsKeys.find((key) => key.arn === keyId);
  }
  if (keyId.startsWith('alias/')) {
    return state.world.kmsKeys.find((key) => inScope(key, account) && key.aliases.includes(keyId));
  }
  return state.world.kmsKeys.find((key) => inScope(key, account) && addressOf(key.arn).keyId === keyId);
}

export function handleKms(state: SimState, request: SimRequest): SimResponse {
  const operation = jsonOperation(request.headers);
  const input = parseJsonBody(request.body);
  if (operation === 'ListAliases') return listAliases(state, request, input);
  if (operation !== 'DescribeKey' && operation !== 'GetKeyPolicy') {
    return jsonError(
      state,
      '1.1',
      400,
      'UnsupportedOperationException',
      `The simulator does not answer KMS ${operation}`,
    );
  }
  const keyId = typeof input.KeyId === 'string' ? input.KeyId : '';
  const key = resolveKey(state, request, keyId);
  const resource = key?.arn ?? keyId;
  if (isDenied(state.world, `kms:${operation}`, resource))
    return accessDenied(state, request, `kms:${operation}`, resource);
  if (key === undefined) {
    const message =
      keyId.startsWith('arn:') && keyId.split(':')[3] !== request.region
        ? `Invalid arn ${keyId.split(':')[3] ?? ''}`
        : `Key '${keyId}' does not exist`;
    return jsonError(state, '1.1', 400, 'NotFoundException', message);
  }
  if (operation === 'DescribeKey') return jsonResult(state, '1.1', { KeyMetadata: keyMetadata(state, key) });
  // GetKeyPolicy works only in the key's own account (https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyPolicy.html): no cross-account reads.
  if (addressOf(key.arn).account !== callerAccount(state, request)) {
    return accessDenied(state, request, 'kms:GetKeyPolicy', key.arn);
  }
  const policy = key.policy ?? defaultKeyPolicy(addressOf(key.arn).account);
  return jsonResult(state, '1.1', { Policy: JSON.stringify(policy), PolicyName: 'default' });
}

function accessDenied(state: SimState, request: SimRequest, action: string, resource: string): SimResponse {
  return jsonError(
    state,
    '1.1',
    400,
    'AccessDeniedException',
    `User: ${callerArn(state, request)} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
  );
}

function keyMetadata(state: SimState, key: WorldKmsKey): Record<string, unknown> {
  const address = addressOf(key.arn);
  const created = Date.parse(key.creationDate ?? new Date(state.now.getTime() - 400 * DAY_MS).toISOString());
  const metadata: Record<string, unknown> = {
    AWSAccountId: address.account,
    KeyId: address.keyId,
    Arn: key.arn,
    CreationDate: created / 1000,
    Enabled: key.state === 'Enabled',
    Description: key.description,
    KeyUsage: 'ENCRYPT_DECRYPT',
    KeyState: key.state,
    Origin: 'AWS_KMS',
    KeyManager: key.keyManager,
    CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
    KeySpec: 'SYMMETRIC_DEFAULT',
    EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
    MultiRegion: address.keyId.startsWith('mrk-'),
  };
  if (key.state === 'PendingDeletion') {
    const deletion =
      key.deletionDate === undefined ? state.now.getTime() + 30 * DAY_MS : Date.parse(key.deletionDate);
    metadata.DeletionDate = deletion / 1000;
    metadata.PendingDeletionWindowInDays = 30;
  }
  return metadata;
}

/** The policy KMS gives a key created without one: the account root may do everything, so IAM policies apply. */
function defaultKeyPolicy(account: string): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
  };
}

function listAliases(state: SimState, request: SimRequest, input: Record<string, unknown>): SimResponse {
  if (isActionDenied(state.world, 'kms:ListAliases'))
    return accessDenied(state, request, 'kms:ListAliases', '*');
  const account = callerAccount(state, request);
  let keys = state.world.kmsKeys.filter((key) => {
    const address = addressOf(key.arn);
    return address.region === request.region && address.account === account;
  });
  if (typeof input.KeyId === 'string') {
    const key = resolveKey(state, request, input.KeyId);
    if (key === undefined)
      return jsonError(state, '1.1', 400, 'NotFoundException', `Key '${input.KeyId}' does not exist`);
    keys = [key];
  }
  const aliases = keys.flatMap((key) =>
    key.aliases.map((alias) => ({
      AliasName: alias,
      AliasArn: `arn:aws:kms:${addressOf(key.arn).region}:${addressOf(key.arn).account}:${alias}`,
      TargetKeyId: addressOf(key.arn).keyId,
      CreationDate: state.now.getTime() / 1000 - 400 * 86_400,
      LastUpdatedDate: state.now.getTime() / 1000 - 400 * 86_400,
    })),
  );
  const start = Number(typeof input.Marker === 'string' ? input.Marker : '0');
  const limit = typeof input.Limit === 'number' ? input.Limit : 50;
  const page = aliases.slice(start, start + limit);
  const truncated = start + limit < aliases.length;
  return jsonResult(state, '1.1', {
    Aliases: page,
    Truncated: truncated,
    ...(truncated ? { NextMarker: String(start + limit) } : {}),
  });
}
