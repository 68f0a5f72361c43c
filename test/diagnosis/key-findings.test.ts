import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkKeyUsable, type KeyFacts, type KeyUse } from '../../shared/diagnosis/key-findings.js';

const SOURCE_KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/1111aaaa-1111-aaaa-1111-aaaa1111aaaa';
const REPLICA_KEY_ARN = 'arn:aws:kms:us-west-2:444455556666:key/3333cccc-3333-cccc-3333-cccc3333cccc';

/** An Enabled symmetric customer managed replica key in the destination account. */
function keyFacts(overrides: Partial<KeyFacts> = {}): KeyFacts {
  return {
    arn: REPLICA_KEY_ARN,
    account: '444455556666',
    region: 'us-west-2',
    state: 'Enabled',
    keyManager: 'CUSTOMER',
    keySpec: 'SYMMETRIC_DEFAULT',
    ...overrides,
  };
}

function keyUse(overrides: Partial<KeyUse> = {}): KeyUse {
  return {
    named: REPLICA_KEY_ARN,
    role: 'replica',
    key: keyFacts(),
    sourceBucket: 'src',
    ruleId: 'to-dr',
    destinationBucket: 'dst',
    roleAccount: '111122223333',
    ...overrides,
  };
}

describe('checkKeyUsable', () => {
  it('returns undefined for an Enabled symmetric customer managed key', () => {
    assert.equal(checkKeyUsable(keyUse()), undefined);
  });

  it('reports a key KMS does not know as KMS_KEY_UNUSABLE in state NotFound, named as configured', () => {
    const finding = checkKeyUsable(keyUse({ named: 'alias/replica', key: undefined }));

    assert.equal(finding?.code, 'KMS_KEY_UNUSABLE');
    assert.equal(finding?.severity, 'critical');
    assert.equal(finding?.keyState, 'NotFound');
    assert.equal(finding?.kmsKeyArn, 'alias/replica');
    assert.equal(finding?.sourceBucket, 'src');
    assert.equal(finding?.ruleId, 'to-dr');
    assert.equal(finding?.destinationBucket, 'dst');
    assert.match(finding?.message ?? '', /does not exist/);
    assert.match(finding?.remediation ?? '', /ReplicaKmsKeyID of rule to-dr/);
    assert.deepEqual(finding?.evidence, {
      key: null,
      named: 'alias/replica',
      role: 'replica',
      certain: true,
    });
  });

  it('tells how to recover a missing source key rather than to change ReplicaKmsKeyID', () => {
    const finding = checkKeyUsable(keyUse({ role: 'source', named: SOURCE_KEY_ARN, key: undefined }));

    assert.equal(finding?.keyState, 'NotFound');
    assert.match(finding?.message ?? '', /source objects/);
    assert.doesNotMatch(finding?.remediation ?? '', /ReplicaKmsKeyID/);
  });

  it('gives the cancel-key-deletion and enable-key commands for a key pending deletion', () => {
    const key = keyFacts({ state: 'PendingDeletion', deletionDate: '2026-12-01T00:00:00.000Z' });

    const finding = checkKeyUsable(keyUse({ key }));

    assert.equal(finding?.code, 'KMS_KEY_UNUSABLE');
    assert.equal(finding?.keyState, 'PendingDeletion');
    assert.equal(finding?.kmsKeyArn, REPLICA_KEY_ARN);
    assert.match(finding?.message ?? '', /scheduled for deletion on 2026-12-01T00:00:00.000Z/);
    assert.equal(
      finding?.remediation,
      `aws kms cancel-key-deletion --key-id ${REPLICA_KEY_ARN} --region us-west-2 && aws kms enable-key --key-id ${REPLICA_KEY_ARN} --region us-west-2`,
    );
  });

  it('gives the enable-key command for a Disabled key', () => {
    const finding = checkKeyUsable(keyUse({ key: keyFacts({ state: 'Disabled' }) }));

    assert.equal(finding?.keyState, 'Disabled');
    assert.match(finding?.message ?? '', /is in state Disabled/);
    assert.equal(finding?.remediation, `aws kms enable-key --key-id ${REPLICA_KEY_ARN} --region us-west-2`);
  });

  for (const state of ['PendingImport', 'Unavailable', 'Creating']) {
    it(`reports a key in state ${state} and says to wait or choose another key`, () => {
      const finding = checkKeyUsable(keyUse({ key: keyFacts({ state }) }));

      assert.equal(finding?.code, 'KMS_KEY_UNUSABLE');
      assert.equal(finding?.keyState, state);
      assert.match(finding?.remediation ?? '', /Wait until the key is Enabled/);
      assert.doesNotMatch(finding?.remediation ?? '', /enable-key/);
    });
  }

  it('reports an asymmetric key, which S3 cannot use', () => {
    const finding = checkKeyUsable(keyUse({ key: keyFacts({ keySpec: 'RSA_2048' }) }));

    assert.equal(finding?.code, 'KMS_KEY_UNUSABLE');
    assert.equal(finding?.keyState, 'Enabled');
    assert.match(finding?.message ?? '', /asymmetric key \(RSA_2048\)/);
    assert.match(finding?.remediation ?? '', /SYMMETRIC_DEFAULT/);
  });

  it('reports an AWS managed replica key of another account, which the role may not use', () => {
    const key = keyFacts({ keyManager: 'AWS' });

    const finding = checkKeyUsable(keyUse({ key }));

    assert.equal(finding?.code, 'KMS_KEY_UNUSABLE');
    assert.match(finding?.message ?? '', /AWS managed key of account 444455556666/);
    assert.match(finding?.remediation ?? '', /customer managed key in account 444455556666/);
    assert.match(finding?.remediation ?? '', /ReplicaKmsKeyID of rule to-dr/);
  });

  it('accepts an AWS managed key in the role’s own account', () => {
    const key = keyFacts({
      arn: SOURCE_KEY_ARN,
      account: '111122223333',
      region: 'eu-west-1',
      keyManager: 'AWS',
    });

    assert.equal(checkKeyUsable(keyUse({ role: 'source', named: 'alias/aws/s3', key })), undefined);
    assert.equal(checkKeyUsable(keyUse({ role: 'replica', named: 'alias/aws/s3', key })), undefined);
  });

  it('accepts an AWS managed source key whatever its account, since the rule only reads with it', () => {
    const key = keyFacts({ keyManager: 'AWS' });

    assert.equal(checkKeyUsable(keyUse({ role: 'source', key })), undefined);
  });

  it('applies a severity override', () => {
    const finding = checkKeyUsable(keyUse({ key: undefined }), { KMS_KEY_UNUSABLE: 'warning' });

    assert.equal(finding?.severity, 'warning');
  });
});

describe('checkKeyUsable before any SSE-KMS object exists', () => {
  it('makes an unusable replica key a warning that says no SSE-KMS object was seen yet', () => {
    const finding = checkKeyUsable(keyUse({ named: 'alias/replica', key: undefined, objectsKnown: false }));

    assert.equal(finding?.severity, 'warning');
    assert.match(finding?.message ?? '', /once any is uploaded \(none seen yet\)/);
    assert.equal(finding?.evidence?.certain, false);
  });
});
