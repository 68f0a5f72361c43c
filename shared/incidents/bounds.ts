import { compareSeverity } from '../model/findings.js';
import type { Incident } from './incident.js';

/**
 * A DynamoDB item is limited to 400 KB. An incident stays well under it: causes, samples and the
 * remembered findings are capped, and if an unusual incident is still too large (long keys, long
 * messages) the least useful parts shrink first: remembered findings, evidence, then samples.
 */
export const INCIDENT_LIMITS = {
  causes: 30,
  /** Recent finding fingerprints remembered to count redeliveries once. */
  seenFindings: 2000,
  /** Pending notices: enough for a backlog of undelivered transitions, never unbounded. */
  pendingNotices: 20,
  bytes: 300_000,
} as const;

const sizeOf = (incident: Incident): number => Buffer.byteLength(JSON.stringify(incident), 'utf8');

/** Trims `incident` in place to INCIDENT_LIMITS. */
export function boundIncident(incident: Incident): void {
  if (incident.causes.length > INCIDENT_LIMITS.causes) {
    // Resolved causes go first, then the least severe and least seen.
    incident.causes = [...incident.causes]
      .sort(
        (left, right) =>
          Number(left.resolvedAt !== undefined) - Number(right.resolvedAt !== undefined) ||
          compareSeverity(left.severity, right.severity) ||
          right.count - left.count,
      )
      .slice(0, INCIDENT_LIMITS.causes);
  }
  if ((incident.seenFindings?.length ?? 0) > INCIDENT_LIMITS.seenFindings)
    incident.seenFindings = incident.seenFindings?.slice(-INCIDENT_LIMITS.seenFindings);
  if ((incident.pendingNotices?.length ?? 0) > INCIDENT_LIMITS.pendingNotices)
    incident.pendingNotices = incident.pendingNotices?.slice(-INCIDENT_LIMITS.pendingNotices);
  while (sizeOf(incident) > INCIDENT_LIMITS.bytes && shrink(incident)) {
    // each pass removes something
  }
}

function shrink(incident: Incident): boolean {
  const seen = incident.seenFindings ?? [];
  if (seen.length > 0) {
    incident.seenFindings = seen.slice(Math.ceil(seen.length / 2));
    return true;
  }
  const withEvidence = incident.causes.find((cause) => cause.example.evidence !== undefined);
  if (withEvidence !== undefined) {
    delete withEvidence.example.evidence;
    return true;
  }
  if (incident.samples.length > 0) {
    incident.samples = incident.samples.slice(Math.ceil(incident.samples.length / 2));
    for (const cause of incident.causes)
      if (cause.samples !== undefined) cause.samples = cause.samples.slice(-1);
    return true;
  }
  const longest = [...incident.causes].sort(
    (left, right) =>
      right.message.length + right.remediation.length - left.message.length - left.remediation.length,
  )[0];
  if (longest === undefined || longest.message.length + longest.remediation.length < 2000) return false;
  longest.message = `${longest.message.slice(0, 1000)}…`;
  longest.remediation = `${longest.remediation.slice(0, 1000)}…`;
  return true;
}
