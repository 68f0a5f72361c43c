import type { Finding, FindingCode } from '../model/findings.js';

const PERMISSION_CODES: ReadonlySet<FindingCode> = new Set([
  'ROLE_PERMISSION_MISSING',
  'KMS_PERMISSION_MISSING',
  'PERMISSION_NOT_VERIFIED',
]);

/**
 * The one policy a permission finding is fixed in: the role's own policies, its permissions
 * boundary, an SCP, a bucket policy, or a key policy. Findings with the same target share one fix
 * (one combined statement), so they are one incident and one notice. Undefined for other codes.
 */
export function fixTargetOf(finding: Finding): string | undefined {
  if (!PERMISSION_CODES.has(finding.code)) return undefined;
  const principal = finding.principal ?? '';
  // What could not be verified is made checkable in the same policy, apart from what is missing.
  const change =
    finding.code === 'PERMISSION_NOT_VERIFIED'
      ? 'verify'
      : finding.decision === 'explicitDeny'
        ? 'remove-deny'
        : 'allow';
  switch (finding.layer) {
    case 'bucket-policy':
      return `${change} bucket-policy ${bucketOf(finding.resource ?? '')}`;
    case 'key-policy':
      return `${change} key-policy ${finding.kmsKeyArn ?? finding.resource ?? ''}`;
    case undefined:
      return undefined;
    default:
      return `${change} ${finding.layer} ${principal}`;
  }
}

/** `arn:aws:s3:::bucket/prefix*` → `bucket`. */
export function bucketOf(arn: string): string {
  return arn.replace(/^arn:[^:]+:s3:::/, '').split('/')[0] ?? '';
}
