import type { Incident, IncidentCause } from './incident.js';
import { openCauses, refreshIncident } from './observe.js';
import { type IncidentSettings, minutes } from './settings.js';

/** What one audit could tell about one source bucket. */
export interface AuditView {
  /**
   * The audit's own id: a cause records the audit that last counted against it, so the same
   * audit applied again (its change reloaded after a conflicting write) counts once.
   */
  auditId: string;
  /** When the audit started: audits closer than half an interval count as one. */
  startedAt: string;
  /**
   * The audit read everything it checks in the bucket: the bucket was readable, no MONITOR_*
   * finding names it, and object sampling was not cut short (deadline, throttling, refusal). An
   * incomplete audit resolves nothing there: what it could not see is never called healthy.
   */
  complete: boolean;
  /** `ruleId` and metric name (`metricKey`) of every metric whose datapoints were read. */
  metricsRead: ReadonlySet<string>;
  /** Event causes (`causeKey`) whose sampled objects all re-checked as COMPLETED or REPLICA. */
  replicated: ReadonlySet<string>;
}

export const metricKey = (ruleId: string | undefined, metric: string): string =>
  JSON.stringify([ruleId ?? null, metric]);

export const causeKey = (incident: Pick<Incident, 'id'>, cause: Pick<IncidentCause, 'fingerprint'>): string =>
  `${incident.id}/${cause.fingerprint}`;

/** A cause only events report: it ends by quiet period or re-check, never by an audit's silence. */
export const eventOnly = (cause: IncidentCause): boolean =>
  cause.sources.length > 0 && cause.sources.every((source) => source === 'events');

/**
 * Counts this audit against the causes it did not see (`seen`: `causeKey`s it did). An audit
 * cause ends after `resolveAfterMissedAudits` consecutive complete audits without it; a metric
 * cause counts a miss only when its metric was actually read. An event cause ends when its
 * sampled objects re-checked as replicated.
 *
 * Each audit counts once: not again when its change is applied again after a conflict (the cause
 * remembers the audit that counted), and not when it started less than half an audit interval
 * after the one that counted last (a scheduled and an on-demand audit seconds apart, a retried
 * invocation): resolution needs audits spread over time, as the setting says.
 */
export function applyAudit(
  incident: Incident,
  view: AuditView,
  seen: ReadonlySet<string>,
  now: Date,
  settings: IncidentSettings,
): void {
  if (incident.status !== 'open') return;
  for (const cause of openCauses(incident)) {
    const key = causeKey(incident, cause);
    if (eventOnly(cause)) {
      if (view.replicated.has(key)) cause.resolvedAt = now.toISOString();
      continue;
    }
    if (seen.has(key) || !view.complete || !metricCovered(cause, view)) continue;
    if (!countsAsNewAudit(cause, view, settings)) continue;
    cause.missedAudits = (cause.missedAudits ?? 0) + 1;
    cause.countedAudit = { id: view.auditId, startedAt: view.startedAt };
    if (cause.missedAudits >= settings.resolveAfterMissedAudits) cause.resolvedAt = now.toISOString();
  }
  refreshIncident(incident);
}

function countsAsNewAudit(cause: IncidentCause, view: AuditView, settings: IncidentSettings): boolean {
  const last = cause.countedAudit;
  if (last === undefined) return true;
  if (last.id === view.auditId) return false;
  return (
    Date.parse(view.startedAt) - Date.parse(last.startedAt) >= minutes(settings.auditIntervalMinutes) / 2
  );
}

function metricCovered(cause: IncidentCause, view: AuditView): boolean {
  const metric = cause.example.metric;
  return metric === undefined || view.metricsRead.has(metricKey(cause.ruleId, metric));
}

/**
 * What time alone decides: event causes with no new event for `eventQuietPeriodMinutes` are over,
 * and an incident whose every cause is over is resolved.
 */
export function applyTime(incident: Incident, now: Date, settings: IncidentSettings): void {
  if (incident.status !== 'open') return;
  const quietSince = now.getTime() - minutes(settings.eventQuietPeriodMinutes);
  for (const cause of openCauses(incident)) {
    if (!eventOnly(cause)) continue;
    if (Date.parse(cause.lastObservedAt ?? cause.lastSeen) <= quietSince)
      cause.resolvedAt = now.toISOString();
  }
  refreshIncident(incident);
  if (openCauses(incident).length > 0) return;
  incident.status = 'resolved';
  incident.resolvedAt = now.toISOString();
}

/**
 * Seen again after it was resolved, within the flap window: the same incident reopens. Every
 * reopening is within a window of the last resolution (later, it opens afresh with reopenCount 0),
 * so `flapLimit` reopens make it flapping: it pages nobody until it has stayed resolved a whole
 * window. Returns whether it was flapping already (this reopening is quiet).
 */
export function reopen(incident: Incident, settings: IncidentSettings): { quiet: boolean } {
  const quiet = incident.flapping === true;
  incident.status = 'open';
  delete incident.resolvedAt;
  delete incident.resolvedBecause;
  incident.reopenCount += 1;
  if (incident.reopenCount >= settings.flapLimit) incident.flapping = true;
  return { quiet };
}

/**
 * A full audit did not cover the incident's bucket (`auditAt`: when it started). The first such
 * audit starts the grace period; once `unmonitoredGraceMinutes` have passed, every cause nothing
 * has observed since (an event-only cause still ends by its quiet period, as events may still
 * come) is over, and an incident left with none open resolves as no longer monitored: its
 * problems are not known to be fixed, only no longer watched. An audit that covers the bucket
 * again ends the grace period (`coveredAgain`).
 */
export function applyUnmonitored(
  incident: Incident,
  auditAt: string,
  now: Date,
  settings: IncidentSettings,
): void {
  if (incident.status !== 'open') return;
  incident.unmonitoredSince ??= auditAt;
  const since = incident.unmonitoredSince;
  if (now.getTime() - Date.parse(since) < minutes(settings.unmonitoredGraceMinutes)) return;
  for (const cause of openCauses(incident)) {
    if (eventOnly(cause) || (cause.lastObservedAt ?? cause.lastSeen) > since) continue;
    cause.resolvedAt = now.toISOString();
  }
  refreshIncident(incident);
  if (openCauses(incident).length > 0) return;
  incident.status = 'resolved';
  incident.resolvedAt = now.toISOString();
  incident.resolvedBecause = 'unmonitored';
}

/** An audit covered the bucket: any grace period of an unmonitored bucket ends. */
export function coveredAgain(incident: Incident): void {
  delete incident.unmonitoredSince;
}
