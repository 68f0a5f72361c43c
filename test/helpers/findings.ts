import type { Finding } from '../../shared/model/findings.js';

/** A REPLICATION_FAILED finding for one object; tests override one field at a time. */
export function failedFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    code: 'REPLICATION_FAILED',
    severity: 'critical',
    sourceBucket: 'src',
    ruleId: 'to-dr',
    destinationBucket: 'dst',
    key: 'a.txt',
    versionId: 'v1',
    failureReason: 'DstPutObjectNotPermitted',
    failureCategory: 'permission',
    message: 'Replication failed from src to dst under rule to-dr: denied.',
    remediation: 'Allow s3:ReplicateObject on arn:aws:s3:::dst/*.',
    evidence: { eventTime: '2026-11-22T11:00:00.000Z' },
    ...overrides,
  };
}
