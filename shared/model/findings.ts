/**
 * The finding model of docs/findings.md. Codes are a public interface: add, never rename.
 */

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Every finding code with its default severity (the defaults are part of the contract). */
export const DEFAULT_SEVERITY = {
  SOURCE_VERSIONING_NOT_ENABLED: 'critical',
  DESTINATION_VERSIONING_NOT_ENABLED: 'critical',
  DESTINATION_BUCKET_NOT_FOUND: 'critical',
  OBJECT_LOCK_MISMATCH: 'critical',
  DESTINATION_REQUESTER_PAYS: 'critical',
  RULE_DISABLED: 'info',
  REPLICATION_METRICS_DISABLED: 'warning',
  KMS_OBJECTS_NOT_REPLICATED: 'warning',
  REPLICA_KMS_KEY_NOT_SET: 'critical',
  ROLE_NOT_FOUND: 'critical',
  ROLE_TRUST_MISSING: 'critical',
  ROLE_PERMISSION_MISSING: 'critical',
  KMS_KEY_UNUSABLE: 'critical',
  KMS_PERMISSION_MISSING: 'critical',
  // Beyond the contract's list: what the monitor could not decide, and a 2026 failure mode.
  PERMISSION_NOT_VERIFIED: 'info',
  SSE_C_BLOCKED_AT_DESTINATION: 'warning',
  OBJECT_REPLICATION_FAILED: 'critical',
  OBJECT_REPLICATION_STUCK: 'warning',
  REPLICATION_LATENCY_HIGH: 'warning',
  REPLICATION_BACKLOG: 'warning',
  REPLICATION_OPERATIONS_FAILED: 'critical',
  REPLICATION_METRICS_MISSING: 'info',
  REPLICATION_FAILED: 'critical',
  REPLICATION_THRESHOLD_MISSED: 'warning',
  REPLICATION_COMPLETED_LATE: 'info',
  REPLICATION_NOT_TRACKED: 'info',
  MONITOR_ACCESS_DENIED: 'warning',
  MONITOR_CHECK_INCOMPLETE: 'warning',
} as const satisfies Record<string, Severity>;

export type FindingCode = keyof typeof DEFAULT_SEVERITY;
export const FINDING_CODES = Object.keys(DEFAULT_SEVERITY) as FindingCode[];

export function isFindingCode(value: string): value is FindingCode {
  return Object.hasOwn(DEFAULT_SEVERITY, value);
}

export const FAILURE_CATEGORIES = [
  'permission',
  'kms',
  'configuration',
  'object',
  'batch',
  'unknown',
] as const;
export type FailureCategory = (typeof FAILURE_CATEGORIES)[number];

export const PERMISSION_LAYERS = [
  'identity-policy',
  'permissions-boundary',
  'bucket-policy',
  'key-policy',
  'trust-policy',
  // Beyond the contract's list: an SCP of the role's organization is what does not allow it.
  'service-control-policy',
] as const;
export type PermissionLayer = (typeof PERMISSION_LAYERS)[number];
export type PermissionDecision = 'implicitDeny' | 'explicitDeny';

/** A detected problem, as data. Field meanings: docs/findings.md. */
export interface Finding {
  code: FindingCode;
  severity: Severity;
  sourceBucket: string;
  ruleId?: string;
  destinationBucket?: string;
  key?: string;
  versionId?: string;
  ageSeconds?: number;
  action?: string;
  resource?: string;
  principal?: string;
  layer?: PermissionLayer;
  decision?: PermissionDecision;
  kmsKeyArn?: string;
  keyState?: string;
  failureReason?: string;
  failureCategory?: FailureCategory;
  metric?: string;
  observed?: number;
  threshold?: number;
  region?: string;
  message: string;
  remediation: string;
  evidence?: Record<string, unknown>;
}

export type SeverityOverrides = Partial<Record<FindingCode, Severity>>;

export function severityOf(code: FindingCode, overrides: SeverityOverrides = {}): Severity {
  return overrides[code] ?? DEFAULT_SEVERITY[code];
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 2, warning: 1, info: 0 };

export function severityAtLeast(severity: Severity, minimum: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[minimum];
}

export function compareSeverity(left: Severity, right: Severity): number {
  return SEVERITY_RANK[right] - SEVERITY_RANK[left];
}

/** True when any finding would make the CLI exit 1 (docs/cli.md). */
export function hasActionableFinding(findings: readonly Finding[]): boolean {
  return findings.some((finding) => severityAtLeast(finding.severity, 'warning'));
}
