import type { ReplicationRule } from '../model/replication-rules.js';
import { DOCS, type Need } from './needs.js';
import { type Add, type RequirementInput, s3Arn } from './requirement.js';

export /** Replication of a rule's SSE-KMS objects: certain once they are the bucket default or were sampled. */
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
 * bucket ARN when it uses an S3 Bucket Key, else for the object ARN (replication-config-for-kms-objects.html).
 */
function kmsContext(bucket: string, region: string, bucketKey: boolean, prefix: string) {
  return {
    'kms:ViaService': `s3.${region}.amazonaws.com`,
    'kms:EncryptionContext:aws:s3:arn': bucketKey ? s3Arn(bucket) : s3Arn(bucket, `/${prefix}`),
    'kms:EncryptionContextKeys': ['aws:s3:arn'],
  };
}

/** KMS on both sides, for a rule that opts in to SSE-KMS objects (SseKmsEncryptedObjects). */
export function addKmsRequirements(input: RequirementInput, add: Add): void {
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
  // With an S3 Bucket Key on the destination, replication-config-for-kms-objects.html says the replica key's policy "must include the
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
