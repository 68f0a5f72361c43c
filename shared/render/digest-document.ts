import type { Incident, IncidentDigest, IncidentKind } from '../incidents/incident.js';
import { compareSeverity, type FindingCode, type Severity } from '../model/findings.js';
import { distinct, incidentTitle } from './incident-view.js';
import { clampText } from './text.js';

/**
 * The periodic digest as a program reads it (the SNS `default` body): the open incidents too
 * minor to page anyone (`info`), one entry each with its main cause and fix.
 */
export interface DigestDocument {
  source: 's3-replication-monitor';
  type: 'digest';
  version: 1;
  /** When the digest was produced (ISO 8601). */
  at: string;
  /** Open incidents in the digest, listed or not. */
  count: number;
  incidents: DigestDocumentIncident[];
  incidentsOmitted: number;
  /** True when incidents were left out to fit a size limit. */
  truncated: boolean;
}

export interface DigestDocumentIncident {
  incidentId: string;
  kind: IncidentKind;
  code: FindingCode;
  title: string;
  severity: Severity;
  sourceBucket: string;
  destinationBuckets: string[];
  ruleIds: string[];
  affected: number;
  openedAt: string;
  lastSeenAt: string;
  /** The main cause's message and fix (at most 1,000 characters each). */
  message: string;
  remediation: string;
}

export function digestDocument(digest: IncidentDigest, shown: number, truncated: boolean): DigestDocument {
  const incidents = digest.incidents.slice(0, Math.max(0, shown));
  return {
    source: 's3-replication-monitor',
    type: 'digest',
    version: 1,
    at: digest.at,
    count: digest.incidents.length,
    incidents: incidents.map(digestEntry),
    incidentsOmitted: digest.incidents.length - incidents.length,
    truncated,
  };
}

function digestEntry(incident: Incident): DigestDocumentIncident {
  const [main] = [...incident.causes].sort(
    (left, right) => compareSeverity(left.severity, right.severity) || right.count - left.count,
  );
  return {
    incidentId: incident.id,
    kind: incident.kind,
    code: incident.code,
    title: incidentTitle(incident.kind, incident.code),
    severity: incident.severity,
    sourceBucket: incident.sourceBucket,
    destinationBuckets: distinct(incident.causes.map((cause) => cause.destinationBucket)),
    ruleIds: distinct(incident.causes.map((cause) => cause.ruleId)),
    affected: incident.affected,
    openedAt: incident.openedAt,
    lastSeenAt: incident.lastSeenAt,
    message: clampText(main?.message ?? '', 1000),
    remediation: clampText(main?.remediation ?? '', 1000),
  };
}

/** The digest's id: one per run, so retries of the same digest deduplicate. */
export function digestId(at: string): string {
  return `digest-${at}`;
}
