import { randomUUID } from 'node:crypto';
import type { Incident, IncidentNotice } from '../incidents/incident.js';
import {
  auditWork,
  forgetSettledBuckets,
  RECHECK_BUDGET,
  recheckEventSamples,
} from '../incidents/incident-audit.js';
import { sendDigestIfDue } from '../incidents/incident-digest.js';
import { type IncidentDependencies, reportIncidents } from '../incidents/report-incidents.js';
import { DeliveryError } from '../model/errors.js';
import type { IncidentNotification } from '../render/sns-message.js';
import { auditEveryAccount } from './accounts/audit-accounts.js';
import type { AuditDependencies, AuditRequest } from './audit-dependencies.js';
import type { AuditReport } from './audit-report.js';

export interface AuditOutcome {
  report: AuditReport;
  /** Incidents of the buckets this audit worked on, as written. */
  incidents: Incident[];
  /** Incident transitions decided (or taken over) by this audit, delivered or not. */
  notices: IncidentNotice[];
  /** The SNS messages for people: incident notices, and the digest when one was due. */
  notifications: IncidentNotification[];
  delivered: number;
}

/**
 * Runs the audit and reports its findings through incidents, as the event path does: what it
 * sees opens or joins incidents, what a complete audit no longer sees resolves them, open ones
 * are reminded, and the digest goes out when due. Without `incidents` it only reports (an
 * on-demand audit that pages nobody).
 *
 * Incident state is written before anything is published; a failed write or publish fails the
 * run after every bucket was tried, so the retry (or the next scheduled audit) re-sends what is
 * still pending and nothing is lost.
 */
export async function auditAndAlert(
  request: AuditRequest,
  dependencies: AuditDependencies & { incidents?: IncidentDependencies },
): Promise<AuditOutcome> {
  try {
    return await auditAndReport(request, dependencies);
  } finally {
    // Once the incidents are written: the next audit of these buckets may start.
    await dependencies.leases?.releaseAll();
  }
}

async function auditAndReport(
  request: AuditRequest,
  dependencies: AuditDependencies & { incidents?: IncidentDependencies },
): Promise<AuditOutcome> {
  const report = await auditEveryAccount(request, dependencies);
  const { incidents } = dependencies;
  if (incidents === undefined) return { report, incidents: [], notices: [], notifications: [], delivered: 0 };
  const failures: unknown[] = [];
  // Unreadable, the registry of buckets with incidents costs this run only the buckets without
  // findings (their reminders and resolutions wait for the retry): those with findings are still
  // reported, each against its own incidents, so nothing is paged twice.
  const knownBuckets = await incidents.store.listBuckets().catch((error: unknown) => {
    failures.push(error);
    return [];
  });
  // With sampling off (SAMPLE_MAX_OBJECTS=0) the role may read no object: nothing is re-checked.
  const sampling = (request.sampleSize ?? dependencies.settings.sampleMaxObjects) > 0;
  const replicated = await recheckEventSamples({
    store: incidents.store,
    report,
    knownBuckets,
    reader: dependencies.objectReader,
    deadline: dependencies.deadline,
    budget: sampling ? RECHECK_BUDGET : 0,
  });
  const discovered = request.buckets.length === 0 && dependencies.settings.buckets.length === 0;
  const work = auditWork(report, {
    auditId: randomUUID(),
    knownBuckets,
    replicated,
    discovered,
    full: request.buckets.length === 0,
  });
  const result = await reportIncidents(work, incidents);
  failures.push(...result.failedBuckets.values(), ...result.failedIncidents.values());
  await forgetSettledBuckets({
    store: incidents.store,
    knownBuckets,
    incidents: result.incidents,
    failedBuckets: result.failedBuckets,
    now: incidents.clock.now(),
  });
  const notifications = [...result.notifications];
  let delivered = result.delivered;
  try {
    const digest = await sendDigestIfDue(result.incidents, result.owner, incidents);
    if (digest !== undefined) notifications.push(digest.notification);
    if (digest?.delivered) delivered += 1;
  } catch (error) {
    failures.push(error);
  }
  if (failures.length > 0)
    throw new DeliveryError(
      `${failures.length} incident update(s) could not be written or delivered; they stay pending for the retry`,
      { cause: new AggregateError(failures) },
    );
  return { report, incidents: result.incidents, notices: result.notices, notifications, delivered };
}
