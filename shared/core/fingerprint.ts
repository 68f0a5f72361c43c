import { createHash } from 'node:crypto';
import { assertNever } from './assert-never.js';
import type { Finding, FindingCode } from './findings.js';

export type IdentityField = Exclude<
  keyof Finding,
  | 'code'
  | 'severity'
  | 'message'
  | 'remediation'
  | 'evidence'
  | 'ageSeconds'
  | 'observed'
  | 'threshold'
  | 'failureCategory'
  | 'keyState'
  | 'layer'
  | 'decision'
>;

const RULE: IdentityField[] = ['sourceBucket', 'ruleId', 'destinationBucket'];
const OBJECT: IdentityField[] = ['sourceBucket', 'key', 'versionId'];
const PERMISSION: IdentityField[] = [...RULE, 'principal', 'action', 'resource'];
const KMS_PERMISSION: IdentityField[] = [...PERMISSION, 'kmsKeyArn'];
const EVENT: IdentityField[] = [...RULE, 'key', 'versionId', 'failureReason'];
const METRIC: IdentityField[] = [...RULE, 'metric'];

/**
 * The fields that say *which* problem a finding is, as opposed to how bad it currently looks.
 * Observed values, ages, severities and wording change between runs; identity must not, so the
 * same problem seen by two audits (or an event delivered twice) fingerprints the same.
 */
export function identityFields(code: FindingCode): readonly IdentityField[] {
  switch (code) {
    case 'SOURCE_VERSIONING_NOT_ENABLED':
      return ['sourceBucket'];
    case 'DESTINATION_VERSIONING_NOT_ENABLED':
    case 'DESTINATION_BUCKET_NOT_FOUND':
    case 'OBJECT_LOCK_MISMATCH':
    case 'DESTINATION_REQUESTER_PAYS':
    case 'RULE_DISABLED':
    case 'REPLICATION_METRICS_DISABLED':
    case 'KMS_OBJECTS_NOT_REPLICATED':
    case 'REPLICA_KMS_KEY_NOT_SET':
      return RULE;
    case 'ROLE_NOT_FOUND':
    case 'ROLE_TRUST_MISSING':
      return ['sourceBucket', 'principal'];
    case 'ROLE_PERMISSION_MISSING':
      return PERMISSION;
    case 'KMS_KEY_UNUSABLE':
      return [...RULE, 'kmsKeyArn'];
    case 'KMS_PERMISSION_MISSING':
      return KMS_PERMISSION;
    case 'OBJECT_REPLICATION_FAILED':
    case 'OBJECT_REPLICATION_STUCK':
      return OBJECT;
    case 'REPLICATION_LATENCY_HIGH':
    case 'REPLICATION_BACKLOG':
    case 'REPLICATION_OPERATIONS_FAILED':
    case 'REPLICATION_METRICS_MISSING':
      return METRIC;
    case 'REPLICATION_FAILED':
    case 'REPLICATION_THRESHOLD_MISSED':
    case 'REPLICATION_COMPLETED_LATE':
    case 'REPLICATION_NOT_TRACKED':
      return EVENT;
    case 'MONITOR_ACCESS_DENIED':
      return ['sourceBucket', 'action', 'resource'];
    case 'MONITOR_CHECK_INCOMPLETE':
      return [...RULE, 'metric', 'action', 'resource'];
    default:
      return assertNever(code);
  }
}

/** A stable, short identifier of the problem a finding describes. */
export function fingerprint(finding: Finding): string {
  return hashParts([finding.code, ...identityFields(finding.code).map((field) => finding[field] ?? '')]);
}

/** A finding as the CLI and the on-demand audit return it: the contract's fields plus its fingerprint. */
export function withFingerprint(finding: Finding): Finding & { fingerprint: string } {
  return { ...finding, fingerprint: fingerprint(finding) };
}

const OBJECT_FIELDS: ReadonlySet<IdentityField> = new Set(['key', 'versionId']);

/**
 * The cause a finding belongs to: its identity without the object. Findings of one cause share
 * one alert (10,000 objects failing for one reason are one problem, not 10,000).
 */
export function causeFields(code: FindingCode): readonly IdentityField[] {
  return identityFields(code).filter((field) => !OBJECT_FIELDS.has(field));
}

export function causeFingerprint(finding: Finding): string {
  return hashParts([finding.code, ...causeFields(finding.code).map((field) => finding[field] ?? '')]);
}

function hashParts(parts: readonly unknown[]): string {
  // JSON keeps field boundaries unambiguous even when keys contain separators.
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 24);
}
