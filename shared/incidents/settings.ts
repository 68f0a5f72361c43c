import { type Severity, severityAtLeast } from '../model/findings.js';

/**
 * How incidents live and who hears about them. Every duration is configurable; the defaults are
 * DEFAULT_INCIDENT_SETTINGS below, which the configuration schema (shared/config/config.ts) uses.
 */
export interface IncidentSettings {
  /** An open incident still seen is re-notified this often (minutes). */
  reminderIntervalMinutes: number;
  /** An event-only cause with no new event for this long is over (minutes). */
  eventQuietPeriodMinutes: number;
  /** Consecutive complete audits that no longer see an audit cause before it is over. */
  resolveAfterMissedAudits: number;
  /**
   * The scheduled audit's interval (minutes): audits that start closer than half of it count as
   * one toward `resolveAfterMissedAudits`.
   */
  auditIntervalMinutes: number;
  /**
   * An incident of a bucket full audits no longer cover (deleted, excluded, dropped from the list)
   * resolves as no longer monitored once this long has passed with nothing observing it (minutes).
   */
  unmonitoredGraceMinutes: number;
  /** Seen again within this long after resolving, the same incident reopens (minutes). */
  flapWindowMinutes: number;
  /** Reopens within the flap window after which the incident stops paging. */
  flapLimit: number;
  /** Incidents that do not page are sent in a digest at most this often (minutes). */
  digestIntervalMinutes: number;
  /** Incidents at or above this severity page people; `info` never does. */
  pageMinSeverity: Severity;
  /** Incidents below the paging threshold and at or above this one go to the digest. */
  digestMinSeverity: Severity;
  /** Object keys kept per incident (and listed by its notices). */
  sampleSize: number;
  /** A resolved incident is kept this long (history, flap damping), then expires by TTL (days). */
  retentionDays: number;
  /** A notice claimed by an invocation that never finished is taken over after this long (seconds). */
  claimTimeoutSeconds: number;
}

export const DEFAULT_INCIDENT_SETTINGS: Readonly<IncidentSettings> = {
  reminderIntervalMinutes: 240,
  eventQuietPeriodMinutes: 60,
  resolveAfterMissedAudits: 2,
  auditIntervalMinutes: 5,
  unmonitoredGraceMinutes: 1440,
  flapWindowMinutes: 120,
  flapLimit: 3,
  digestIntervalMinutes: 1440,
  pageMinSeverity: 'warning',
  digestMinSeverity: 'info',
  sampleSize: 20,
  retentionDays: 30,
  claimTimeoutSeconds: 300,
};

/** `ALERT_MIN_SEVERITY` sets the paging threshold, but never lower than `warning`. */
export function pagingThreshold(minimumAlertSeverity: Severity): Severity {
  return severityAtLeast(minimumAlertSeverity, 'warning') ? minimumAlertSeverity : 'warning';
}

export const pages = (severity: Severity, settings: IncidentSettings): boolean =>
  severityAtLeast(severity, settings.pageMinSeverity);

export const minutes = (count: number): number => count * 60_000;

/** Settings from the alert options every path has, over the defaults (the CLI, tests). */
export function incidentSettingsFor(
  alerts: { minimumAlertSeverity: Severity; alertSampleSize: number },
  overrides: Partial<IncidentSettings> = {},
): IncidentSettings {
  return {
    ...DEFAULT_INCIDENT_SETTINGS,
    pageMinSeverity: pagingThreshold(alerts.minimumAlertSeverity),
    digestMinSeverity: alerts.minimumAlertSeverity,
    sampleSize: alerts.alertSampleSize,
    ...overrides,
  };
}
