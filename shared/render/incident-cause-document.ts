import type { IncidentCause, IncidentSource } from '../incidents/incident.js';
import type { FailureCategory, FindingCode, Severity } from '../model/findings.js';
import { clampText } from './text.js';
import { titleOf } from './titles.js';

/** One cause: the findings that share a cause fingerprint, with the fix. */
export interface IncidentDocumentCause {
  fingerprint: string;
  code: FindingCode;
  title: string;
  severity: Severity;
  ruleId?: string;
  destinationBucket?: string;
  /** S3's failureReason, verbatim (at most 200 characters). */
  failureReason?: string;
  failureCategory?: FailureCategory;
  count: number;
  firstSeen: string;
  lastSeen: string;
  sources: IncidentSource[];
  /** What is wrong, in one paragraph (at most 4,000 characters). */
  message: string;
  /** The exact fix (at most 4,000 characters). */
  remediation: string;
  /** Permission causes: the IAM action, the ARN it is needed on, whose, where it is missing. */
  action?: string;
  resource?: string;
  principal?: string;
  layer?: string;
  decision?: string;
  kmsKeyArn?: string;
  keyState?: string;
  /** Metric causes: the metric, observed value, threshold and the Region read. */
  metric?: string;
  observed?: number;
  threshold?: number;
  region?: string;
}

/**
 * One cause as the incident document carries it: bounded texts, and the fields only some codes
 * have (the IAM action, the KMS key, the metric) taken from the cause's first finding.
 */
export function causeDocument(cause: IncidentCause): IncidentDocumentCause {
  const { example } = cause;
  return {
    fingerprint: cause.fingerprint,
    code: cause.code,
    title: titleOf(cause.code),
    severity: cause.severity,
    ruleId: cause.ruleId,
    destinationBucket: cause.destinationBucket,
    failureReason: cause.failureReason === undefined ? undefined : clampText(cause.failureReason, 200),
    failureCategory: cause.failureCategory,
    count: cause.count,
    firstSeen: cause.firstSeen,
    lastSeen: cause.lastSeen,
    sources: [...cause.sources],
    message: clampText(causeMessage(cause)),
    remediation: clampText(cause.remediation),
    action: example.action,
    resource: example.resource,
    principal: example.principal,
    layer: example.layer,
    decision: example.decision,
    kmsKeyArn: example.kmsKeyArn,
    keyState: example.keyState,
    metric: example.metric,
    observed: example.observed,
    threshold: example.threshold,
    region: example.region,
  };
}

/** An object finding's message names one object; a cause of many says so (as email.ts whatOf). */
function causeMessage(cause: IncidentCause): string {
  const key = cause.example.key;
  if (cause.count <= 1 || key === undefined || !cause.message.includes(key)) return cause.message;
  return `${cause.count.toLocaleString('en-US')} objects: ${titleOf(cause.code).toLowerCase()}. For example: ${cause.message}`;
}
