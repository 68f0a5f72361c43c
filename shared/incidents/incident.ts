import type { FailureCategory, Finding, FindingCode, Severity } from '../model/findings.js';

/** An object affected by an incident: a bounded sample is kept and listed in its notices. */
export interface ObjectSample {
  key: string;
  versionId?: string;
}

/**
 * An incident is one problem over time: opened when first seen, reminded while it lasts,
 * resolved when it is over. Findings from the event path and from the audit that describe the
 * same problem land in the same incident, so a failure seen both ways alerts once.
 */

/**
 * How findings are gathered into incidents:
 * - `replication-failing`: objects fail to replicate from a source bucket (REPLICATION_FAILED
 *   events, OBJECT_REPLICATION_FAILED samples, REPLICATION_OPERATIONS_FAILED metrics), one
 *   incident per rule and destination whatever the path that saw it (and per failureReason when
 *   events name different ones: see grouping.ts);
 * - `replication-delayed`: replication is late (stuck objects, latency, backlog, missed RTC
 *   threshold), one per rule and destination;
 * - `access`: the replication role's missing permissions, one incident per fix (the role's
 *   policies, its boundary, one bucket policy, one key policy): every permission one change
 *   grants is one page with one combined statement;
 * - `finding`: every other code, one incident per cause fingerprint (a disabled key, a
 *   configuration error).
 */
export type IncidentKind = 'replication-failing' | 'replication-delayed' | 'access' | 'finding';

export type IncidentStatus = 'open' | 'resolved';

/** Where a cause was seen: the audit (sampling, metrics, configuration) or S3's own events. */
export type IncidentSource = 'audit' | 'events';

/** One cause inside an incident: the findings that share a cause fingerprint. */
export interface IncidentCause {
  /** The cause fingerprint (fingerprint.ts `causeFingerprint`). */
  fingerprint: string;
  code: FindingCode;
  severity: Severity;
  ruleId?: string;
  destinationBucket?: string;
  failureReason?: string;
  failureCategory?: FailureCategory;
  /** Distinct findings (objects, for object and event findings) seen for this cause, ever. */
  count: number;
  firstSeen: string;
  lastSeen: string;
  sources: IncidentSource[];
  message: string;
  remediation: string;
  /** The first finding of the cause, for fields only some codes carry (action, metric, kmsKeyArn…). */
  example: Finding;
  /**
   * When the monitor last observed the cause by its own clock: a new event record, or an audit
   * that saw it. A redelivered record does not move it, so the quiet period still runs out.
   */
  lastObservedAt?: string;
  /** Consecutive complete audits of the bucket that did not see this (audit) cause. */
  missedAudits?: number;
  /** The audit that last counted in `missedAudits`, and when it started (resolution.ts). */
  countedAudit?: { id: string; startedAt: string };
  /** Set once the cause is over; the incident resolves when every cause is. */
  resolvedAt?: string;
  /** A few affected objects of this cause, newest last: what the audit re-checks for an event cause. */
  samples?: ObjectSample[];
}

export interface Incident {
  /**
   * Stable id: for `finding`, the cause fingerprint; otherwise a hash of (kind, sourceBucket,
   * ruleId, destinationBucket, failureReason) as they were when the incident first opened.
   */
  id: string;
  kind: IncidentKind;
  status: IncidentStatus;
  /** The most severe cause's code: what the incident is called. */
  code: FindingCode;
  /** The highest severity among its open causes. */
  severity: Severity;
  sourceBucket: string;
  causes: IncidentCause[];
  /** A bounded sample of affected objects, newest kept last. */
  samples: ObjectSample[];
  /** Sum of the causes' counts. */
  affected: number;
  openedAt: string;
  lastSeenAt: string;
  resolvedAt?: string;
  /** When people were last told about it (opened, reminder or resolved notice). */
  lastNotifiedAt?: string;
  /** `affected` at the last notice, so a reminder can say how it grew. */
  affectedAtLastNotice: number;
  /** Times it was resolved then seen again: flapping is damped, not re-paged. */
  reopenCount: number;
  /** Consecutive complete audits that did not see it (resolution needs more than one). */
  missedAudits: number;
  /** Optimistic concurrency: incremented on every write. */
  revision: number;
  /** `replication-failing` and `replication-delayed`: the rule and destination the incident is about. */
  ruleId?: string;
  destinationBucket?: string;
  /**
   * The incident's own failureReason: the one it opened with, or the first an event brought to an
   * incident the audit opened. Events with another reason are another incident.
   */
  failureReason?: string;
  /** Fingerprints of the most recent distinct findings counted, so a redelivery counts once. */
  seenFindings?: string[];
  /**
   * Reopened `flapLimit` times, each within the flap window of its resolution: no pages until it
   * has stayed resolved a whole window (it then opens afresh, with reopenCount back at 0).
   */
  flapping?: boolean;
  /** Notices decided but not yet delivered everywhere: written before publishing, cleared after. */
  pendingNotices?: PendingNotice[];
  /**
   * When a full audit first did not cover its bucket (deleted, excluded, dropped from the list);
   * cleared when an audit covers it again.
   */
  unmonitoredSince?: string;
  /**
   * Why it resolved, when not because its problems were no longer seen: `unmonitored`, its bucket
   * left the audited set for `unmonitoredGraceMinutes` and nothing observed it since.
   */
  resolvedBecause?: 'unmonitored';
}

/**
 * A notice written with the state that decided it, then published, then cleared. A failed
 * publish leaves it in place for the retry; the claim keeps a concurrent writer from sending it
 * while its owner is still publishing.
 */
export interface PendingNotice {
  /** Unique within the incident: the revision that decided it and the transition. */
  id: string;
  transition: IncidentTransition;
  at: string;
  growth?: number;
  reopened?: boolean;
  /** Still to be published to people (SNS). */
  people: boolean;
  /** Still to be published to programs (EventBridge). */
  events: boolean;
  /** The incident's headline as it was when decided, for a notice delivered late. */
  snapshot: Pick<Incident, 'status' | 'severity' | 'code' | 'affected'> & {
    resolvedAt?: string;
    resolvedBecause?: 'unmonitored';
  };
  /** The invocation delivering it and since when; taken over once the claim is stale. */
  claim?: { owner: string; at: string };
}

/**
 * A state change worth telling someone about. `opened` and `resolved` are the incident's life;
 * `reminder` is a re-notification of an incident still open; `updated` is a material change
 * (a new cause, a higher severity) sent to EventBridge and, when severe enough, to people.
 */
export type IncidentTransition = 'opened' | 'updated' | 'reminder' | 'resolved';

export interface IncidentNotice {
  /**
   * The notice's id: the incident's and the pending notice's (the revision that decided it and the
   * transition). Every delivery of this notice carries the same id, so a subscriber can drop a
   * duplicate (delivery is at least once).
   */
  id: string;
  transition: IncidentTransition;
  incident: Incident;
  /** When the notice is produced. */
  at: string;
  /** For `reminder` and `updated`: how many affected objects were new since the last notice. */
  growth?: number;
  /** For `opened` after an earlier resolution: this is the same incident, back again. */
  reopened?: boolean;
}

/** Info-level incidents go to a periodic digest instead of paging anyone. */
export interface IncidentDigest {
  at: string;
  incidents: Incident[];
}
