/**
 * Failure reasons about one object's state (category 'object', often benign) and reasons only
 * S3 Batch Replication reports (category 'batch'), whose fix concerns the Batch job rather than
 * the live replication rule.
 */
import {
  batchReplicationJob,
  bucketArn,
  destination,
  destinationName,
  type ReasonEntry,
  type ReasonTable,
  role,
  rule,
  sentences,
  sourceObjects,
} from './failure-reasons-text.js';

function goneBeforeReplication(what: string): ReasonEntry {
  return {
    category: 'object',
    transient: true,
    meaning: (c) =>
      `The source ${what} was not found in ${c.sourceBucket}; it was most likely deleted before replication finished.`,
    remediation: (c) =>
      sentences(
        'Usually nothing to do.',
        `If the object still exists (aws s3api head-object --bucket ${c.sourceBucket} --key <key> --version-id <version-id>`,
        `shows ReplicationStatus FAILED), re-replicate it with ${batchReplicationJob(c)}`,
      ),
  };
}

export const OBJECT_REASONS: ReasonTable = {
  SrcKeyNotFound: goneBeforeReplication('object key'),
  SrcObjectNotFound: goneBeforeReplication('object'),
  SrcVersionNotFound: goneBeforeReplication('object version'),
  SrcReplicationNotPending: {
    category: 'object',
    transient: true,
    meaning: () =>
      'The object was already replicated or is no longer pending, so there was nothing to replicate; Batch Replication jobs report this for objects live replication already copied.',
    remediation: () =>
      'Nothing to do. To avoid it, let Batch Replication jobs select only ObjectReplicationStatuses=["FAILED"] (or ["NONE","FAILED"] to include never-replicated objects).',
  },
  SrcObjectNotEligible: {
    category: 'object',
    meaning: (c) =>
      `The object is not eligible for replication under ${rule(c)}: its storage class (S3 Glacier Flexible Retrieval or Deep Archive) is not replicated, or its tags do not match the rule's filter.`,
    remediation: (c) =>
      sentences(
        'Nothing to do if the object is meant to be excluded.',
        `Otherwise check its StorageClass (aws s3api head-object --bucket ${c.sourceBucket} --key <key>) and tags`,
        `(aws s3api get-object-tagging --bucket ${c.sourceBucket} --key <key>): restore archived objects first`,
        `(aws s3api restore-object), correct the tags or the Filter of ${rule(c)}, then replicate it with S3 Batch Replication;`,
        'tags added after upload never trigger live replication.',
      ),
  },
  DstVersionNotFound: {
    category: 'object',
    meaning: (c) =>
      `S3 could not find the replica version in ${destination(c)} that a metadata change (tags, ACL, Object Lock) had to update; the replica was probably deleted or never replicated.`,
    remediation: (c) =>
      sentences(
        'Nothing to do if the replica was deleted on purpose.',
        `Otherwise look for it with aws s3api list-object-versions --bucket ${destinationName(c)} --prefix <key>`,
        `and re-replicate the object with ${batchReplicationJob(c)}`,
        'A replica deleted by version ID cannot be re-replicated: copy the source object in place instead.',
      ),
  },
  DstObjectHardDeleted: {
    category: 'batch',
    meaning: (c) =>
      `Batch Replication cannot re-replicate this object because its replica was deleted from ${destination(c)} by version ID.`,
    remediation: (c) =>
      sentences(
        `Copy the source object in place (an S3 Batch Operations Copy job with ${bucketArn(c, c.sourceBucket)} as source and destination):`,
        'the copy is a new version, which the live replication rule then replicates.',
      ),
  },
  DstBucketInvalidRegion: {
    category: 'batch',
    meaning: (c) =>
      `A Batch Replication job expected ${destination(c)} in a different Region than the one it is in.`,
    remediation: (c) =>
      sentences(
        `Find its Region with aws s3api get-bucket-location --bucket ${destinationName(c)},`,
        `check that ${rule(c)} names the intended destination bucket, then run the Batch Replication job again.`,
      ),
  },
  SrcBucketInvalidRegion: {
    category: 'batch',
    meaning: (c) => `A Batch Replication job ran in a different Region than source bucket ${c.sourceBucket}.`,
    remediation: (c) =>
      sentences(
        `Find the bucket's Region with aws s3api get-bucket-location --bucket ${c.sourceBucket}`,
        'and create the job there: aws s3control create-job ... --region <source-bucket-region>.',
      ),
  },
  InitiateReplicationNotPermitted: {
    category: 'batch',
    meaning: (c) =>
      `The Batch Replication job's role was not allowed to start replication of objects in ${c.sourceBucket}.`,
    remediation: (c) =>
      sentences(
        `Allow s3:InitiateReplication on ${sourceObjects(c)} in the permissions policy of the Batch Operations job's role`,
        `(${role(c)} if the job uses it), plus s3:GetReplicationConfiguration and s3:PutInventoryConfiguration on`,
        `${bucketArn(c, c.sourceBucket)} when S3 generates the manifest, read access to a supplied manifest and s3:PutObject on the report bucket.`,
        'Its trust policy must allow batchoperations.s3.amazonaws.com. Then run the job again.',
      ),
  },
};
