import { compareSeverity, severityAtLeast } from '../model/findings.js';
import type { Incident, IncidentDigest } from './incident.js';
import { type IncidentSettings, minutes, pages } from './settings.js';

/** What the digest remembers between audits. */
export interface DigestState {
  /** When the last digest was delivered; absent: never. */
  sentAt?: string;
  /** An audit delivering one now: another leaves it alone until the claim is stale. */
  claim?: { owner: string; at: string };
  revision: number;
}

/** A digest is due once `digestIntervalMinutes` passed since the last, unless another audit is sending it. */
export function digestDue(state: DigestState | undefined, now: Date, settings: IncidentSettings): boolean {
  if (
    state?.claim !== undefined &&
    now.getTime() - Date.parse(state.claim.at) < settings.claimTimeoutSeconds * 1000
  )
    return false;
  if (state?.sentAt === undefined) return true;
  return now.getTime() - Date.parse(state.sentAt) >= minutes(settings.digestIntervalMinutes);
}

/**
 * The incidents that page nobody (`info`, and anything below the paging threshold) but are at or
 * above `digestMinSeverity`: those open now, and those resolved since the last digest. Undefined
 * when there is nothing to tell.
 */
export function digestOf(
  incidents: readonly Incident[],
  state: DigestState | undefined,
  now: Date,
  settings: IncidentSettings,
): IncidentDigest | undefined {
  const since = state?.sentAt ?? '';
  const listed = incidents
    .filter((incident) => !pages(incident.severity, settings))
    .filter((incident) => severityAtLeast(incident.severity, settings.digestMinSeverity))
    .filter((incident) => incident.status === 'open' || (incident.resolvedAt ?? '') > since)
    .sort(
      (left, right) =>
        compareSeverity(left.severity, right.severity) ||
        right.affected - left.affected ||
        left.id.localeCompare(right.id),
    )
    .map(({ pendingNotices: _pending, seenFindings: _seen, ...incident }) => incident);
  return listed.length === 0 ? undefined : { at: now.toISOString(), incidents: listed };
}
