import { randomUUID } from 'node:crypto';
import type { Clock } from '../model/clock.js';
import { mapSettled } from '../model/concurrency.js';
import { IncidentWriteError } from '../model/errors.js';
import type { Finding } from '../model/findings.js';
import { fingerprint } from '../model/fingerprint.js';
import type { IncidentNotification } from '../render/sns-message.js';
import { applyToBucket } from './apply.js';
import type { Incident, IncidentNotice, IncidentSource } from './incident.js';
import { deliverNotices, type IncidentChannels } from './incident-delivery.js';
import type { IncidentStore } from './incident-store.js';
import { changeBucket, type RetryPolicy } from './incident-transaction.js';
import type { Observation } from './observe.js';
import type { AuditView } from './resolution.js';
import type { IncidentSettings } from './settings.js';

/** What both paths need to report through incidents. */
export interface IncidentDependencies {
  store: IncidentStore;
  channels: IncidentChannels;
  settings: IncidentSettings;
  clock: Clock;
  retry?: RetryPolicy;
  /** How the write that clears delivered notices is retried on any error (default ANY_ERROR_RETRY). */
  clearRetry?: RetryPolicy;
  /** Source buckets whose incidents are changed at once (default 4). */
  bucketConcurrency?: number;
}

/** One bucket's part of a change: its findings, and what the audit could see there. */
export interface BucketWork {
  bucket: string;
  observations: Observation[];
  audit?: AuditView;
  /** A full audit did not cover the bucket: when it started (see BucketChange). */
  unmonitoredAt?: string;
}

export interface IncidentReport {
  /** Every incident of the buckets worked on, as written. */
  incidents: Incident[];
  notices: IncidentNotice[];
  notifications: IncidentNotification[];
  delivered: number;
  /** Finding fingerprint → its incident. */
  assignments: Map<string, string>;
  /** Buckets whose incidents could not be written, and incidents whose notices were not all delivered. */
  failedBuckets: Map<string, unknown>;
  failedIncidents: Map<string, unknown>;
  /** The invocation's owner token (the claims on the notices it delivers). */
  owner: string;
}

/**
 * Reports findings through incidents: per bucket, the lifecycle is applied and written with
 * conditional writes (incident-transaction.ts), then the notices decided are delivered
 * (incident-delivery.ts). One bucket's failure never stops the others.
 *
 * Delivery order: commit, then notify, then clear. The new state is written with the notice in
 * `pendingNotices`, claimed by this invocation; then it is published; then it is cleared.
 * - Notifying first could send a notice whose state then fails to commit: a concurrent writer
 *   that won decides the same transition and sends it again (a double page).
 * - Committing first, the conditional write decides who owns the notice: only the winner sends.
 *   A publish that fails (or a crash) leaves the notice pending, the invocation fails (batch item
 *   failures, or an error), and the retry takes the notice over and sends it: nothing is lost.
 *   The one duplicate possible is a crash between publishing and clearing: at-least-once, as SNS.
 */
export async function reportIncidents(
  work: readonly BucketWork[],
  dependencies: IncidentDependencies,
): Promise<IncidentReport> {
  const owner = randomUUID();
  const now = dependencies.clock.now();
  const results = await mapSettled(work, dependencies.bucketConcurrency ?? 4, (item) =>
    changeBucket(
      dependencies.store,
      item.bucket,
      (loaded) =>
        applyToBucket(loaded, {
          observations: item.observations,
          ...(item.audit === undefined ? {} : { audit: item.audit }),
          ...(item.unmonitoredAt === undefined ? {} : { unmonitoredAt: item.unmonitoredAt }),
          now,
          owner,
          settings: dependencies.settings,
        }),
      { now, ...(dependencies.retry === undefined ? {} : { retry: dependencies.retry }) },
    ),
  );
  const incidents: Incident[] = [];
  const assignments = new Map<string, string>();
  const failedBuckets = new Map<string, unknown>();
  for (const [index, result] of results.entries()) {
    if (result.status === 'rejected') {
      failedBuckets.set(work[index]?.bucket ?? '', result.reason);
      // What was written before the failure carries notices only this invocation may send now.
      if (result.reason instanceof IncidentWriteError) incidents.push(...result.reason.saved);
      continue;
    }
    incidents.push(...result.value.incidents);
    for (const [finding, incident] of result.value.assignments) assignments.set(finding, incident);
  }
  const delivery = await deliverNotices(incidents, owner, dependencies);
  return {
    incidents,
    notices: delivery.notices,
    notifications: delivery.notifications,
    delivered: delivery.delivered,
    assignments,
    failedBuckets,
    failedIncidents: delivery.failures,
    owner,
  };
}

/**
 * Findings, each with its fingerprint, as observations grouped by source bucket. `seenAt` is the
 * event's time, else `fallback` (the audit's start).
 */
export function observationsByBucket(
  findings: Iterable<readonly [string, Finding]>,
  source: IncidentSource,
  fallback: Date,
): Map<string, Observation[]> {
  const byBucket = new Map<string, Observation[]>();
  const fallbackText = fallback.toISOString();
  for (const [id, finding] of findings) {
    const observations = byBucket.get(finding.sourceBucket) ?? [];
    byBucket.set(finding.sourceBucket, observations);
    observations.push({ finding, id, source, seenAt: eventTimeOf(finding) ?? fallbackText });
  }
  return byBucket;
}

/** Findings paired with their fingerprints, for `observationsByBucket`. */
export const withFingerprints = (findings: readonly Finding[]): [string, Finding][] =>
  findings.map((finding) => [fingerprint(finding), finding]);

/** When an event finding's event happened, as an ISO timestamp; undefined for audit findings. */
export function eventTimeOf(finding: Finding): string | undefined {
  const value = finding.evidence?.eventTime;
  if (typeof value !== 'string') return undefined;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}
