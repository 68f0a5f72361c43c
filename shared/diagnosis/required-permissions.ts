import type { ReplicationRule } from '../model/replication-rules.js';
import { DOCS, type Need, strongerNeed } from './needs.js';
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

const s3Arn = (bucket: string, suffix = '') => `arn:aws:s3:::${bucket}${suffix}`;

/** Replication of a rule's SSE-KMS objects: certain once they are the bucket default or were sampled. */
function kmsObjectsNeed(rule: ReplicationRule, seen: boolean): Need {
  return {
    effect: 'fails',
    what: `SSE-KMS objects under rule ${rule.id}`,
    certain: seen,
    ...(seen ? {} : { when: 'once SSE-KMS objects are uploaded (none seen yet)' }),
    documentation: DOCS.kmsReplication,
  };
}

/**
 * The context of a KMS call S3 makes for a bucket: through S3 in the bucket's Region, for the
 * bucket ARN when it uses an S3 Bucket Key, else for the object ARN (RKMS).
 */
function kmsContext(bucket: string, region: string, bucketKey: boolean, prefix: string) {
  return {
    'kms:ViaService': `s3.${region}.amazonaws.com`,
    'kms:EncryptionContext:aws:s3:arn': bucketKey ? s3Arn(bucket) : s3Arn(bucket, `/${prefix}`),
    'kms:EncryptionContextKeys': ['aws:s3:arn'],
  };
}

type Add = (
  side: Requirement['side'],
  actions: string[],
  resource: string,
  why: string,
  need: Need,
  extra?: Partial<Requirement>,
) => void;

/** The requirements of one enabled rule. A disabled rule replicates nothing and needs nothing. */
export function requirementsOf(input: RequirementInput): Requirement[] {
  const { source, destination } = input;
  if (!input.rule.enabled) return [];
  // RWHAT: "By default, when replicating from a different AWS account, delete markers added to the
  // source bucket are not replicated" — V1 rules replicate them otherwise; V2 rules say so themselves.
  const rule =
    input.rule.schemaVersion === 1 && destination.crossAccount === true
      ? { ...input.rule, replicatesDeleteMarkers: false }
      : input.rule;
  input = { ...input, rule };
  const out: Requirement[] = [];
  const add: Add = (side, actions, resource, why, need, extra = {}) => {
    for (const action of actions) {
      out.push({
        action,
        resource,
        service: action.startsWith('kms:') ? 'kms' : 's3',
        side,
        bucket: side === 'source' ? source.name : destination.name,
        context: {},
        why,
        need,
        ruleIds: [rule.id],
        destinationBuckets: [destination.name],
        ...extra,
      });
    }
  };
  addSourceRequirements(input, add);
  addDestinationRequirements(input, add);
  if (rule.kmsObjectsOptIn) addKmsRequirements(input, add);
  return out;
}

function addSourceRequirements(input: RequirementInput, add: Add): void {
  const { source, rule } = input;
  const sourceObjects = s3Arn(source.name, `/${rule.prefix}*`);
  const every = `objects under rule ${rule.id}`;
  // AWS lists both in the role's minimum policy; no failure reason names either. For delete
  // markers, RPERM: "The current permissions model requires the s3:ListBucket permission for
  // accessing delete markers".
  const unconfirmed: Need = {
    effect: 'fails',
    what: every,
    certain: false,
    when: 'if S3 needs it: AWS lists it among the role’s permissions but documents no failure caused by its absence alone',
    documentation: DOCS.rolePermissions,
  };
  add(
    'source',
    ['s3:GetReplicationConfiguration'],
    s3Arn(source.name),
    'AWS lists it in the replication role’s permissions (S3 reads the replication configuration)',
    unconfirmed,
  );
  add(
    'source',
    ['s3:ListBucket'],
    s3Arn(source.name),
    'AWS lists it in the replication role’s permissions (S3 lists the bucket; delete markers need it)',
    rule.replicatesDeleteMarkers
      ? {
          effect: 'degrades',
          what: `delete markers under rule ${rule.id} are not replicated (AWS: "The current permissions model requires the s3:ListBucket permission for accessing delete markers")`,
          certain: true,
          documentation: DOCS.rolePermissions,
        }
      : unconfirmed,
  );
  const kmsObjects = rule.kmsObjectsOptIn && source.kmsKeyArns.length > 0;
  add(
    'source',
    ['s3:GetObjectVersionForReplication'],
    sourceObjects,
    'S3 reads each source object version to replicate it',
    { effect: 'fails', what: every, certain: true, documentation: DOCS.rolePermissions },
    {
      // s3:GetObjectVersion replicates unencrypted and SSE-S3 objects, not SSE-KMS ones (RKMS).
      alternative: {
        action: 's3:GetObjectVersion',
        ...(rule.kmsObjectsOptIn ? { leaves: kmsObjectsNeed(rule, kmsObjects) } : {}),
      },
    },
  );
  add(
    'source',
    ['s3:GetObjectVersionAcl'],
    sourceObjects,
    'S3 reads each source object version’s ACL (failure reason SrcGetAclNotPermitted)',
    { effect: 'fails', what: every, certain: true, documentation: DOCS.failureReasons },
  );
  add('source', ['s3:GetObjectVersionTagging'], sourceObjects, 'S3 reads the object tags to replicate them', {
    effect: 'degrades',
    what: `tags of objects under rule ${rule.id} are not replicated (AWS: the objects replicate; its failure-reason table also lists SrcGetTaggingNotPermitted)`,
    certain: true,
    documentation: DOCS.rolePermissions,
  });
  if (source.objectLock) {
    add(
      'source',
      ['s3:GetObjectRetention', 's3:GetObjectLegalHold'],
      sourceObjects,
      'the source has Object Lock: S3 reads retention and legal holds to replicate them',
      { effect: 'fails', what: every, certain: true, documentation: DOCS.objectLock },
    );
  }
}

/** The SSE headers a replica write carries: one case per encryption the source objects have. */
function replicaCases(input: RequirementInput): { context: Record<string, ContextValue>; need: Need }[] {
  const { rule, source } = input;
  const every = `objects under rule ${rule.id}`;
  const cases: { context: Record<string, ContextValue>; need: Need }[] = [];
  const sseS3 = source.sseS3Objects !== false;
  cases.push({
    context: { 's3:x-amz-server-side-encryption': 'AES256' },
    need: {
      effect: 'fails',
      what: sseS3 ? every : `SSE-S3 objects under rule ${rule.id}`,
      certain: sseS3,
      ...(sseS3
        ? {}
        : { when: 'once SSE-S3 objects are uploaded (the bucket default is SSE-KMS and none were seen)' }),
      documentation: DOCS.rolePermissions,
    },
  });
  if (rule.kmsObjectsOptIn && input.replicaKeyArn !== undefined) {
    cases.push({
      context: {
        's3:x-amz-server-side-encryption': 'aws:kms',
        's3:x-amz-server-side-encryption-aws-kms-key-id': input.replicaKeyArn,
      },
      need: kmsObjectsNeed(rule, source.kmsKeyArns.length > 0),
    });
  }
  return cases;
}

function addDestinationRequirements(input: RequirementInput, add: Add): void {
  const { rule, destination } = input;
  const destinationObjects = s3Arn(destination.name, `/${rule.prefix}*`);
  for (const { context, need } of replicaCases(input)) {
    add('destination', ['s3:ReplicateObject'], destinationObjects, 'S3 writes each replica', need, {
      context,
    });
    if (rule.ownershipOverride) {
      // With BucketOwnerEnforced, AWS: the destination owns replicas "without the need of
      // s3:ObjectOwnerOverrideToBucketOwner permission"; whether S3 still checks it while the rule
      // asks for the override is not documented.
      const enforced = destination.ownerEnforced === true;
      add(
        'destination',
        ['s3:ObjectOwnerOverrideToBucketOwner'],
        destinationObjects,
        'the rule gives replicas to the destination account (AccessControlTranslation)',
        enforced
          ? {
              ...need,
              certain: false,
              when: 'if S3 still checks it: the destination enforces bucket ownership (BucketOwnerEnforced), which AWS documents as changing replica ownership without this permission',
              documentation: DOCS.ownerOverride,
            }
          : { ...need, documentation: DOCS.ownerOverride },
        { context },
      );
    }
  }
  if (rule.replicatesDeleteMarkers) {
    add('destination', ['s3:ReplicateDelete'], destinationObjects, 'the rule replicates delete markers', {
      effect: 'degrades',
      what: `delete markers under rule ${rule.id} are not replicated (failure reason DstDelObjNotPermitted)`,
      certain: true,
      documentation: DOCS.failureReasons,
    });
  }
}

function addKmsRequirements(input: RequirementInput, add: Add): void {
  const { source, rule, destination } = input;
  const sourceContext = kmsContext(source.name, source.region, source.bucketKeyEnabled, rule.prefix);
  for (const key of source.kmsKeyArns) {
    add('source', ['kms:Decrypt'], key, 'S3 decrypts SSE-KMS source objects', kmsObjectsNeed(rule, true), {
      kmsKeyArn: key,
      context: sourceContext,
    });
  }
  const replicaKey = input.replicaKeyArn;
  if (replicaKey === undefined || destination.region === undefined) return;
  const need = kmsObjectsNeed(rule, source.kmsKeyArns.length > 0);
  const context = kmsContext(destination.name, destination.region, destination.bucketKeyEnabled, rule.prefix);
  // AWS's SSE-KMS walkthrough grants kms:Encrypt alone on the replica key, and such setups replicate;
  // kms:GenerateDataKey is documented only for other cases, so it is not required here.
  add('destination', ['kms:Encrypt'], replicaKey, 'S3 encrypts replicas with the replica key', need, {
    kmsKeyArn: replicaKey,
    context,
  });
  // With an S3 Bucket Key on the destination, RKMS says the replica key's policy "must include the
  // kms:Decrypt permission for the calling principal"; its own complete example policy for Bucket
  // Keys grants kms:Encrypt alone. AWS's pages disagree: a warning that says so, never a page.
  if (destination.bucketKeyEnabled) {
    add(
      'destination',
      ['kms:Decrypt'],
      replicaKey,
      'the destination uses an S3 Bucket Key: S3 verifies the bucket-level key it derives from the replica key',
      {
        ...need,
        certain: false,
        when: "if S3 checks it: AWS's text requires kms:Decrypt on the replica key with a destination Bucket Key, while AWS's complete example policy for Bucket Keys grants kms:Encrypt alone",
      },
      { kmsKeyArn: replicaKey, context },
    );
  }
}

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
