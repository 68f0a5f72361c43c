import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FINDING_CODES, type Finding, type FindingCode } from '../../shared/model/findings.js';
import {
  causeFields,
  causeFingerprint,
  fingerprint,
  type IdentityField,
  identityFields,
} from '../../shared/model/fingerprint.js';
import { failedFinding } from '../helpers/findings.js';

/** The definition fingerprints were first persisted with: SHA-256 of the JSON identity, 24 hex digits. */
function reference(finding: Finding, fields: readonly IdentityField[]): string {
  const parts = [finding.code, ...fields.map((field) => finding[field] ?? '')];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 24);
}

const text = fc.option(fc.string({ unit: 'binary', maxLength: 40 }), { nil: undefined });

const findings = fc
  .record({
    code: fc.constantFrom(...(FINDING_CODES as readonly FindingCode[])),
    sourceBucket: fc.string({ minLength: 1, maxLength: 20 }),
    ruleId: text,
    destinationBucket: text,
    key: text,
    versionId: text,
    failureReason: text,
    principal: text,
    action: text,
    resource: text,
    metric: text,
  })
  .map((fields) => failedFinding(fields as Partial<Finding>));

describe('fingerprint stability', () => {
  it('keeps the fingerprints already persisted', () => {
    assert.equal(fingerprint(failedFinding()), 'b31b6d73131b97afd5b9d26a');
    assert.equal(
      fingerprint(failedFinding({ key: 'Tax/report 2026+é 📄.pdf', versionId: 'null' })),
      'd8e4d6c3ef8ebde542acbfda',
    );
    assert.equal(causeFingerprint(failedFinding()), 'a0cfcabad2f5a1391265ae11');
    assert.equal(
      causeFingerprint(failedFinding({ ruleId: undefined, key: 'k', versionId: undefined })),
      'ea30238456252a7d35f48a37',
    );
  });

  it('computes exactly the persisted definition for any finding, cause fingerprints included', () => {
    fc.assert(
      fc.property(findings, (finding) => {
        assert.equal(fingerprint(finding), reference(finding, identityFields(finding.code)));
        assert.equal(causeFingerprint(finding), reference(finding, causeFields(finding.code)));
      }),
      { numRuns: 500 },
    );
  });

  it('answers a cause seen again with the same digest, and a changed cause with its own', () => {
    const first = causeFingerprint(failedFinding({ key: 'a' }));
    assert.equal(causeFingerprint(failedFinding({ key: 'b' })), first);
    const changed = failedFinding({ failureReason: 'DstBucketNotFound' });
    assert.equal(causeFingerprint(changed), reference(changed, causeFields(changed.code)));
    assert.notEqual(causeFingerprint(changed), first);
  });

  it('fingerprints a finding changed in place afresh, never from what it was', () => {
    const finding = failedFinding();
    const before = [fingerprint(finding), causeFingerprint(finding)];
    finding.failureReason = 'DstBucketNotFound';
    finding.key = 'b.txt';
    assert.deepEqual(
      [fingerprint(finding), causeFingerprint(finding)],
      [reference(finding, identityFields(finding.code)), reference(finding, causeFields(finding.code))],
    );
    assert.notDeepEqual([fingerprint(finding), causeFingerprint(finding)], before);
    finding.code = 'OBJECT_REPLICATION_FAILED';
    assert.equal(fingerprint(finding), reference(finding, identityFields(finding.code)));
  });
});
