import { addKmsRequirements, kmsObjectsNeed } from './kms-requirements.js';
import { DOCS, type Need } from './needs.js';
import type { ContextValue } from './policy/types.js';
import { type Add, type Requirement, type RequirementInput, s3Arn } from './requirement.js';

/**
 * The requirements of one enabled rule (requirement.ts says what a requirement is): what S3 reads
 * from the source, writes to the destination, and asks of KMS (kms-requirements.ts). A disabled
 * rule replicates nothing and needs nothing.
 */
export function requirementsOf(input: RequirementInput): Requirement[] {
  const { source, destination } = input;
  if (!input.rule.enabled) return [];
  // AWS (replication-what-is-isnot-replicated.html): "By default, when replicating from a
  // different AWS account, delete markers added to the source bucket are not replicated" — V1
  // rules replicate them otherwise; V2 rules say so themselves.
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
  // markers, AWS (setting-repl-config-perm-overview.html): "The current permissions model requires the s3:ListBucket permission for
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
      // s3:GetObjectVersion replicates unencrypted and SSE-S3 objects, not SSE-KMS ones (replication-config-for-kms-objects.html).
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
