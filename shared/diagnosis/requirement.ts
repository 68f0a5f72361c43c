import type { ReplicationRule } from '../model/replication-rules.js';
import { type Need, strongerNeed } from './needs.js';
import type { ContextValue } from './policy/types.js';

/**
 * What S3 replication needs from the role, derived per rule from the configuration and from what
 * the audit saw of the objects. Each requirement is one (action, resource) with the request
 * context S3 sends, what goes wrong without it (`need`: fails or degrades, for certain or only in
 * a case not yet seen) and the AWS page it rests on, so the same requirement can be simulated
 * against the role's identity policies and evaluated against the bucket or key policy.
 */
export interface Requirement {
  action: string;
  /** The ARN the action is needed on: bucket, `bucket/prefix*` objects, or a KMS key. */
  resource: string;
  service: 's3' | 'kms';
  /** Whose resource: the source bucket (and its keys) or the destination (and the replica key). */
  side: 'source' | 'destination';
  /** The bucket the resource belongs to or serves. */
  bucket: string;
  kmsKeyArn?: string;
  /** Condition keys and values this request carries (kms:ViaService, encryption context, SSE headers). */
  context: Record<string, ContextValue>;
  why: string;
  need: Need;
  /**
   * Another action that also lets S3 do it for some objects: if only the alternative is allowed,
   * `leaves` is what still goes wrong (undefined: nothing).
   */
  alternative?: { action: string; leaves?: Need };
  /** The rules that need it; a requirement shared by several rules is checked once. */
  ruleIds: string[];
  destinationBuckets: string[];
}

export interface RequirementInput {
  source: {
    name: string;
    region: string;
    objectLock: boolean;
    bucketKeyEnabled: boolean;
    /** Resolved key ARNs of SSE-KMS source objects: the bucket default and keys seen on samples. */
    kmsKeyArns: readonly string[];
    /** SSE-S3 objects were seen or are the default (absent: assumed, as S3's base encryption). */
    sseS3Objects?: boolean;
  };
  rule: ReplicationRule;
  destination: {
    name: string;
    region?: string;
    bucketKeyEnabled: boolean;
    /** Object Ownership is BucketOwnerEnforced (read when the rule overrides ownership). */
    ownerEnforced?: boolean;
    /** Owned by another account than the source (the rule's Destination.Account says so). */
    crossAccount?: boolean;
  };
  /** The rule's ReplicaKmsKeyID, resolved to a key ARN when it could be. */
  replicaKeyArn?: string;
}

/** Adds one requirement per action, for the rule and destination being derived. */
export type Add = (
  side: Requirement['side'],
  actions: string[],
  resource: string,
  why: string,
  need: Need,
  extra?: Partial<Requirement>,
) => void;

export const s3Arn = (bucket: string, suffix = '') => `arn:aws:s3:::${bucket}${suffix}`;

/**
 * The requirements of every rule of a bucket, each (action, resource, context) once, with the
 * rules that share it and the strongest need among them. Order is stable: first appearance.
 */
export function mergeRequirements(lists: readonly Requirement[][]): Requirement[] {
  const merged = new Map<string, Requirement>();
  for (const requirement of lists.flat()) {
    const id = requirementKey(requirement);
    const existing = merged.get(id);
    if (existing === undefined) {
      merged.set(id, {
        ...requirement,
        ruleIds: [...requirement.ruleIds],
        destinationBuckets: [...requirement.destinationBuckets],
      });
      continue;
    }
    for (const ruleId of requirement.ruleIds)
      if (!existing.ruleIds.includes(ruleId)) existing.ruleIds.push(ruleId);
    for (const bucket of requirement.destinationBuckets)
      if (!existing.destinationBuckets.includes(bucket)) existing.destinationBuckets.push(bucket);
    existing.need = strongerNeed(existing.need, requirement.need);
    const leaves = requirement.alternative?.leaves;
    if (existing.alternative !== undefined && leaves !== undefined) {
      const kept = existing.alternative.leaves;
      existing.alternative = {
        ...existing.alternative,
        leaves: kept === undefined ? leaves : strongerNeed(kept, leaves),
      };
    }
  }
  return [...merged.values()];
}

/** One requirement's identity: the action on the resource under its request context. */
export function requirementKey(requirement: Pick<Requirement, 'action' | 'resource' | 'context'>): string {
  return JSON.stringify([requirement.action, requirement.resource, requirement.context]);
}
