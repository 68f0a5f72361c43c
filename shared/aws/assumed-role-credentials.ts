import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { MemberAccess } from '../audit/accounts/member-accounts.js';
import { type Observed, observed } from '../model/observed.js';
import { observeCall } from './aws-errors.js';

export interface MemberRoleOptions {
  /** The read role's name in every member account, its path included (`monitor/s3-replication-monitor-read`). */
  roleName: string;
  /** Required by the role's trust policy when the member-role stack was given one. */
  externalId?: string;
  /** Names the monitor in the member account's CloudTrail (`s3-replication-monitor`). */
  sessionName: string;
  /** ARN partition of the accounts (default `aws`). */
  partition?: string;
  /** The machine's clock in milliseconds: STS's expirations are real time. */
  now?: () => number;
}

export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

/** Credentials are assumed again this long before they end: no call is made with a dying session. */
const REFRESH_BEFORE_MS = 5 * 60_000;

/**
 * The member accounts' read role (shared/deploy/member-read-role.yml), assumed with STS from the
 * monitor's own credentials: one AssumeRole per account, reused by every client of that account
 * until five minutes before it ends, then assumed again. `provider(account)` is an SDK
 * credentials provider for that account's clients; `reach(account)` says whether the role can be
 * assumed at all (a refusal names the role).
 *
 * IAM: `sts:AssumeRole` on `arn:aws:iam::*:role/<roleName>` (the member accounts' read role).
 */
export function createAssumedRoleCredentials(sts: STSClient, options: MemberRoleOptions) {
  const now = options.now ?? Date.now;
  const partition = options.partition ?? 'aws';
  const roleArn = (account: string) => `arn:${partition}:iam::${account}:role/${options.roleName}`;
  const cache = new Map<string, Promise<TemporaryCredentials>>();
  const assume = async (account: string): Promise<TemporaryCredentials> => {
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn(account),
        RoleSessionName: options.sessionName,
        ...(options.externalId === undefined ? {} : { ExternalId: options.externalId }),
      }),
    );
    if (
      Credentials?.AccessKeyId === undefined ||
      Credentials.SecretAccessKey === undefined ||
      Credentials.SessionToken === undefined ||
      Credentials.Expiration === undefined
    )
      throw new TypeError(`AssumeRole of ${roleArn(account)} answered no complete credentials`);
    return {
      accessKeyId: Credentials.AccessKeyId,
      secretAccessKey: Credentials.SecretAccessKey,
      sessionToken: Credentials.SessionToken,
      expiration: Credentials.Expiration,
    };
  };
  const provider = (account: string) => async (): Promise<TemporaryCredentials> => {
    const cached = cache.get(account);
    if (cached !== undefined) {
      const current = await cached.catch(() => undefined);
      if (current !== undefined && current.expiration.getTime() - now() > REFRESH_BEFORE_MS) return current;
    }
    // One AssumeRole in flight per account, whatever the number of clients asking.
    const fresh = assume(account);
    cache.set(account, fresh);
    fresh.catch(() => cache.delete(account));
    return fresh;
  };
  const access: MemberAccess & { provider: typeof provider } = {
    roleArn,
    provider,
    async reach(account): Promise<Observed<void>> {
      const reached = await observeCall('sts:AssumeRole', roleArn(account), () => provider(account)());
      return reached.ok ? observed(undefined) : reached;
    },
  };
  return access;
}
