import type { IncidentNotice } from '../incidents/incident.js';
import { safeJson } from './escape.js';
import { type DocumentLimits, type IncidentDocument, incidentDocument } from './incident-document.js';
import { eventTypeOf, type IncidentEventType } from './incident-view.js';
import { byteLength } from './text.js';

/** The `source` of every event the monitor puts on a bus: rules match on it. */
export const INCIDENT_EVENT_SOURCE = 's3-replication-monitor';

/**
 * PutEvents refuses an entry of 256 KB or more, counted as: 14 bytes for `Time`, plus the UTF-8
 * bytes of `Source`, `DetailType`, `Detail` and each `Resources` entry
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html).
 */
export const PUT_EVENTS_ENTRY_LIMIT_BYTES = 262_144;

/**
 * One PutEvents entry (the SDK's PutEventsRequestEntry shape, without importing the SDK into
 * core). `Detail` is the JSON of an {@link IncidentEventDetail}.
 */
export interface IncidentEventEntry {
  Source: typeof INCIDENT_EVENT_SOURCE;
  DetailType: IncidentEventType;
  Detail: string;
  EventBusName: string;
  /** The source bucket's ARN, then each destination bucket's. */
  Resources: string[];
  Time: Date;
}

/**
 * The event `detail`: the same versioned document as the SNS `default` body, so a rule or a
 * queue subscriber reads one schema. Match on `detail.transition`, `detail.severity`,
 * `detail.code`, `detail.sourceBucket`, `detail.incidentId`.
 */
export type IncidentEventDetail = IncidentDocument;

export interface EventEntryOptions {
  /** ARN partition of the buckets (default `aws`). */
  partition?: string;
  limitBytes?: number;
}

/**
 * The EventBridge entry for one incident transition (opened, updated, reminder → Updated,
 * resolved), so other tools can react. Pure. Samples, then causes, are cut until the entry fits.
 */
export function eventBridgeEntry(
  notice: IncidentNotice,
  busName: string,
  options: EventEntryOptions = {},
): IncidentEventEntry {
  if (typeof busName !== 'string' || busName.trim() === '') {
    throw new TypeError('eventBridgeEntry: busName must be an event bus name or ARN');
  }
  const partition = options.partition ?? 'aws';
  const limit = options.limitBytes ?? PUT_EVENTS_ENTRY_LIMIT_BYTES;
  const { incident } = notice;
  const destinations = new Set(incident.causes.flatMap((cause) => cause.destinationBucket ?? []));
  const entryFor = (limits: DocumentLimits, truncated: boolean): IncidentEventEntry => ({
    Source: INCIDENT_EVENT_SOURCE,
    DetailType: eventTypeOf(notice.transition),
    Detail: safeJson(incidentDocument(notice, limits, truncated)),
    EventBusName: busName,
    Resources: [incident.sourceBucket, ...destinations].map((bucket) => `arn:${partition}:s3:::${bucket}`),
    Time: new Date(notice.at),
  });
  let limits: DocumentLimits = { samples: incident.samples.length, causes: incident.causes.length };
  let entry = entryFor(limits, false);
  while (putEventsEntrySize(entry) >= limit) {
    if (limits.samples > 0) limits = { ...limits, samples: Math.floor(limits.samples / 2) };
    else if (limits.causes > 1) limits = { ...limits, causes: Math.floor(limits.causes / 2) };
    else break;
    entry = entryFor(limits, true);
  }
  return entry;
}

/** EventBridge's own size rule for a PutEvents entry (see PUT_EVENTS_ENTRY_LIMIT_BYTES). */
export function putEventsEntrySize(entry: IncidentEventEntry): number {
  let size = 14 + byteLength(entry.Source) + byteLength(entry.DetailType) + byteLength(entry.Detail);
  for (const resource of entry.Resources) size += byteLength(resource);
  return size;
}
