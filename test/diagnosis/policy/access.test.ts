import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explainResourceAccess } from '../../../shared/diagnosis/policy/access-reason.js';
import { defaultKeyPolicy, evaluateResourceAccess } from '../../../shared/diagnosis/policy/index.js';
import { findNearMiss } from '../../../shared/diagnosis/policy/near-miss.js';
import {
  conditionedKeyPolicy,
  crossAccountBucketPolicy,
  DESTINATION_ACCOUNT,
  DESTINATION_BUCKET,
  DESTINATION_KEY,
  destinationKeyPolicy,
  keyPolicyWithoutIamDelegation,
  ROLE_ARN,
  roleRequest,
  SOURCE_ACCOUNT,
  SOURCE_BUCKET,
  SOURCE_KEY,
} from '../../helpers/policy/fixtures.js';

const OBJECT = `${DESTINATION_BUCKET}/orders/a.csv`;
const rootOnly = (account: string) => ({
  Version: '2012-10-17',
  Statement: [destinationKeyPolicy({ AWS: `arn:aws:iam::${account}:root` }).Statement[1]],
});

describe('evaluateResourceAccess', () => {
  it('allows S3 in the same account through identity policies alone', () => {
    const access = evaluateResourceAccess({
      request: roleRequest('s3:ReplicateObject', OBJECT),
      resourcePolicy: undefined,
      resourceAccount: SOURCE_ACCOUNT,
      resourceKind: 's3',
      identityAllows: true,
    });

    assert.equal(access.decision, 'allowed');
    assert.deepEqual(access.matched, []);
    assert.match(access.reason, /identity policies .* allow s3:ReplicateObject/);
  });

  it('allows S3 in the same account through a bucket policy naming the role, without identity policies', () => {
    const access = evaluateResourceAccess({
      request: roleRequest('s3:ReplicateObject', OBJECT),
      resourcePolicy: crossAccountBucketPolicy(),
      resourceAccount: SOURCE_ACCOUNT,
      resourceKind: 's3',
      identityAllows: false,
    });

    assert.equal(access.decision, 'allowed');
    assert.equal(access.matched[0]?.sid, 'Permissions on objects');
  });

  it('needs both sides cross-account and says which one is missing', () => {
    const input = {
      request: roleRequest('s3:ReplicateObject', OBJECT),
      resourceAccount: DESTINATION_ACCOUNT,
      resourceKind: 's3' as const,
    };

    const noIdentity = evaluateResourceAccess({
      ...input,
      resourcePolicy: crossAccountBucketPolicy(),
      identityAllows: false,
    });
    const noPolicy = evaluateResourceAccess({ ...input, resourcePolicy: undefined, identityAllows: true });

    assert.equal(noIdentity.decision, 'implicitDeny');
    assert.match(
      noIdentity.reason,
      /identity policies in 111122223333 do not, and cross-account access needs both/,
    );
    assert.equal(noPolicy.decision, 'implicitDeny');
    assert.match(noPolicy.reason, /has no bucket policy/);
  });

  it('lets an explicit deny win and names the statement', () => {
    const policy = crossAccountBucketPolicy();
    policy.Statement.push({
      Sid: 'NoTags',
      Effect: 'Deny',
      Principal: '*',
      Action: ['s3:ReplicateTags'],
      Resource: `${DESTINATION_BUCKET}/*`,
    } as never);

    const access = evaluateResourceAccess({
      request: roleRequest('s3:ReplicateTags', OBJECT),
      resourcePolicy: policy,
      resourceAccount: DESTINATION_ACCOUNT,
      resourceKind: 's3',
      identityAllows: true,
    });

    assert.equal(access.decision, 'explicitDeny');
    assert.deepEqual(access.matched, [
      { policyName: 'bucket policy', index: 2, sid: 'NoTags', effect: 'Deny', viaAccountRoot: false },
    ]);
    assert.match(access.reason, /Statement\[2\] "NoTags"/);
  });

  it('explains a key policy that allows only another account root', () => {
    const access = evaluateResourceAccess({
      request: roleRequest('kms:Encrypt', DESTINATION_KEY),
      resourcePolicy: rootOnly(DESTINATION_ACCOUNT),
      resourceAccount: DESTINATION_ACCOUNT,
      resourceKind: 'kms',
      identityAllows: true,
    });

    assert.equal(access.decision, 'implicitDeny');
    assert.equal(
      access.reason,
      "the key policy allows only the account root of 444455556666 (delegation to that account's IAM policies), which does not cover a role in 111122223333",
    );
  });

  it('uses the default key policy for a key without one, delegating to identity policies', () => {
    const input = {
      request: roleRequest('kms:Decrypt', SOURCE_KEY),
      resourcePolicy: undefined,
      resourceAccount: SOURCE_ACCOUNT,
      resourceKind: 'kms' as const,
    };

    const allowed = evaluateResourceAccess({ ...input, identityAllows: true });
    const denied = evaluateResourceAccess({ ...input, identityAllows: false });

    assert.equal(allowed.decision, 'allowed');
    assert.equal(allowed.matched[0]?.viaAccountRoot, true);
    assert.equal(denied.decision, 'implicitDeny');
  });

  it('refuses a key whose policy never delegates to IAM, even when identity policies allow', () => {
    const access = evaluateResourceAccess({
      request: roleRequest('kms:Decrypt', SOURCE_KEY),
      resourcePolicy: keyPolicyWithoutIamDelegation(),
      resourceAccount: SOURCE_ACCOUNT,
      resourceKind: 'kms',
      identityAllows: true,
    });

    assert.equal(access.decision, 'implicitDeny');
    assert.match(
      access.reason,
      /KMS reads identity policies only when the key policy allows the account root/,
    );
  });

  it('names the condition that keeps a key policy statement from applying', () => {
    const access = evaluateResourceAccess({
      request: roleRequest('kms:Decrypt', SOURCE_KEY, {
        'kms:ViaService': 's3.us-east-1.amazonaws.com',
        'kms:EncryptionContext:aws:s3:arn': `${SOURCE_BUCKET}/orders/a.csv`,
      }),
      resourcePolicy: conditionedKeyPolicy('s3.us-west-2.amazonaws.com', `${SOURCE_BUCKET}/*`),
      resourceAccount: SOURCE_ACCOUNT,
      resourceKind: 'kms',
      identityAllows: true,
    });

    assert.equal(access.decision, 'implicitDeny');
    assert.match(access.reason, /its condition on kms:ViaService does not hold/);
  });

  it('lets a service principal in only through the resource policy', () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 's3.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `${DESTINATION_BUCKET}/*`,
        },
      ],
    };
    const request = {
      ...roleRequest('s3:PutObject', OBJECT),
      principal: { kind: 'Service' as const, name: 's3.amazonaws.com' },
    };

    const access = evaluateResourceAccess({
      request,
      resourcePolicy: policy,
      resourceAccount: DESTINATION_ACCOUNT,
      resourceKind: 's3',
      identityAllows: false,
    });

    assert.equal(access.decision, 'allowed');
  });

  it('reports unreadable parts of the policy with the decision', () => {
    const access = evaluateResourceAccess({
      request: roleRequest('s3:ReplicateObject', OBJECT),
      resourcePolicy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: ROLE_ARN }, Action: 's3:ReplicateObject' }],
      },
      resourceAccount: DESTINATION_ACCOUNT,
      resourceKind: 's3',
      identityAllows: true,
    });

    assert.equal(access.decision, 'implicitDeny');
    assert.equal(access.problems[0]?.code, 'missing-element');
    assert.match(access.reason, /1 unreadable part\(s\) of the bucket policy were skipped/);
  });
});

describe('defaultKeyPolicy', () => {
  it('allows the account root every KMS action, as KMS does for a key created without a policy', () => {
    const policy = defaultKeyPolicy(SOURCE_ACCOUNT);

    assert.deepEqual(policy.Statement[0]?.Principal, { AWS: 'arn:aws:iam::111122223333:root' });
    assert.equal(policy.Statement[0]?.Action, 'kms:*');
  });
});

describe('explainResourceAccess', () => {
  it('says why a cross-account allow holds, naming both sides', () => {
    const request = roleRequest('kms:Encrypt', DESTINATION_KEY);
    const facts = {
      request,
      resourceKind: 'kms' as const,
      resourceAccount: DESTINATION_ACCOUNT,
      identityAllows: true,
      document: destinationKeyPolicy(),
      policyName: 'key policy',
      hasPolicy: true,
      sameAccount: false,
      result: {
        allows: [{ policyName: 'key policy', index: 1, effect: 'Allow' as const, viaAccountRoot: false }],
        denies: [],
        undecided: [],
        problems: [],
      },
    };

    const reason = explainResourceAccess(facts, 'allowed');

    assert.match(
      reason,
      /^the key policy of 444455556666 allows kms:Encrypt .* in Statement\[1\], and the identity policies in 111122223333 allow it too/,
    );
  });
});

describe('findNearMiss', () => {
  it('lists account roots other than the principal’s and the first failing condition', () => {
    const request = roleRequest('kms:Decrypt', SOURCE_KEY, {
      'kms:ViaService': 's3.us-east-1.amazonaws.com',
    });
    const document = conditionedKeyPolicy('s3.us-west-2.amazonaws.com', `${SOURCE_BUCKET}/*`);
    document.Statement.push(rootOnly(DESTINATION_ACCOUNT).Statement[0] as never);
    document.Statement[1] = { ...document.Statement[1], Action: 'kms:*' } as never;

    const miss = findNearMiss(document, request, SOURCE_ACCOUNT);

    assert.deepEqual(miss, {
      otherAccountRoots: [DESTINATION_ACCOUNT],
      failedConditions: {
        index: 0,
        sid: 'Replication role decrypts through S3 only',
        keys: ['kms:ViaService', 'kms:EncryptionContext:aws:s3:arn'],
      },
    });
  });
});
