/**
 * Failure reasons caused by a KMS key (category 'kms') or a bucket or replication setting
 * (category 'configuration'). PutBucketReplication accepts any ReplicaKmsKeyID without checking
 * it, so a wrong key only shows up here, when objects fail.
 */
import {
  destination,
  destinationName,
  destinationObjects,
  type ReasonTable,
  regionOption,
  retryAfterFix,
  role,
  rule,
  sentences,
  updateRule,
} from './failure-reasons-text.js';

const REPLICA_KEY = '<ReplicaKmsKeyID>';
const DESTINATION_REGION = ' --region <destination-region>';

function enableKey(key: string, region: string): string {
  return sentences(
    `Check it with aws kms describe-key --key-id ${key}${region} (KeyMetadata.KeyState must be Enabled).`,
    `If it is Disabled: aws kms enable-key --key-id ${key}${region}.`,
    `If it is PendingDeletion: aws kms cancel-key-deletion --key-id ${key}${region}, then enable it.`,
  );
}

function versioningCommand(bucket: string): string {
  return `aws s3api put-bucket-versioning --bucket ${bucket} --versioning-configuration Status=Enabled`;
}

export const CONFIGURATION_REASONS: ReasonTable = {
  DstKmsKeyInvalidState: {
    category: 'kms',
    meaning: (c) =>
      `The KMS key set as ReplicaKmsKeyID in ${rule(c)} is disabled, pending deletion or otherwise unusable, so S3 could not encrypt the replica for ${destination(c)}.`,
    remediation: (c) =>
      sentences(
        `The key is the EncryptionConfiguration.ReplicaKmsKeyID of ${rule(c)} (aws s3api get-bucket-replication --bucket ${c.sourceBucket}).`,
        enableKey(REPLICA_KEY, DESTINATION_REGION),
        'If it cannot be enabled (PendingImport, Unavailable), use an enabled symmetric customer managed key in the destination Region instead:',
        updateRule(c, 'set ReplicaKmsKeyID to its ARN'),
        retryAfterFix(c),
      ),
  },
  DstKmsKeyNotFound: {
    category: 'kms',
    meaning: (c) =>
      `The KMS key set as ReplicaKmsKeyID in ${rule(c)} does not exist: it was deleted, is mistyped, or is in another Region than ${destination(c)}.`,
    remediation: (c) =>
      sentences(
        `Point ReplicaKmsKeyID at an existing symmetric customer managed key in the Region of ${destination(c)} (S3 does not validate the key when the configuration is saved):`,
        updateRule(c, 'set Destination.EncryptionConfiguration.ReplicaKmsKeyID to the key ARN'),
        `The key policy must allow ${role(c)} kms:Encrypt and kms:GenerateDataKey (and kms:Decrypt with S3 Bucket Keys).`,
        retryAfterFix(c),
      ),
  },
  SrcKmsKeyInvalidState: {
    category: 'kms',
    meaning: (c) =>
      `The KMS key that encrypts the source object in ${c.sourceBucket} is disabled, pending deletion or otherwise unusable, so S3 could not decrypt the object to replicate it.`,
    remediation: (c) =>
      sentences(
        `Find the key in the SSEKMSKeyId of aws s3api head-object --bucket ${c.sourceBucket} --key <key> --version-id <version-id>.`,
        enableKey('<source-key-id>', regionOption(c)),
        'An object whose key was deleted for good cannot be decrypted or replicated.',
        retryAfterFix(c),
      ),
  },
  DstBucketNotFound: {
    category: 'configuration',
    meaning: (c) =>
      `${capitalise(destination(c))}, named in ${rule(c)}, does not exist: it was deleted, or the rule names the wrong bucket.`,
    remediation: (c) =>
      sentences(
        `Confirm with aws s3api head-bucket --bucket ${destinationName(c)}.`,
        `Either recreate the bucket, enable versioning on it (${versioningCommand(destinationName(c))}) and restore its bucket policy,`,
        'or correct the destination:',
        updateRule(c, 'set Destination.Bucket to the right bucket ARN'),
        retryAfterFix(c),
      ),
  },
  DstBucketUnversioned: {
    category: 'configuration',
    meaning: (c) =>
      `Versioning is not enabled on ${destination(c)}; replication requires it on the source and the destination.`,
    remediation: (c) =>
      sentences(
        `Enable it as the destination bucket's owner: ${versioningCommand(destinationName(c))}.`,
        retryAfterFix(c),
      ),
  },
  DstBucketObjectLockConfigMissing: {
    category: 'configuration',
    meaning: (c) =>
      `Source bucket ${c.sourceBucket} uses Object Lock but ${destination(c)} does not, so the locked object could not be replicated.`,
    remediation: (c) =>
      sentences(
        `Enable Object Lock on the destination (versioning must already be Enabled): aws s3api put-object-lock-configuration --bucket ${destinationName(c)} --object-lock-configuration '{"ObjectLockEnabled":"Enabled"}'.`,
        `${capitalise(role(c))} also needs s3:PutObjectRetention and s3:PutObjectLegalHold on ${destinationObjects(c)}.`,
        retryAfterFix(c),
      ),
  },
  SrcBucketNotFound: {
    category: 'configuration',
    meaning: (c) => `Source bucket ${c.sourceBucket} could not be found.`,
    remediation: (c) =>
      sentences(
        `Confirm with aws s3api head-bucket --bucket ${c.sourceBucket}.`,
        'If it was deleted on purpose, stop monitoring it; if a Batch Replication job reported this,',
        "check the bucket it names and create the job in the source bucket's Region.",
      ),
  },
  SrcBucketReplicationConfigMissing: {
    category: 'configuration',
    meaning: (c) =>
      `Source bucket ${c.sourceBucket} has no replication configuration any more, so S3 had no rule to replicate the object with.`,
    remediation: (c) =>
      sentences(
        `Check with aws s3api get-bucket-replication --bucket ${c.sourceBucket}; if it was removed by mistake, restore it with`,
        `aws s3api put-bucket-replication --bucket ${c.sourceBucket} --replication-configuration file://replication.json`,
        '(the Role and the rules with their Destination). Batch Replication also requires this configuration.',
        retryAfterFix(c),
      ),
  },
};

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
