import type { IncidentKind, IncidentTransition } from '../incidents/incident.js';
import { assertNever } from '../model/assert-never.js';
import type { FindingCode, Severity } from '../model/findings.js';
import { titleOf } from './titles.js';

/**
 * The words every channel shares for an incident, so e-mail, Slack, Chatbot and EventBridge
 * never disagree on what an incident is called or how long it lasted.
 */

/** Failing and delayed incidents gather several codes, so they are named for the problem. */
export function incidentTitle(kind: IncidentKind, code: FindingCode): string {
  switch (kind) {
    case 'replication-failing':
      return 'Objects are failing to replicate';
    case 'replication-delayed':
      return 'Replication is delayed';
    case 'access':
      return code === 'PERMISSION_NOT_VERIFIED' ? titleOf(code) : 'Replication is not allowed';
    case 'finding':
      return titleOf(code);
    default:
      return assertNever(kind);
  }
}

/** EventBridge detail-types: a reminder is an update to whoever reacts to events. */
export type IncidentEventType =
  | 'Replication Incident Opened'
  | 'Replication Incident Updated'
  | 'Replication Incident Resolved';

export function eventTypeOf(transition: IncidentTransition): IncidentEventType {
  switch (transition) {
    case 'opened':
      return 'Replication Incident Opened';
    case 'updated':
    case 'reminder':
      return 'Replication Incident Updated';
    case 'resolved':
      return 'Replication Incident Resolved';
    default:
      return assertNever(transition);
  }
}

/** How a notice presents itself: `CRITICAL`, `CRITICAL (still open)`, `RESOLVED`. */
export function statusLabel(transition: IncidentTransition, severity: Severity, reopened: boolean): string {
  const level = severity.toUpperCase();
  switch (transition) {
    case 'opened':
      return reopened ? `${level} (reopened)` : level;
    case 'updated':
      return `${level} (updated)`;
    case 'reminder':
      return `${level} (still open)`;
    case 'resolved':
      return 'RESOLVED';
    default:
      return assertNever(transition);
  }
}

/** Emoji render the same in Slack, Teams and e-mail clients; shortcodes do not. */
export function iconOf(transition: IncidentTransition, severity: Severity): string {
  if (transition === 'resolved') return '\u2705';
  if (severity === 'critical') return '\u{1f534}';
  if (severity === 'warning') return '\u{1f7e0}';
  return '\u2139\ufe0f';
}

/** `2 d 3 h`, `3 h 12 min`, `12 min`, `45 s`: how long, read at a glance. */
export function formatDuration(fromIso: string, toIso: string): string {
  const milliseconds = Date.parse(toIso) - Date.parse(fromIso);
  const seconds = Number.isFinite(milliseconds) ? Math.max(0, Math.floor(milliseconds / 1000)) : 0;
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  if (minutes > 0) return `${minutes} min`;
  return `${seconds} s`;
}

/**
 * The fix every shown cause shares, when there are several and they share one (the causes of an
 * access incident are fixed by one change): renderers then print it once, after the causes.
 */
export function sharedRemediation(causes: readonly { remediation: string }[]): string | undefined {
  const [first] = causes;
  if (first === undefined || causes.length < 2) return undefined;
  return causes.every((cause) => cause.remediation === first.remediation) ? first.remediation : undefined;
}

/** Distinct defined values, in the order first seen. */
export function distinct(values: Iterable<string | undefined>): string[] {
  const seen = new Set<string>();
  for (const value of values) if (value !== undefined) seen.add(value);
  return [...seen];
}

/** `S3 events`, `the audit`, `S3 events and the audit`. */
export function sourcesText(sources: readonly string[]): string {
  const words = sources.map((source) => (source === 'events' ? 'S3 events' : 'the audit'));
  return words.join(' and ');
}

/**
 * Why a notice resolved when it was not because its problems stopped: said in every body, so
 * nobody reads "resolved" as "fixed".
 */
export function resolutionNote(resolvedBecause: 'unmonitored' | undefined): string | undefined {
  if (resolvedBecause !== 'unmonitored') return undefined;
  return 'No longer monitored: the scheduled audit stopped covering this bucket (deleted, excluded, or dropped from the audited buckets) and nothing has observed these problems since. They are not known to be fixed.';
}
