import { hash } from 'node:crypto';
import { assertNever } from './assert-never.js';
import type { Finding, FindingCode } from './findings.js';
import { createTupleCache } from './tuple-cache.js';

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
    case 'SSE_C_BLOCKED_AT_DESTINATION':
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
    case 'PERMISSION_NOT_VERIFIED':
      return [...KMS_PERMISSION, 'layer'];
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
  return hashParts(identityText(identityParts(finding, identityFields(finding.code))));
}

/** A finding as the CLI and the on-demand audit return it: the contract's fields plus its fingerprint. */
export function withFingerprint(finding: Finding): Finding & { fingerprint: string } {
  return { ...finding, fingerprint: fingerprint(finding) };
}

const OBJECT_FIELDS: ReadonlySet<IdentityField> = new Set(['key', 'versionId']);

// Derived once per code: a batch of 10,000 events would otherwise filter the same list 10,000 times.
const CAUSE_FIELDS = new Map<FindingCode, readonly IdentityField[]>();

/**
 * The cause a finding belongs to: its identity without the object. Findings of one cause share
 * one alert (10,000 objects failing for one reason are one problem, not 10,000).
 */
export function causeFields(code: FindingCode): readonly IdentityField[] {
  let fields = CAUSE_FIELDS.get(code);
  if (fields === undefined) {
    fields = identityFields(code).filter((field) => !OBJECT_FIELDS.has(field));
    CAUSE_FIELDS.set(code, fields);
  }
  return fields;
}

/**
 * Causes are few and recur across findings (10,000 failures of one cause are one cause), and
 * grouping, incidents and alerts each ask for them: the digest is remembered by the identity
 * values, so a cause is written out and hashed once, not once per finding and per asker.
 */
const CAUSE_DIGESTS = createTupleCache<string>(4096);

export function causeFingerprint(finding: Finding): string {
  const parts = identityParts(finding, causeFields(finding.code));
  return CAUSE_DIGESTS.get(parts, () => hashParts(identityText(parts)));
}

/** The code, then the value of each field (undefined when absent). */
function identityParts(finding: Finding, fields: readonly IdentityField[]): (string | undefined)[] {
  const parts: (string | undefined)[] = [finding.code];
  for (const field of fields) parts.push(finding[field]);
  return parts;
}

/** JSON keeps field boundaries unambiguous even when keys contain separators. */
function identityText(parts: readonly (string | undefined)[]): string {
  return JSON.stringify(parts.map((part) => part ?? ''));
}

/**
 * Fingerprints are persisted identities: the text and digest must never change. The one-shot
 * `hash` gives the same SHA-256 as `createHash` (UTF-8 input) at a fraction of the cost per call.
 */
function hashParts(text: string): string {
  return hash('sha256', text, 'hex').slice(0, 24);
}
