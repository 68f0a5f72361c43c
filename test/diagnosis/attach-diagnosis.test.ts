import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attachDiagnosis, type KnownDiagnosis } from '../../shared/diagnosis/attach-diagnosis.js';
import type { Finding } from '../../shared/model/findings.js';

const failure = (overrides: Partial<Finding> = {}): Finding => ({
  code: 'REPLICATION_FAILED',
  severity: 'critical',
  sourceBucket: 'acme-orders-prod',
  ruleId: 'orders-to-dr',
  destinationBucket: 'acme-orders-dr',
  key: 'orders/1.json',
  failureReason: 'DstPutObjectNotPermitted',
  failureCategory: 'permission',
  message: 'Replication of orders/1.json failed.',
  remediation: 'Grant s3:ReplicateObject.',
  evidence: { eventTime: '2026-11-22T11:59:00Z' },
  ...overrides,
});

const missing = (overrides: Partial<Finding> = {}): Finding => ({
  code: 'ROLE_PERMISSION_MISSING',
  severity: 'critical',
  sourceBucket: 'acme-orders-prod',
  ruleId: 'orders-to-dr',
  action: 's3:ReplicateObject',
  resource: 'arn:aws:s3:::acme-orders-dr/orders/*',
  layer: 'bucket-policy',
  decision: 'implicitDeny',
  message: 'The replication role may not s3:ReplicateObject.',
  remediation: 'Add this statement to the bucket policy of acme-orders-dr: {"Effect":"Allow"}',
  ...overrides,
});

const known = (findings: Finding[]): KnownDiagnosis => ({ computedAt: '2026-11-22T11:55:00.000Z', findings });

describe('attachDiagnosis', () => {
  it('puts the known cause first in the remediation and in evidence.diagnosis', () => {
    const result = attachDiagnosis(failure(), known([missing()]));
    assert.match(
      result.remediation,
      /^The audit of 2026-11-22T11:55:00.000Z found the cause: The replication role may not/,
    );
    assert.match(result.remediation, /Grant s3:ReplicateObject\.$/);
    assert.deepEqual(result.evidence?.diagnosis, [
      {
        code: 'ROLE_PERMISSION_MISSING',
        action: 's3:ReplicateObject',
        resource: 'arn:aws:s3:::acme-orders-dr/orders/*',
        kmsKeyArn: undefined,
        keyState: undefined,
        layer: 'bucket-policy',
        decision: 'implicitDeny',
        remediation: 'Add this statement to the bucket policy of acme-orders-dr: {"Effect":"Allow"}',
      },
    ]);
    assert.equal(result.evidence?.eventTime, '2026-11-22T11:59:00Z');
  });

  it('keeps the finding as it is without a diagnosis, for other rules, codes or categories', () => {
    const event = failure();
    assert.equal(attachDiagnosis(event, undefined), event);
    assert.equal(attachDiagnosis(event, known([missing({ ruleId: 'other-rule' })])), event);
    assert.equal(attachDiagnosis(event, known([missing({ code: 'RULE_DISABLED' })])), event);
    const object = failure({ failureCategory: 'object' });
    assert.equal(attachDiagnosis(object, known([missing()])), object);
    const late = failure({ code: 'REPLICATION_COMPLETED_LATE' });
    assert.equal(attachDiagnosis(late, known([missing()])), late);
  });

  it('matches KMS failures with KMS findings, and bucket-wide findings with every rule', () => {
    const kms = failure({ failureCategory: 'kms', failureReason: 'DstKmsKeyInvalidState' });
    const unusable = missing({ code: 'KMS_KEY_UNUSABLE', ruleId: undefined, keyState: 'PendingDeletion' });
    const result = attachDiagnosis(kms, known([missing(), unusable]));
    assert.deepEqual(
      (result.evidence?.diagnosis as { code: string }[] | undefined)?.map((cause) => cause.code),
      ['KMS_KEY_UNUSABLE'],
    );
  });
});
