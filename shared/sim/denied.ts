import type { World } from './world-schema.js';

/**
 * IAM-style matching of the world's `denied` entries: actions compare case-insensitively,
 * resources case-sensitively, and in both `*` matches any run of characters and `?` one character.
 */
export function isDenied(world: World, action: string, resource: string): boolean {
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
