import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SEVERITY, FINDING_CODES } from '../../shared/model/findings.js';
import { causeFingerprint, fingerprint, identityFields } from '../../shared/model/fingerprint.js';
import { failedFinding } from '../helpers/findings.js';

describe('fingerprint', () => {
  it('is the same for the same problem however it is worded or measured', () => {
    const first = failedFinding();
    const again = failedFinding({
      message: 'other words',
      severity: 'warning',
      evidence: { eventTime: 'later' },
    });
    assert.equal(fingerprint(first), fingerprint(again));
    assert.match(fingerprint(first), /^[0-9a-f]{24}$/);
  });

  it('differs when the object, reason, rule or destination differ', () => {
    const base = fingerprint(failedFinding());
    for (const change of [
      { key: 'b.txt' },
      { versionId: 'v2' },
      { failureReason: 'DstBucketUnversioned' },
      { ruleId: 'r2' },
      { destinationBucket: 'dst2' },
    ]) {
      assert.notEqual(fingerprint(failedFinding(change)), base, JSON.stringify(change));
    }
  });

  it('keeps field boundaries: a key containing a separator cannot collide', () => {
    assert.notEqual(
      fingerprint(failedFinding({ key: 'a', versionId: 'b|c' })),
      fingerprint(failedFinding({ key: 'a|b', versionId: 'c' })),
    );
  });
});

describe('identityFields', () => {
  it('declares identity for every code, always including the source bucket', () => {
    assert.equal(FINDING_CODES.length, Object.keys(DEFAULT_SEVERITY).length);
    for (const code of FINDING_CODES) assert.ok(identityFields(code).includes('sourceBucket'), code);
  });
});

describe('causeFingerprint', () => {
  it('groups objects of one cause and separates causes', () => {
    assert.equal(
      causeFingerprint(failedFinding({ key: 'x' })),
      causeFingerprint(failedFinding({ key: 'y', versionId: 'v9' })),
    );
    assert.notEqual(
      causeFingerprint(failedFinding()),
      causeFingerprint(failedFinding({ failureReason: 'DstKmsKeyInvalidState' })),
    );
  });

  it('separates permission findings by action, so each keeps its own fix', () => {
    const missing = {
      code: 'ROLE_PERMISSION_MISSING' as const,
      severity: 'critical' as const,
      key: undefined,
      versionId: undefined,
    };
    assert.notEqual(
      causeFingerprint(failedFinding({ ...missing, action: 's3:ReplicateObject' })),
      causeFingerprint(failedFinding({ ...missing, action: 's3:ReplicateDelete' })),
    );
  });
});
