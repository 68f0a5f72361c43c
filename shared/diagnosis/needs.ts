import type { Severity } from '../model/findings.js';

/**
 * The AWS pages each requirement rests on. A finding names its page in `evidence.documentation`,
 * so whoever reads it can check the requirement, not only the monitor's word.
 */
export const DOCS = {
  rolePermissions:
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html',
  kmsReplication:
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html',
  failureReasons:
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-metrics-events.html#replication-failure-codes',
  objectLock:
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html#object-lock-managing-replication',
  ownerOverride: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-change-owner.html',
  trust: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html',
  conditionKeys: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html',
  blockedEncryption:
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/blocking-unblocking-s3-c-encryption-gpb.html',
} as const;

/**
 * What goes wrong when a requirement is not met. Severity follows certainty: replication of
 * objects that exist or will exist certainly fails → critical; it only degrades (tags, delete
 * markers), or fails in a case the monitor has not seen → warning, saying which case.
 */
export interface Need {
  effect: 'fails' | 'degrades';
  /** What fails or is lost: `objects under rule to-dr`, `tags of objects under rule to-dr`. */
  what: string;
  /** The objects concerned exist or will (the bucket default, or seen on samples). */
  certain: boolean;
  /** When not certain: the case in which it matters. */
  when?: string;
  /** The AWS page the requirement rests on. */
  documentation: string;
}

/** Critical only for a certain failure; the configured severity of the code caps the rest at warning. */
export function severityOfNeed(need: Need, configured: Severity): Severity {
  if (need.effect === 'fails' && need.certain) return configured;
  return configured === 'critical' ? 'warning' : configured;
}

const rank = (need: Need) => (need.effect === 'fails' ? 2 : 0) + (need.certain ? 1 : 0);

/** The need that weighs more: a certain failure over a possible one over a degradation. */
export function strongerNeed(left: Need, right: Need): Need {
  return rank(right) > rank(left) ? right : left;
}

/** One clause for a message: `replication of objects under rule to-dr fails`. */
export function needText(need: Need): string {
  const consequence = need.effect === 'fails' ? `replication of ${need.what} fails` : need.what;
  return need.certain || need.when === undefined ? consequence : `${consequence} ${need.when}`;
}
