import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  diagnoseFailure,
  type FailureContext,
  KNOWN_FAILURE_REASONS,
} from '../../shared/events/failure-reasons.js';
import type { FailureCategory } from '../../shared/model/findings.js';

// Written from AWS's failure-reason table (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-metrics-events.html#replication-failure-codes), not from the module.
const EXPECTED_CATEGORY: Record<string, FailureCategory> = {
  AssumeRoleNotPermitted: 'permission',
  DstBucketInvalidRegion: 'batch',
  DstBucketNotFound: 'configuration',
  DstBucketObjectLockConfigMissing: 'configuration',
  DstBucketUnversioned: 'configuration',
  DstDelObjNotPermitted: 'permission',
  DstKmsKeyInvalidState: 'kms',
  DstKmsKeyNotFound: 'kms',
  DstMultipartCompleteNotPermitted: 'permission',
  DstMultipartInitNotPermitted: 'permission',
  DstMultipartUploadNotPermitted: 'permission',
  DstMultipartPartUploadNotPermitted: 'permission',
  DstObjectHardDeleted: 'batch',
  DstPutAclNotPermitted: 'permission',
  DstPutLegalHoldNotPermitted: 'permission',
  DstPutObjectNotPermitted: 'permission',
  DstPutRetentionNotPermitted: 'permission',
  DstPutTaggingNotPermitted: 'permission',
  DstVersionNotFound: 'object',
  InitiateReplicationNotPermitted: 'batch',
  SrcBucketInvalidRegion: 'batch',
  SrcBucketNotFound: 'configuration',
  SrcBucketReplicationConfigMissing: 'configuration',
  SrcGetAclNotPermitted: 'permission',
  SrcGetLegalHoldNotPermitted: 'permission',
  SrcGetObjectNotPermitted: 'permission',
  SrcGetRetentionNotPermitted: 'permission',
  SrcGetTaggingNotPermitted: 'permission',
  SrcHeadObjectNotPermitted: 'permission',
  SrcKeyNotFound: 'object',
  SrcKmsKeyInvalidState: 'kms',
  SrcObjectNotEligible: 'object',
  SrcObjectNotFound: 'object',
  SrcReplicationNotPending: 'object',
  SrcVersionNotFound: 'object',
};

const TRANSIENT = ['SrcKeyNotFound', 'SrcVersionNotFound', 'SrcObjectNotFound', 'SrcReplicationNotPending'];

// The bucket each permission reason is about, and the action AWS names for it (the table, or the replication permissions page).
const PERMISSION_FIX: Record<string, { side: 'source' | 'destination'; action: string }> = {
  AssumeRoleNotPermitted: { side: 'source', action: 's3:GetReplicationConfiguration' },
  DstDelObjNotPermitted: { side: 'destination', action: 's3:ReplicateDelete' },
  DstMultipartCompleteNotPermitted: { side: 'destination', action: 's3:ReplicateObject' },
  DstMultipartInitNotPermitted: { side: 'destination', action: 's3:ReplicateObject' },
  DstMultipartUploadNotPermitted: { side: 'destination', action: 's3:ReplicateObject' },
  DstMultipartPartUploadNotPermitted: { side: 'destination', action: 's3:ReplicateObject' },
  DstPutAclNotPermitted: { side: 'destination', action: 's3:ReplicateObject' },
  DstPutLegalHoldNotPermitted: { side: 'destination', action: 's3:PutObjectLegalHold' },
  DstPutObjectNotPermitted: { side: 'destination', action: 's3:ReplicateObject' },
  DstPutRetentionNotPermitted: { side: 'destination', action: 's3:PutObjectRetention' },
  DstPutTaggingNotPermitted: { side: 'destination', action: 's3:ReplicateObject' },
  SrcGetAclNotPermitted: { side: 'source', action: 's3:GetObjectVersionAcl' },
  SrcGetLegalHoldNotPermitted: { side: 'source', action: 's3:GetObjectLegalHold' },
  SrcGetObjectNotPermitted: { side: 'source', action: 's3:GetObjectVersionForReplication' },
  SrcGetRetentionNotPermitted: { side: 'source', action: 's3:GetObjectRetention' },
  SrcGetTaggingNotPermitted: { side: 'source', action: 's3:GetObjectVersionTagging' },
  SrcHeadObjectNotPermitted: { side: 'source', action: 's3:GetObjectVersionForReplication' },
};

const ROLE_ARN = 'arn:aws:iam::111122223333:role/service-role/replication-role';

function context(overrides: Partial<FailureContext> = {}): FailureContext {
  return {
    sourceBucket: 'src-bucket',
    destinationBucket: 'dst-bucket',
    ruleId: 'rule-1',
    sourceRegion: 'us-east-1',
    ...overrides,
  };
}

function reasonsIn(category: FailureCategory): string[] {
  return Object.keys(EXPECTED_CATEGORY).filter((reason) => EXPECTED_CATEGORY[reason] === category);
}

describe('KNOWN_FAILURE_REASONS', () => {
  it('lists every code of the reference table plus both multipart spellings, and nothing else', () => {
    assert.deepEqual([...KNOWN_FAILURE_REASONS].sort(), Object.keys(EXPECTED_CATEGORY).sort());
    assert.equal(KNOWN_FAILURE_REASONS.length, 35);
  });
});

describe('diagnoseFailure', () => {
  for (const [reason, category] of Object.entries(EXPECTED_CATEGORY)) {
    it(`maps ${reason} to ${category} with a meaning and a remediation`, () => {
      const diagnosis = diagnoseFailure(reason, context());

      assert.equal(diagnosis.failureReason, reason);
      assert.equal(diagnosis.known, true);
      assert.equal(diagnosis.category, category);
      assert.equal(diagnosis.transient, TRANSIENT.includes(reason));
      assert.match(diagnosis.meaning, /\S.*\.$/);
      assert.ok(diagnosis.remediation.length > 20);
    });
  }

  it('writes plain text: no Markdown, no line breaks, no unfilled template', () => {
    for (const reason of [...KNOWN_FAILURE_REASONS, 'SomethingNew', undefined]) {
      const { meaning, remediation } = diagnoseFailure(reason, context({ roleArn: ROLE_ARN }));
      for (const text of [meaning, remediation]) {
        assert.doesNotMatch(text, /[`\n]|\*\*|\]\(|undefined|\$\{/, `${reason}: ${text}`);
        assert.doesNotMatch(text, / {2}/, `${reason} has a double space`);
      }
    }
  });

  it('names an s3: action on an ARN of the right bucket in every permission remediation', () => {
    for (const reason of reasonsIn('permission')) {
      const fix = PERMISSION_FIX[reason];
      assert.ok(fix, `the test table lacks ${reason}`);
      const { remediation } = diagnoseFailure(reason, context());
      const bucket = fix.side === 'source' ? 'src-bucket' : 'dst-bucket';

      assert.ok(remediation.includes(fix.action), `${reason} should name ${fix.action}`);
      assert.match(
        remediation,
        new RegExp(`arn:aws:s3:::${bucket}(/\\*)?\\b`),
        `${reason} should name ${bucket}`,
      );
    }
  });

  it('puts object actions on the objects ARN (bucket/*)', () => {
    assert.match(
      diagnoseFailure('DstDelObjNotPermitted', context()).remediation,
      /s3:ReplicateDelete on arn:aws:s3:::dst-bucket\/\*/,
    );
    assert.match(
      diagnoseFailure('SrcGetTaggingNotPermitted', context()).remediation,
      /s3:GetObjectVersionTagging on arn:aws:s3:::src-bucket\/\*/,
    );
  });

  it('tells AssumeRoleNotPermitted to fix the trust policy for s3.amazonaws.com', () => {
    const { remediation } = diagnoseFailure('AssumeRoleNotPermitted', context({ roleArn: ROLE_ARN }));

    assert.match(remediation, /sts:AssumeRole/);
    assert.match(remediation, /s3\.amazonaws\.com/);
    assert.match(remediation, /aws iam update-assume-role-policy --role-name replication-role /);
  });

  it('mentions the key and the key setting in every KMS remediation', () => {
    for (const reason of reasonsIn('kms')) {
      const { remediation } = diagnoseFailure(reason, context());

      assert.match(remediation, /aws kms |ReplicaKmsKeyID/, reason);
      assert.match(remediation, /key/i, reason);
    }
    assert.match(diagnoseFailure('DstKmsKeyNotFound', context()).remediation, /ReplicaKmsKeyID/);
    assert.match(diagnoseFailure('DstKmsKeyInvalidState', context()).remediation, /aws kms enable-key/);
    assert.match(diagnoseFailure('SrcKmsKeyInvalidState', context()).remediation, /--region us-east-1/);
  });

  it('names both causes of DstPutObjectNotPermitted: s3:ReplicateObject and the KMS key policy', () => {
    const { remediation, meaning } = diagnoseFailure('DstPutObjectNotPermitted', context());

    assert.match(remediation, /s3:ReplicateObject on arn:aws:s3:::dst-bucket\/\*/);
    assert.match(remediation, /s3:ObjectOwnerOverrideToBucketOwner/);
    assert.match(remediation, /bucket policy/);
    assert.match(remediation, /key policy/);
    assert.match(remediation, /kms:Encrypt/);
    assert.match(remediation, /kms:GenerateDataKey/);
    assert.match(remediation, /kms:Decrypt/);
    assert.match(meaning, /KMS/);
  });

  it('diagnoses both spellings of the multipart upload code the same way', () => {
    const current = diagnoseFailure('DstMultipartUploadNotPermitted', context());
    const older = diagnoseFailure('DstMultipartPartUploadNotPermitted', context());

    assert.equal(older.failureReason, 'DstMultipartPartUploadNotPermitted');
    assert.deepEqual({ ...older, failureReason: '' }, { ...current, failureReason: '' });
  });

  it('uses the Object Lock read permissions of the reference where AWS names no action', () => {
    assert.match(
      diagnoseFailure('SrcGetLegalHoldNotPermitted', context()).remediation,
      /s3:GetObjectLegalHold on arn:aws:s3:::src-bucket\/\*/,
    );
    assert.match(
      diagnoseFailure('SrcGetRetentionNotPermitted', context()).remediation,
      /s3:GetObjectRetention on arn:aws:s3:::src-bucket\/\*/,
    );
  });

  it('mentions kms:Decrypt on the source key for SrcGetObjectNotPermitted', () => {
    const { remediation } = diagnoseFailure('SrcGetObjectNotPermitted', context());

    assert.match(remediation, /SSE-KMS/);
    assert.match(remediation, /kms:Decrypt on the source object's KMS key/);
  });

  it('gives the versioning command for DstBucketUnversioned', () => {
    assert.match(
      diagnoseFailure('DstBucketUnversioned', context()).remediation,
      /aws s3api put-bucket-versioning --bucket dst-bucket --versioning-configuration Status=Enabled/,
    );
  });

  it('points non-transient failures at Batch Replication filtered to FAILED', () => {
    for (const reason of [
      'SrcGetObjectNotPermitted',
      'DstKmsKeyInvalidState',
      'DstBucketUnversioned',
      'DstVersionNotFound',
    ]) {
      const { remediation } = diagnoseFailure(reason, context());

      assert.match(remediation, /ObjectReplicationStatuses=\["FAILED"\]/, reason);
    }
    assert.match(
      diagnoseFailure('SrcGetObjectNotPermitted', context()).remediation,
      /not retried automatically/,
    );
  });

  it('says what to do, if anything, for transient object reasons', () => {
    for (const reason of TRANSIENT) {
      assert.match(
        diagnoseFailure(reason, context()).remediation,
        /^(Usually nothing|Nothing) to do/,
        reason,
      );
    }
  });

  it('keeps an unknown reason verbatim with category unknown', () => {
    const diagnosis = diagnoseFailure('DstOutOfCapacity <b>', context());

    assert.equal(diagnosis.failureReason, 'DstOutOfCapacity <b>');
    assert.equal(diagnosis.known, false);
    assert.equal(diagnosis.category, 'unknown');
    assert.equal(diagnosis.transient, false);
    assert.match(diagnosis.meaning, /"DstOutOfCapacity <b>", which this monitor does not know/);
    assert.match(diagnosis.remediation, /replication-troubleshoot\.html/);
    assert.match(diagnosis.remediation, /s3:ReplicateObject.*arn:aws:s3:::dst-bucket\/\*/);
    assert.match(diagnosis.remediation, /ReplicaKmsKeyID/);
    assert.match(diagnosis.remediation, /versioning/);
  });

  it('does not match inherited object properties or other casings', () => {
    for (const reason of ['constructor', 'toString', '__proto__', 'dstbucketunversioned']) {
      const diagnosis = diagnoseFailure(reason, context());

      assert.equal(diagnosis.known, false, reason);
      assert.equal(diagnosis.failureReason, reason);
    }
  });

  it('says the reason is missing when it is undefined or empty', () => {
    for (const reason of [undefined, '', '  ']) {
      const diagnosis = diagnoseFailure(reason, context());

      assert.equal(diagnosis.known, false);
      assert.equal(diagnosis.category, 'unknown');
      assert.equal(diagnosis.failureReason, reason ?? '');
      assert.match(diagnosis.meaning, /without a failureReason/);
    }
  });

  it('inserts the role ARN when given and names the configured role otherwise', () => {
    const withRole = diagnoseFailure('DstDelObjNotPermitted', context({ roleArn: ROLE_ARN }));
    const withoutRole = diagnoseFailure('DstDelObjNotPermitted', context());

    assert.ok(withRole.remediation.includes(`the replication role ${ROLE_ARN}`));
    assert.ok(withRole.remediation.includes(`--policy-source-arn ${ROLE_ARN}`));
    assert.ok(
      withoutRole.remediation.includes(
        "the replication role named in the bucket's replication configuration",
      ),
    );
    assert.ok(withoutRole.remediation.includes('aws s3api get-bucket-replication --bucket src-bucket'));
  });

  it('falls back to a placeholder when the destination bucket is unknown, and accepts an ARN', () => {
    const unknown = diagnoseFailure('DstDelObjNotPermitted', context({ destinationBucket: undefined }));
    const fromArn = diagnoseFailure(
      'DstDelObjNotPermitted',
      context({ destinationBucket: 'arn:aws:s3:::dst-bucket' }),
    );

    assert.match(unknown.remediation, /arn:aws:s3:::<destination-bucket>\/\*/);
    assert.match(unknown.meaning, /the destination bucket of rule rule-1/);
    assert.deepEqual(fromArn, diagnoseFailure('DstDelObjNotPermitted', context()));
  });

  it('uses the partition of the source Region in ARNs', () => {
    const china = diagnoseFailure('SrcGetTaggingNotPermitted', context({ sourceRegion: 'cn-north-1' }));

    assert.match(china.remediation, /arn:aws-cn:s3:::src-bucket\/\*/);
  });

  it('inserts bucket names verbatim', () => {
    const { remediation } = diagnoseFailure(
      'DstBucketUnversioned',
      context({ destinationBucket: 'dst_<x>&y' }),
    );

    assert.match(remediation, /--bucket dst_<x>&y /);
  });

  it('rejects a context without a source bucket, naming the argument', () => {
    assert.throws(
      () => diagnoseFailure('SrcKeyNotFound', context({ sourceBucket: '' })),
      /context\.sourceBucket/,
    );
  });
});
