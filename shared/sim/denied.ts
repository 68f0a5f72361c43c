import type { World } from './world-schema.js';

/**
 * IAM-style matching of the world's `denied` entries: actions compare case-insensitively,
 * resources case-sensitively, and in both `*` matches any run of characters and `?` one character.
 */
export function isDenied(world: World, action: string, resource: string): boolean {
  if (unreachable(world, resource)) return true;
  return world.denied.some(
    (entry) =>
      wildcardMatch(entry.action.toLowerCase(), action.toLowerCase()) &&
      wildcardMatch(entry.resource, resource),
  );
}

/** The first of `checks` the monitor is refused, as AWS names it in AccessDenied messages. */
export function firstDenied(
  world: World,
  checks: readonly { action: string; resource: string }[],
): { action: string; resource: string } | undefined {
  return checks.find((check) => isDenied(world, check.action, check.resource));
}

export function wildcardMatch(pattern: string, value: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's').test(value);
}

/** For actions IAM authorises on `*` only (s3:ListAllMyBuckets, cloudwatch:GetMetricData): any matching entry refuses them. */
export function isActionDenied(world: World, action: string): boolean {
  return world.denied.some((entry) => wildcardMatch(entry.action.toLowerCase(), action.toLowerCase()));
}

/** Accounts the monitor may not reach: assuming their read role is refused (`access: none`). */
export function unreachableAccounts(world: World): ReadonlySet<string> {
  return new Set(world.accounts.filter((account) => account.access === 'none').map((account) => account.id));
}

/**
 * A resource of an account the monitor may not reach: the account is in the ARN (IAM, KMS), or,
 * for S3, the account of the bucket the ARN names.
 */
function unreachable(world: World, resource: string): boolean {
  const refused = unreachableAccounts(world);
  if (refused.size === 0) return false;
  const [, , service, , account] = resource.split(':');
  if (service === 's3') {
    const bucket = resource.slice('arn:aws:s3:::'.length).split('/')[0];
    const owner = world.buckets.find((candidate) => candidate.name === bucket)?.account;
    return owner !== undefined && refused.has(owner);
  }
  return account !== undefined && refused.has(account);
}
