/**
 * Failure reasons caused by the replication role's permissions (category 'permission').
 * Actions are the ones AWS names for each code (failure-reason table of replication-metrics-events);
 * where it names none, the Object Lock permissions replication requires.
 */
import {
  bucketArn,
  destination,
  destinationGrant,
  destinationObjects,
  type FailureContext,
  type ReasonEntry,
  type ReasonTable,
  retryAfterFix,
  role,
  roleName,
  sentences,
  sourceGrant,
  sourceObjects,
} from './failure-reasons-text.js';

const TRUST_POLICY =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"sts:AssumeRole"}]}';

function writeToDestination(action: string, what: string): ReasonEntry {
  return {
    category: 'permission',
    meaning: (c) => `S3 was not allowed to ${what} ${destination(c)}.`,
    remediation: (c) => sentences(destinationGrant(c, [action]), retryAfterFix(c)),
  };
}

type Note = (context: FailureContext) => string;

function readFromSource(action: string, what: string, note: Note = () => ''): ReasonEntry {
  return {
    category: 'permission',
    meaning: (c) => `S3 was not allowed to read the ${what} of the source object in ${c.sourceBucket}.`,
    remediation: (c) => sentences(sourceGrant(c, [action]), note(c), retryAfterFix(c)),
  };
}

const objectLockReadNote: Note = () =>
  "AWS's description of this code names no action; this is the Object Lock permission replication needs on the source (an s3:Get* statement also covers it).";

const sourceKmsNote: Note = () =>
  sentences(
    'Grant s3:GetObjectVersionForReplication rather than s3:GetObjectVersion, which does not cover SSE-KMS objects.',
    "If the object is encrypted with SSE-KMS, the role also needs kms:Decrypt on the source object's KMS key",
    '(in its permissions policy, and in the key policy if the key is in another account or its policy has a Deny);',
    'AWS has no separate failure code for a missing kms:Decrypt on the source key.',
    'The source bucket owner must also own the object or have been granted READ on it.',
  );

const objectOwnershipNote: Note = (c) =>
  sentences(
    'The source bucket owner must also own the object: for objects uploaded by other accounts, have them',
    'upload with the bucket-owner-full-control ACL, or disable ACLs so the bucket owner owns every object:',
    `aws s3api put-bucket-ownership-controls --bucket ${c.sourceBucket} --ownership-controls 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'.`,
  );

function multipart(step: string): ReasonEntry {
  return writeToDestination('s3:ReplicateObject', `${step} the multipart upload of the replica in`);
}

export const PERMISSION_REASONS: ReasonTable = {
  AssumeRoleNotPermitted: {
    category: 'permission',
    meaning: (c) =>
      `S3 could not assume ${role(c)}, so it could not replicate objects from ${c.sourceBucket}. The role may be missing or may not trust s3.amazonaws.com.`,
    remediation: (c) =>
      sentences(
        `Let the service principal s3.amazonaws.com call sts:AssumeRole in the trust policy of ${role(c)}:`,
        `aws iam update-assume-role-policy --role-name ${roleName(c)} --policy-document '${TRUST_POLICY}'`,
        '(this replaces the whole trust policy; keep any other statement it needs, and add',
        'batchoperations.s3.amazonaws.com if Batch Replication uses the same role).',
        `If aws iam get-role --role-name ${roleName(c)} finds no role, recreate it with that trust policy and the replication permissions:`,
        `s3:GetReplicationConfiguration and s3:ListBucket on ${bucketArn(c, c.sourceBucket)};`,
        `s3:GetObjectVersionForReplication, s3:GetObjectVersionAcl and s3:GetObjectVersionTagging on ${sourceObjects(c)};`,
        `s3:ReplicateObject, s3:ReplicateDelete and s3:ReplicateTags on ${destinationObjects(c)}.`,
        retryAfterFix(c),
      ),
  },
  DstDelObjNotPermitted: writeToDestination('s3:ReplicateDelete', 'replicate a delete marker to'),
  DstMultipartInitNotPermitted: multipart('start'),
  DstMultipartCompleteNotPermitted: multipart('complete'),
  DstMultipartUploadNotPermitted: multipart('upload a part of'),
  // The 2023 table and the S3 on Outposts table spell this code with "Part"; the current page does not.
  DstMultipartPartUploadNotPermitted: multipart('upload a part of'),
  DstPutAclNotPermitted: writeToDestination('s3:ReplicateObject', "replicate the object's ACL to"),
  DstPutTaggingNotPermitted: writeToDestination('s3:ReplicateObject', "replicate the object's tags to"),
  DstPutLegalHoldNotPermitted: writeToDestination(
    's3:PutObjectLegalHold',
    'set the Object Lock legal hold of the replica in',
  ),
  DstPutRetentionNotPermitted: writeToDestination(
    's3:PutObjectRetention',
    'set the Object Lock retention of the replica in',
  ),
  DstPutObjectNotPermitted: {
    category: 'permission',
    meaning: (c) =>
      `S3 could not write the replica into ${destination(c)}: either the role may not replicate objects there, or it may not use the destination KMS key.`,
    remediation: (c) =>
      sentences(
        'Two causes are possible. First, the bucket permission.',
        destinationGrant(c, ['s3:ReplicateObject']),
        'If the rule changes replica ownership (AccessControlTranslation Owner=Destination), also allow',
        `s3:ObjectOwnerOverrideToBucketOwner on ${destinationObjects(c)} in the same two places.`,
        `Second, the KMS key: if the rule sets ReplicaKmsKeyID, the key policy of that key (and the role's permissions policy) must allow ${role(c)}`,
        'kms:Encrypt and kms:GenerateDataKey, plus kms:Decrypt when S3 Bucket Keys are enabled on the destination;',
        'a key in another account must be a customer managed key. Read the key policy with',
        'aws kms get-key-policy --key-id <ReplicaKmsKeyID> --policy-name default --region <destination-region>.',
        retryAfterFix(c),
      ),
  },
  SrcGetObjectNotPermitted: readFromSource('s3:GetObjectVersionForReplication', 'data', sourceKmsNote),
  SrcHeadObjectNotPermitted: readFromSource('s3:GetObjectVersionForReplication', 'metadata'),
  SrcGetAclNotPermitted: readFromSource('s3:GetObjectVersionAcl', 'ACL', objectOwnershipNote),
  SrcGetTaggingNotPermitted: readFromSource('s3:GetObjectVersionTagging', 'tags'),
  SrcGetLegalHoldNotPermitted: readFromSource(
    's3:GetObjectLegalHold',
    'Object Lock legal hold',
    objectLockReadNote,
  ),
  SrcGetRetentionNotPermitted: readFromSource(
    's3:GetObjectRetention',
    'Object Lock retention',
    objectLockReadNote,
  ),
};
