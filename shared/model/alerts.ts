import {
  compareSeverity,
  type FailureCategory,
  type Finding,
  type FindingCode,
  type Severity,
} from './findings.js';
import { causeFingerprint } from './fingerprint.js';

export interface AlertSample {
  key: string;
  versionId?: string;
}

/** One alert per cause: the findings that share (code, bucket, rule, destination, reason, …). */
export interface Alert {
  fingerprint: string;
  code: FindingCode;
  severity: Severity;
  sourceBucket: string;
  ruleId?: string;
  destinationBucket?: string;
  failureReason?: string;
  failureCategory?: FailureCategory;
  /** Distinct findings (objects, for object and event findings) behind this alert. */
  count: number;
  firstSeen: string;
  lastSeen: string;
  /** A bounded sample of the affected objects, in the order they were seen. */
  samples: AlertSample[];
  message: string;
  remediation: string;
  /** The first finding of the cause, for fields only some codes carry (action, metric, …). */
  example: Finding;
}

export interface GroupOptions {
  /** When a finding carries no time of its own (audit findings): the time of the run. */
  observedAt: Date;
  /** How many object samples an alert keeps. */
  sampleSize: number;
}

/** Groups findings into alerts, most severe first, then largest. Pure and order-preserving. */
export function groupIntoAlerts(findings: readonly Finding[], options: GroupOptions): Alert[] {
  const alerts = new Map<string, Alert>();
  const fallbackTime = options.observedAt.toISOString();
  for (const finding of findings) {
    const id = causeFingerprint(finding);
    const seen = eventTimeOf(finding) ?? fallbackTime;
    const alert = alerts.get(id) ?? newAlert(id, finding, seen);
    alerts.set(id, alert);
    alert.count += 1;
    if (seen < alert.firstSeen) alert.firstSeen = seen;
    if (seen > alert.lastSeen) alert.lastSeen = seen;
    if (compareSeverity(finding.severity, alert.severity) < 0) alert.severity = finding.severity;
    if (finding.key !== undefined && alert.samples.length < options.sampleSize) {
      alert.samples.push(
        finding.versionId === undefined
          ? { key: finding.key }
          : { key: finding.key, versionId: finding.versionId },
      );
    }
  }
  return [...alerts.values()].sort(
    (left, right) => compareSeverity(left.severity, right.severity) || right.count - left.count,
  );
}

function newAlert(fingerprint: string, finding: Finding, seen: string): Alert {
  const alert: Alert = {
    fingerprint,
    code: finding.code,
    severity: finding.severity,
    sourceBucket: finding.sourceBucket,
    count: 0,
    firstSeen: seen,
    lastSeen: seen,
    samples: [],
    message: finding.message,
    remediation: finding.remediation,
    example: finding,
  };
  if (finding.ruleId !== undefined) alert.ruleId = finding.ruleId;
  if (finding.destinationBucket !== undefined) alert.destinationBucket = finding.destinationBucket;
  if (finding.failureReason !== undefined) alert.failureReason = finding.failureReason;
  if (finding.failureCategory !== undefined) alert.failureCategory = finding.failureCategory;
  return alert;
}

/** ISO times compare correctly as strings once normalised. */
/** When an event finding's event happened, as an ISO timestamp; undefined for audit findings. */
export function eventTimeOf(finding: Finding): string | undefined {
  const value = finding.evidence?.eventTime;
  if (typeof value !== 'string') return undefined;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}
