import type { Finding, FindingCode } from '../model/findings.js';

const DIAGNOSIS_CODES: ReadonlySet<FindingCode> = new Set([
  'ROLE_NOT_FOUND',
  'ROLE_TRUST_MISSING',
  'ROLE_PERMISSION_MISSING',
  'KMS_KEY_UNUSABLE',
  'KMS_PERMISSION_MISSING',
]);

/** The last audit's diagnosis of a bucket, as the event path reads it from the state table. */
export interface KnownDiagnosis {
  computedAt: string;
  findings: readonly Finding[];
}

/**
 * A REPLICATION_FAILED event of category permission or kms says *that* access was refused; the
 * audit's diagnosis of the same rule says *which* permission and where to add it. The event's
 * finding carries it (in `evidence.diagnosis`, and first in its remediation) when one is known.
 * Findings of other categories, and rules with no matching diagnosis, are returned unchanged.
 */
export function attachDiagnosis(finding: Finding, known: KnownDiagnosis | undefined): Finding {
  if (known === undefined || finding.code !== 'REPLICATION_FAILED') return finding;
  if (finding.failureCategory !== 'permission' && finding.failureCategory !== 'kms') return finding;
  const causes = known.findings.filter(
    (candidate) =>
      DIAGNOSIS_CODES.has(candidate.code) &&
      (candidate.ruleId === undefined ||
        finding.ruleId === undefined ||
        candidate.ruleId === finding.ruleId) &&
      (finding.failureCategory === 'kms') === candidate.code.startsWith('KMS_'),
  );
  if (causes.length === 0) return finding;
  const first = causes[0] as Finding;
  return {
    ...finding,
    remediation: `The audit of ${known.computedAt} found the cause: ${first.message} Fix: ${first.remediation} (${causes.length} related finding${causes.length === 1 ? '' : 's'} in evidence.diagnosis.) ${finding.remediation}`,
    evidence: {
      ...finding.evidence,
      diagnosis: causes.map((cause) => ({
        code: cause.code,
        action: cause.action,
        resource: cause.resource,
        kmsKeyArn: cause.kmsKeyArn,
        keyState: cause.keyState,
        layer: cause.layer,
        decision: cause.decision,
        remediation: cause.remediation,
      })),
      diagnosedAt: known.computedAt,
    },
  };
}
