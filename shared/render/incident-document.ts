import type {
  IncidentKind,
  IncidentNotice,
  IncidentStatus,
  IncidentTransition,
  ObjectSample,
} from '../incidents/incident.js';
import { compareSeverity, type FindingCode, type Severity } from '../model/findings.js';
import { causeDocument, type IncidentDocumentCause } from './incident-cause-document.js';
import { distinct, incidentTitle } from './incident-view.js';

/**
 * The incident notice as a program reads it: the SNS `default` body (SQS, Lambda and HTTP
 * subscribers) and the EventBridge `detail`. Versioned: fields are added, never renamed or
 * repurposed. Values are exact (keys are not escaped: a program needs the real key); texts are
 * bounded, and every list that was cut says how much is missing.
 */
export interface IncidentDocument {
  source: 's3-replication-monitor';
  type: 'incident';
  version: 1;
  /** `opened`, `updated` (new cause or higher severity), `reminder` (still open), `resolved`. */
  transition: IncidentTransition;
  /**
   * This notice's id, the same on every delivery of it (delivery is at least once): drop a
   * message whose `noticeId` was already handled.
   */
  noticeId: string;
  /** Stable for the incident's whole life: thread and open tickets on it. */
  incidentId: string;
  kind: IncidentKind;
  status: IncidentStatus;
  /** The most severe cause's finding code. */
  code: FindingCode;
  /** A short headline, e.g. `Objects are failing to replicate`. */
  title: string;
  severity: Severity;
  sourceBucket: string;
  /** Every destination bucket named by a cause, in order. */
  destinationBuckets: string[];
  /** Every replication rule named by a cause, in order. */
  ruleIds: string[];
  /** Affected objects (or findings, for non-object causes) seen since the incident opened. */
  affected: number;
  /** When this notice was produced (ISO 8601). */
  at: string;
  openedAt: string;
  lastSeenAt: string;
  resolvedAt?: string;
  /**
   * Set when it resolved for another reason than its problems no longer being seen:
   * `unmonitored`, its bucket left the audited set (they are not known to be fixed).
   */
  resolvedBecause?: 'unmonitored';
  /** `updated` and `reminder`: affected objects new since the last notice. */
  growth?: number;
  /** `opened` after an earlier resolution: the same incident, back again. */
  reopened: boolean;
  reopenCount: number;
  /** Most severe, then largest, first. */
  causes: IncidentDocumentCause[];
  causesOmitted: number;
  /** A sample of affected objects (keys decoded, exact). */
  samples: ObjectSample[];
  samplesOmitted: number;
  /** True when causes or samples were cut to fit a size limit. */
  truncated: boolean;
}

export type { IncidentDocumentCause } from './incident-cause-document.js';

export interface DocumentLimits {
  samples: number;
  causes: number;
}

export function incidentDocument(
  notice: IncidentNotice,
  limits: DocumentLimits,
  truncated: boolean,
): IncidentDocument {
  const { incident } = notice;
  const causes = [...incident.causes].sort(
    (left, right) => compareSeverity(left.severity, right.severity) || right.count - left.count,
  );
  const shownCauses = causes.slice(0, Math.max(1, limits.causes));
  const samples = incident.samples.slice(0, Math.max(0, limits.samples));
  return {
    source: 's3-replication-monitor',
    type: 'incident',
    version: 1,
    transition: notice.transition,
    noticeId: notice.id,
    incidentId: incident.id,
    kind: incident.kind,
    status: incident.status,
    code: incident.code,
    title: incidentTitle(incident.kind, incident.code),
    severity: incident.severity,
    sourceBucket: incident.sourceBucket,
    destinationBuckets: distinct(causes.map((cause) => cause.destinationBucket)),
    ruleIds: distinct(causes.map((cause) => cause.ruleId)),
    affected: incident.affected,
    at: notice.at,
    openedAt: incident.openedAt,
    lastSeenAt: incident.lastSeenAt,
    resolvedAt: incident.resolvedAt,
    resolvedBecause: incident.resolvedBecause,
    growth: notice.growth,
    reopened: notice.reopened ?? false,
    reopenCount: incident.reopenCount,
    causes: shownCauses.map(causeDocument),
    causesOmitted: causes.length - shownCauses.length,
    samples,
    samplesOmitted: incident.samples.length === 0 ? 0 : Math.max(0, incident.affected - samples.length),
    truncated,
  };
}
