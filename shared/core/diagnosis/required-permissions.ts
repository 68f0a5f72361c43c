import type { ReplicationRule } from '../replication-rules.js';

/**
 * What S3 replication needs from the role, derived per rule from the configuration (reference
 * §6.2, §6.3). Each requirement is one (action, resource) with the request context S3 sends, so
 * the same requirement can be simulated against the role's identity policies and evaluated
 * against the bucket or key policy on the resource side.
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
  /** Condition keys and values S3 presents with the request (kms:ViaService, encryption context). */
  context: Record<string, string>;
  why: string;
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
  };
  rule: ReplicationRule;
  destination: { name: string; region?: string; bucketKeyEnabled: boolean };
  /** The rule's ReplicaKmsKeyID, resolved to a key ARN when it could be. */
  replicaKeyArn?: string;
}

const s3Arn = (bucket: string, suffix = '') => `arn:aws:s3:::${bucket}${suffix}`;

/** The requirements of one enabled rule. A disabled rule replicates nothing and needs nothing. */
export function requirementsOf(input: RequirementInput): Requirement[] {
  const { source, rule, destination } = input;
  if (!rule.enabled) return [];
  const sourceObjects = s3Arn(source.name, `/${rule.prefix}*`);
  const destinationObjects = s3Arn(destination.name, `/${rule.prefix}*`);
  const out: Requirement[] = [];
  const add: Add = (side, actions, resource, why, extra = {}) => {
    for (const action of actions) {
      out.push({
        action,
        resource,
        service: action.startsWith('kms:') ? 'kms' : 's3',
        side,
        bucket: side === 'source' ? source.name : destination.name,
        context: {},
        why,
        ruleIds: [rule.id],
        destinationBuckets: [destination.name],
        ...extra,
      });
    }
  };
  add(
    'source',
    ['s3:GetReplicationConfiguration', 's3:ListBucket'],
    s3Arn(source.name),
    'S3 reads the replication configuration and lists the source bucket (delete markers need it)',
  );
  add(
    'source',
    ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
    sourceObjects,
    'S3 reads each source object version, its ACL and its tags',
  );
  add('destination', ['s3:ReplicateObject'], destinationObjects, 'S3 writes each replica');
  if (rule.replicatesDeleteMarkers) {
    add('destination', ['s3:ReplicateDelete'], destinationObjects, 'the rule replicates delete markers');
  }
  if (rule.ownershipOverride) {
    add(
      'destination',
      ['s3:ObjectOwnerOverrideToBucketOwner'],
      destinationObjects,
      'the rule gives replicas to the destination account (AccessControlTranslation)',
    );
  }
  if (source.objectLock) {
    add(
      'source',
      ['s3:GetObjectRetention', 's3:GetObjectLegalHold'],
      sourceObjects,
      'the source has Object Lock: retention and legal holds replicate',
    );
    add(
      'destination',
      ['s3:PutObjectRetention', 's3:PutObjectLegalHold'],
      destinationObjects,
      'the source has Object Lock: retention and legal holds are written on replicas',
    );
  }
  if (rule.kmsObjectsOptIn) addKmsRequirements(input, add);
  return out;
}

type Add = (
  side: Requirement['side'],
  actions: string[],
  resource: string,
  why: string,
  extra?: Partial<Requirement>,
) => void;

function addKmsRequirements(input: RequirementInput, add: Add): void {
  const { source, rule, destination } = input;
  // With S3 Bucket Keys the encryption context is the bucket ARN, not the object ARN (§6.3).
  const sourceContext = {
    'kms:ViaService': `s3.${source.region}.amazonaws.com`,
    'kms:EncryptionContext:aws:s3:arn': source.bucketKeyEnabled
      ? s3Arn(source.name)
      : s3Arn(source.name, `/${rule.prefix}`),
  };
  for (const key of source.kmsKeyArns) {
    add('source', ['kms:Decrypt'], key, 'S3 decrypts SSE-KMS source objects', {
      kmsKeyArn: key,
      context: sourceContext,
    });
  }
  const replicaKey = input.replicaKeyArn;
  if (replicaKey === undefined || destination.region === undefined) return;
  const replicaActions = ['kms:Encrypt', 'kms:GenerateDataKey'];
  // A Bucket Key on the destination makes S3 check the data key it derives: Decrypt too (§6.3).
  if (destination.bucketKeyEnabled) replicaActions.push('kms:Decrypt');
  add('destination', replicaActions, replicaKey, 'S3 encrypts replicas with the replica key', {
    kmsKeyArn: replicaKey,
    context: {
      'kms:ViaService': `s3.${destination.region}.amazonaws.com`,
      'kms:EncryptionContext:aws:s3:arn': destination.bucketKeyEnabled
        ? s3Arn(destination.name)
        : s3Arn(destination.name, `/${rule.prefix}`),
    },
  });
}

/**
 * The requirements of every rule of a bucket, each (action, resource, context) once, with the
 * rules that share it. Order is stable: first appearance.
 */
export function mergeRequirements(lists: readonly Requirement[][]): Requirement[] {
  const merged = new Map<string, Requirement>();
  for (const requirement of lists.flat()) {
    const id = JSON.stringify([requirement.action, requirement.resource, requirement.context]);
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
  }
  return [...merged.values()];
}
