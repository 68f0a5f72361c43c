import type { Incident, IncidentSource, PendingNotice } from '../../shared/incidents/incident.js';
import type { IncidentEventPublisher, IncidentPublisher } from '../../shared/incidents/incident-delivery.js';
import type { Observation } from '../../shared/incidents/observe.js';
import type { Finding } from '../../shared/model/findings.js';
import { fingerprint } from '../../shared/model/fingerprint.js';
import type { IncidentEventEntry } from '../../shared/render/event-bridge.js';
import type { IncidentDocument } from '../../shared/render/incident-document.js';
import type { IncidentNotification } from '../../shared/render/sns-message.js';

/**
 * Findings, observations and recording channels for incident tests. Every builder returns a fresh
 * object, so a test changes one field without touching another's.
 */

export const SOURCE = 'acme-payments-prod';
export const RULE = 'payments-to-dr';
export const DESTINATION = 'acme-payments-dr';
export const T0 = '2026-11-22T12:00:00.000Z';

/** `minutes` after `start`, as ISO text. */
export const at = (minutes: number, start = T0): string =>
  new Date(Date.parse(start) + minutes * 60_000).toISOString();

const route = { sourceBucket: SOURCE, ruleId: RULE, destinationBucket: DESTINATION };

/** A REPLICATION_FAILED event finding for one object. */
export function eventFailure(key: string, options: { reason?: string; time?: string } = {}): Finding {
  return {
    code: 'REPLICATION_FAILED',
    severity: 'critical',
    ...route,
    key,
    versionId: `v-${key}`,
    failureReason: options.reason ?? 'DstPutObjectNotPermitted',
    failureCategory: 'permission',
    message: `Replication failed from ${SOURCE} to ${DESTINATION}: ${key}`,
    remediation: 'Allow s3:ReplicateObject on the destination',
    evidence: { eventTime: options.time ?? T0 },
  };
}

/** An OBJECT_REPLICATION_FAILED sampling finding. */
export function objectFailed(key: string): Finding {
  return {
    code: 'OBJECT_REPLICATION_FAILED',
    severity: 'critical',
    ...route,
    key,
    versionId: `v-${key}`,
    message: `Object "${key}" has replication status FAILED`,
    remediation: 'Re-replicate with S3 Batch Replication',
  };
}

/** A REPLICATION_OPERATIONS_FAILED metric finding. */
export function operationsFailed(): Finding {
  return {
    code: 'REPLICATION_OPERATIONS_FAILED',
    severity: 'critical',
    ...route,
    metric: 'OperationsFailedReplication',
    observed: 50,
    threshold: 0,
    region: 'us-east-1',
    message: '50 replication operations failed',
    remediation: 'Read the failure events',
  };
}

/** An OBJECT_REPLICATION_STUCK sampling finding (replication-delayed). */
export function objectStuck(key: string): Finding {
  return {
    code: 'OBJECT_REPLICATION_STUCK',
    severity: 'warning',
    ...route,
    key,
    ageSeconds: 3600,
    message: `Object "${key}" is stuck PENDING`,
    remediation: 'Check the backlog',
  };
}

/** A configuration finding: an incident of its own (kind `finding`). */
export function metricsDisabled(severity: Finding['severity'] = 'warning'): Finding {
  return {
    code: 'REPLICATION_METRICS_DISABLED',
    severity,
    ...route,
    message: 'The rule has no replication metrics',
    remediation: 'Enable replication metrics',
  };
}

/** An informational event finding (REPLICATION_COMPLETED_LATE). */
export function completedLate(key: string, severity: Finding['severity'] = 'info'): Finding {
  return {
    code: 'REPLICATION_COMPLETED_LATE',
    severity,
    ...route,
    key,
    message: `${key} replicated after the threshold`,
    remediation: 'Nothing to do unless it recurs',
    evidence: { eventTime: T0 },
  };
}

export function observe(
  findings: readonly Finding[],
  source: IncidentSource,
  seenAt?: string,
): Observation[] {
  return findings.map((finding) => ({
    finding,
    id: fingerprint(finding),
    source,
    seenAt: seenAt ?? (typeof finding.evidence?.eventTime === 'string' ? finding.evidence.eventTime : T0),
  }));
}

/** Records what SNS accepted; fails the notifications `failWhen` selects. */
export function recordingIncidentPublisher(
  failWhen: (notification: IncidentNotification) => boolean = () => false,
) {
  const published: IncidentNotification[] = [];
  const publisher: IncidentPublisher = {
    async publish(notification) {
      if (failWhen(notification))
        throw Object.assign(new Error('SNS unavailable'), { name: 'InternalErrorException' });
      published.push(notification);
    },
  };
  return { publisher, published };
}

/** Records what EventBridge accepted; fails the entries `failWhen` selects. */
export function recordingEventPublisher(failWhen: (entry: IncidentEventEntry) => boolean = () => false) {
  const put: IncidentEventEntry[] = [];
  const publisher: IncidentEventPublisher = {
    async putEvents(entries) {
      const failures: { index: number; reason: unknown }[] = [];
      for (const [index, entry] of entries.entries()) {
        if (failWhen(entry)) failures.push({ index, reason: new Error('InternalFailure') });
        else put.push(entry);
      }
      return failures;
    },
  };
  return { publisher, put };
}

/** The `default` body of an incident notification: the versioned document programs read. */
export const documentOf = (notification: IncidentNotification): IncidentDocument =>
  JSON.parse(notification.message.default) as IncidentDocument;

/** Pending notices of some incidents, each with its incident's id. */
export const pendingOf = (incidents: readonly Incident[]): (PendingNotice & { incident: string })[] =>
  incidents.flatMap((incident) =>
    (incident.pendingNotices ?? []).map((notice) => ({ ...notice, incident: incident.id })),
  );
