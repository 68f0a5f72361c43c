import { mapSettled } from '../model/concurrency.js';
import { compareSeverity } from '../model/findings.js';
import { renderDigest } from '../render/digest-notification.js';
import { eventBridgeEntry, type IncidentEventEntry } from '../render/event-bridge.js';
import { renderIncidentNotification } from '../render/incident-notification.js';
import type { IncidentNotification } from '../render/sns-message.js';
import type { Incident, IncidentDigest, IncidentNotice, PendingNotice } from './incident.js';
import type { IncidentStore } from './incident-store.js';
import {
  ANY_ERROR_RETRY,
  changeIncident,
  type RetryPolicy,
  retryOnAnyError,
} from './incident-transaction.js';
import { noticesOwnedBy } from './notices.js';

/** How notices become messages (shared/render); injected so tests and channels can vary. */
export interface NoticeRenderer {
  notification(notice: IncidentNotice): IncidentNotification;
  digest(digest: IncidentDigest): IncidentNotification;
  eventBridgeEntry(notice: IncidentNotice, busName: string): IncidentEventEntry;
}

export const defaultNoticeRenderer: NoticeRenderer = {
  notification: (notice) => renderIncidentNotification(notice),
  digest: (digest) => renderDigest(digest),
  eventBridgeEntry: (notice, busName) => eventBridgeEntry(notice, busName),
};

/** People: the SNS topic. Resolves once published; rejects when it was not. */
export interface IncidentPublisher {
  publish(notification: IncidentNotification): Promise<void>;
}

/** Programs: an EventBridge bus. Resolves to the entries that could not be put, with why. */
export interface IncidentEventPublisher {
  putEvents(entries: readonly IncidentEventEntry[]): Promise<{ index: number; reason: unknown }[]>;
}

export interface IncidentChannels {
  renderer: NoticeRenderer;
  /** Absent: people's notices are rendered, not sent (the CLI without --notify). */
  publisher?: IncidentPublisher;
  /** Absent: no EventBridge (EVENT_BUS_NAME not configured). */
  events?: { busName: string; publisher: IncidentEventPublisher };
  /** Concurrent SNS publishes. */
  concurrency: number;
}

export interface Delivery {
  /** Every notice this invocation delivered or tried to, most severe incident first. */
  notices: IncidentNotice[];
  /** The SNS messages for people, in the same order. */
  notifications: IncidentNotification[];
  delivered: number;
  /** Incidents whose notices could not all be delivered: they stay pending for the retry. */
  failures: Map<string, unknown>;
}

interface Owned {
  incident: Incident;
  items: { pending: PendingNotice; notice: IncidentNotice; people?: IncidentNotification }[];
  peopleDone: Set<string>;
  eventsDone: Set<string>;
  failure?: unknown;
}

/**
 * Delivers the notices `owner` queued (or took over), then clears them. They were written with
 * the incident before publishing, so a publish that fails leaves them pending: the incident is
 * reported as failed (the invocation fails or returns batch item failures), its claim is
 * released, and the retry sends them. Clearing per channel keeps a notice that reached SNS but
 * not EventBridge from being sent to people twice.
 */
export async function deliverNotices(
  incidents: readonly Incident[],
  owner: string,
  dependencies: {
    store: IncidentStore;
    channels: IncidentChannels;
    retry?: RetryPolicy;
    /** How the write that clears delivered notices is retried on any error. */
    clearRetry?: RetryPolicy;
  },
): Promise<Delivery> {
  const { channels } = dependencies;
  const owned: Owned[] = incidents
    .map((incident) => ({
      incident,
      items: noticesOwnedBy(incident, owner).map((item) => ({
        ...item,
        ...(item.pending.people ? { people: channels.renderer.notification(item.notice) } : {}),
      })),
      peopleDone: new Set<string>(),
      eventsDone: new Set<string>(),
    }))
    .filter((entry) => entry.items.length > 0)
    .sort(
      (left, right) =>
        compareSeverity(left.incident.severity, right.incident.severity) ||
        right.incident.affected - left.incident.affected ||
        left.incident.id.localeCompare(right.incident.id),
    );
  await putEvents(owned, channels);
  let delivered = 0;
  await mapSettled(owned, channels.concurrency, async (entry) => {
    for (const item of entry.items) {
      if (item.people === undefined) continue;
      try {
        await channels.publisher?.publish(item.people);
        if (channels.publisher !== undefined) delivered += 1;
        entry.peopleDone.add(item.pending.id);
      } catch (error) {
        entry.failure ??= error;
        // Later notices of this incident wait too: people read them in order.
        return;
      }
    }
  });
  // Published but not cleared, a notice is sent again once its claim goes stale: the clearing
  // write is retried on any error (it is idempotent: a write that passed unseen leaves nothing to
  // clear) before the incident is reported failed. A notice sent again carries the same id.
  await mapSettled(owned, channels.concurrency, async (entry) => {
    try {
      await retryOnAnyError(
        () =>
          changeIncident(
            dependencies.store,
            entry.incident,
            (current) => cleared(current, entry),
            dependencies.retry,
          ),
        dependencies.clearRetry ?? ANY_ERROR_RETRY,
      );
    } catch (error) {
      entry.failure ??= error;
    }
  });
  const failures = new Map(
    owned.flatMap((entry) => (entry.failure === undefined ? [] : [[entry.incident.id, entry.failure]])),
  );
  return {
    notices: owned.flatMap((entry) => entry.items.map((item) => item.notice)),
    notifications: owned.flatMap((entry) => entry.items.flatMap((item) => item.people ?? [])),
    delivered,
    failures,
  };
}

async function putEvents(owned: Owned[], channels: IncidentChannels): Promise<void> {
  const bus = channels.events;
  const targets = owned.flatMap((entry) =>
    entry.items.filter((item) => item.pending.events).map((item) => ({ entry, item })),
  );
  if (bus === undefined) {
    for (const { entry, item } of targets) entry.eventsDone.add(item.pending.id);
    return;
  }
  if (targets.length === 0) return;
  const entries = targets.map(({ item }) => channels.renderer.eventBridgeEntry(item.notice, bus.busName));
  let failed: Map<number, unknown>;
  try {
    failed = new Map(
      (await bus.publisher.putEvents(entries)).map((failure) => [failure.index, failure.reason]),
    );
  } catch (error) {
    failed = new Map(entries.map((_, index) => [index, error]));
  }
  for (const [index, { entry, item }] of targets.entries()) {
    if (failed.has(index)) entry.failure ??= failed.get(index);
    else entry.eventsDone.add(item.pending.id);
  }
}

/** The incident with what was delivered taken off its pending notices, and failed claims released. */
function cleared(incident: Incident, entry: Owned): Incident | undefined {
  const mine = new Set(entry.items.map((item) => item.pending.id));
  const pending = (incident.pendingNotices ?? []).flatMap((notice) => {
    if (!mine.has(notice.id)) return [notice];
    const people = notice.people && !entry.peopleDone.has(notice.id);
    const events = notice.events && !entry.eventsDone.has(notice.id);
    if (!people && !events) return [];
    const { claim: _released, ...rest } = notice;
    return [{ ...rest, people, events }];
  });
  if (JSON.stringify(pending) === JSON.stringify(incident.pendingNotices ?? [])) return undefined;
  if (pending.length === 0) delete incident.pendingNotices;
  else incident.pendingNotices = pending;
  return incident;
}
