import { compareSeverity } from '../model/findings.js';
import type { Incident, IncidentNotice, IncidentTransition, PendingNotice } from './incident.js';
import { openCauses } from './observe.js';
import { type IncidentSettings, minutes, pages } from './settings.js';

/** How an incident came to be open in this change, when it did. */
export interface Opening {
  reopened: boolean;
  /** It was flapping already: the reopening pages nobody. */
  quiet: boolean;
}

export interface NoticeContext {
  now: Date;
  settings: IncidentSettings;
  /** The invocation that will deliver what is decided here. */
  owner: string;
  /** The revision the incident is written with: notice ids are unique per incident. */
  revision: number;
}

/**
 * Decides what `after` is worth telling, compared with `before` (undefined: it did not exist),
 * and queues it on `after.pendingNotices`:
 * - `opened` (and reopened): EventBridge always; people when its severity pages and it is not
 *   flapping;
 * - `resolved`: EventBridge always; people when they were told about it and it is not flapping;
 * - `updated`, for a new (or returning) cause or a higher severity: EventBridge always; people only
 *   when the severity rose to a paging level;
 * - `reminder`: people only, once `reminderIntervalMinutes` passed since they were last told, if
 *   it is still open, still pages and was seen since.
 */
export function decideNotices(
  before: Incident | undefined,
  after: Incident,
  opening: Opening | undefined,
  context: NoticeContext,
): void {
  const { settings } = context;
  const quiet = after.flapping === true;
  if (after.status === 'open' && (before === undefined || before.status === 'resolved' || opening)) {
    const people = pages(after.severity, settings) && !(opening?.quiet ?? false);
    queue(after, 'opened', people, context, opening?.reopened === true ? { reopened: true } : {});
    return;
  }
  if (before === undefined || before.status !== 'open') return;
  if (after.status === 'resolved') {
    const people = after.lastNotifiedAt !== undefined && pages(after.severity, settings) && !quiet;
    queue(after, 'resolved', people, context, {});
    return;
  }
  const rose = compareSeverity(after.severity, before.severity) < 0;
  const wasOpen = new Set(openCauses(before).map((cause) => cause.fingerprint));
  const newCause = openCauses(after).some((cause) => !wasOpen.has(cause.fingerprint));
  if (rose || newCause) {
    const people = rose && pages(after.severity, settings) && !quiet;
    queue(after, 'updated', people, context, { growth: after.affected - after.affectedAtLastNotice });
    if (people) return;
  }
  if (reminderDue(after, context)) {
    queue(after, 'reminder', true, context, { growth: after.affected - after.affectedAtLastNotice });
  }
}

function reminderDue(incident: Incident, { now, settings }: NoticeContext): boolean {
  const last = incident.lastNotifiedAt;
  if (last === undefined || !pages(incident.severity, settings)) return false;
  if (now.getTime() - Date.parse(last) < minutes(settings.reminderIntervalMinutes)) return false;
  return openCauses(incident).some((cause) => (cause.lastObservedAt ?? cause.lastSeen) > last);
}

function queue(
  incident: Incident,
  transition: IncidentTransition,
  people: boolean,
  { now, owner, revision }: NoticeContext,
  extra: { growth?: number; reopened?: boolean },
): void {
  const at = now.toISOString();
  const notice: PendingNotice = {
    id: `${revision}-${transition}`,
    transition,
    at,
    ...extra,
    people,
    events: true,
    snapshot: {
      status: incident.status,
      severity: incident.severity,
      code: incident.code,
      affected: incident.affected,
      ...(incident.resolvedAt === undefined ? {} : { resolvedAt: incident.resolvedAt }),
      ...(incident.resolvedBecause === undefined ? {} : { resolvedBecause: incident.resolvedBecause }),
    },
    claim: { owner, at },
  };
  incident.pendingNotices = [...(incident.pendingNotices ?? []), notice];
  if (people) {
    incident.lastNotifiedAt = at;
    incident.affectedAtLastNotice = incident.affected;
  }
}

/**
 * Claims the notices nobody is delivering: unclaimed (their publish failed and was released) or
 * claimed longer ago than `claimTimeoutSeconds` (their invocation died). Returns whether any was.
 */
export function claimOrphanedNotices(
  incident: Incident,
  owner: string,
  now: Date,
  settings: IncidentSettings,
) {
  let claimed = false;
  const stale = now.getTime() - settings.claimTimeoutSeconds * 1000;
  for (const notice of incident.pendingNotices ?? []) {
    if (notice.claim?.owner === owner) continue;
    if (notice.claim !== undefined && Date.parse(notice.claim.at) > stale) continue;
    notice.claim = { owner, at: now.toISOString() };
    claimed = true;
  }
  return claimed;
}

/** The notices `owner` is to deliver, as the renderers take them: the incident as it was decided. */
export function noticesOwnedBy(
  incident: Incident,
  owner: string,
): { pending: PendingNotice; notice: IncidentNotice }[] {
  const { pendingNotices, ...state } = incident;
  return (pendingNotices ?? [])
    .filter((pending) => pending.claim?.owner === owner)
    .map((pending) => {
      const { resolvedAt, resolvedBecause, ...headline } = pending.snapshot;
      const view: Incident = { ...state, ...headline };
      if (resolvedAt === undefined) delete view.resolvedAt;
      else view.resolvedAt = resolvedAt;
      if (resolvedBecause === undefined) delete view.resolvedBecause;
      else view.resolvedBecause = resolvedBecause;
      const notice: IncidentNotice = {
        id: noticeIdOf(incident.id, pending.id),
        transition: pending.transition,
        incident: view,
        at: pending.at,
      };
      if (pending.growth !== undefined) notice.growth = pending.growth;
      if (pending.reopened !== undefined) notice.reopened = pending.reopened;
      return { pending, notice };
    });
}

/** A notice's id across deliveries: `<incident id>/<revision>-<transition>`. */
export function noticeIdOf(incidentId: string, pendingId: string): string {
  return `${incidentId}/${pendingId}`;
}
