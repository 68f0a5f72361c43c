import { causeFingerprint } from '../model/fingerprint.js';
import { boundIncident } from './bounds.js';
import { incidentIdFor, incidentKeyOf, matchIncident } from './grouping.js';
import type { Incident } from './incident.js';
import { claimOrphanedNotices, decideNotices, type Opening } from './notices.js';
import { freshIncident, type Observation, recordFinding, refreshIncident, widenTimes } from './observe.js';
import {
  type AuditView,
  applyAudit,
  applyTime,
  applyUnmonitored,
  causeKey,
  coveredAgain,
  reopen,
} from './resolution.js';
import { type IncidentSettings, minutes } from './settings.js';

export interface BucketChange {
  /** Findings of this bucket, from events or from one audit. */
  observations: readonly Observation[];
  /** Present when an audit looked at this bucket: it may resolve what it no longer sees. */
  audit?: AuditView;
  /**
   * Present when a full audit did not cover this bucket (when that audit started): its incidents
   * resolve as no longer monitored after the grace period.
   */
  unmonitoredAt?: string;
  now: Date;
  /** The invocation applying the change: it owns the notices decided here. */
  owner: string;
  settings: IncidentSettings;
}

export interface BucketResult {
  /** Incidents to write, their revision incremented (the store writes them conditionally). */
  changed: Incident[];
  /** Every incident of the bucket afterwards: the changed ones, and the rest as loaded. */
  incidents: Incident[];
  /** Finding fingerprint → the incident it was counted in. */
  assignments: Map<string, string>;
}

/**
 * The whole lifecycle of one bucket's incidents for one change. Pure, and safe to repeat on the
 * state another writer left: a finding already counted is not counted again and a notice already
 * queued is not queued twice, so a conditional-write conflict is handled by reloading and
 * applying the same change again.
 */
export function applyToBucket(loaded: readonly Incident[], change: BucketChange): BucketResult {
  const { now, settings } = change;
  const nowText = now.toISOString();
  const before = new Map(loaded.map((incident) => [incident.id, incident]));
  const working = new Map(loaded.map((incident) => [incident.id, structuredClone(incident)]));
  const openings = new Map<string, Opening>();
  const seenSets = new Map<string, Set<string>>();
  const auditSeen = new Set<string>();
  const assignments = new Map<string, string>();
  const chosen = new Map<string, Incident>();
  const windowStart = new Date(now.getTime() - minutes(settings.flapWindowMinutes)).toISOString();

  for (const observation of change.observations) {
    const cause = causeFingerprint(observation.finding);
    const route = routeOf(observation, cause);
    let incident =
      chosen.get(route) ?? matchIncident([...working.values()], observation.finding, windowStart);
    if (incident === undefined) {
      const id = incidentIdFor(observation.finding);
      const existing = working.get(id);
      // The item under the id it would get is joined while current, never overwritten.
      if (existing !== undefined && (current(existing, windowStart) || stale(existing, observation)))
        incident = existing;
      else {
        incident = freshIncident(observation, id, nowText, existing);
        working.set(id, incident);
        seenSets.set(id, new Set());
        openings.set(id, { reopened: false, quiet: false });
      }
    }
    if (stale(incident, observation)) {
      widenTimes(incident, cause, observation.seenAt);
      assignments.set(observation.id, incident.id);
      continue;
    }
    if (incident.status === 'resolved') {
      openings.set(incident.id, { reopened: true, ...reopen(incident, settings) });
    }
    chosen.set(route, incident);
    const seen = seenSets.get(incident.id) ?? new Set(incident.seenFindings ?? []);
    seenSets.set(incident.id, seen);
    recordFinding(incident, observation, { now: nowText, sampleSize: settings.sampleSize, seen }, cause);
    if (observation.source === 'audit') auditSeen.add(causeKey(incident, { fingerprint: cause }));
    assignments.set(observation.id, incident.id);
  }

  const changed: Incident[] = [];
  for (const incident of working.values()) {
    const seen = seenSets.get(incident.id);
    if (seen !== undefined) incident.seenFindings = [...seen];
    refreshIncident(incident);
    if (change.audit !== undefined) {
      coveredAgain(incident);
      applyAudit(incident, change.audit, auditSeen, now, settings);
    }
    if (change.unmonitoredAt !== undefined) applyUnmonitored(incident, change.unmonitoredAt, now, settings);
    applyTime(incident, now, settings);
    const previous = before.get(incident.id);
    const revision = (previous?.revision ?? incident.revision) + 1;
    const context = { now, settings, owner: change.owner, revision };
    decideNotices(previous, incident, openings.get(incident.id), context);
    claimOrphanedNotices(incident, change.owner, now, settings);
    boundIncident(incident);
    if (previous !== undefined && JSON.stringify(previous) === JSON.stringify(incident)) continue;
    incident.revision = revision;
    changed.push(incident);
  }
  return { changed, incidents: [...working.values()], assignments };
}

/**
 * An event record a resolved incident already counted (a redelivery, an SQS redrive, a record that
 * lost the race with the resolution) says nothing new: it never reopens the incident, which would
 * page again or count a flap. The audit seeing a resolved cause again is news, and reopens it.
 */
const stale = (incident: Incident, observation: Observation) =>
  incident.status === 'resolved' &&
  observation.source === 'events' &&
  (incident.seenFindings?.includes(observation.id) ?? false);

const current = (incident: Incident, windowStart: string) =>
  incident.status === 'open' || (incident.resolvedAt ?? '') >= windowStart;

/** Findings that would match the same way share the first one's incident (10,000 events, one lookup). */
function routeOf(observation: Observation, cause: string): string {
  const key = incidentKeyOf(observation.finding);
  if (key.kind === 'finding') return cause;
  if (key.kind === 'access') return JSON.stringify([key.kind, key.sourceBucket, key.fixTarget]);
  return JSON.stringify([key.kind, key.sourceBucket, key.ruleId, key.destinationBucket, key.failureReason]);
}
