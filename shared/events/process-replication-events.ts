import { attachDiagnosis, type KnownDiagnosis } from '../diagnosis/attach-diagnosis.js';
import type { Incident, IncidentNotice } from '../incidents/incident.js';
import { defaultNoticeRenderer } from '../incidents/incident-delivery.js';
import { createInMemoryIncidentStore } from '../incidents/incident-store.js';
import {
  type IncidentDependencies,
  type IncidentReport,
  observationsByBucket,
  reportIncidents,
} from '../incidents/report-incidents.js';
import { incidentSettingsFor } from '../incidents/settings.js';
import type { Clock } from '../model/clock.js';
import { DeliveryError } from '../model/errors.js';
import type { Finding, Severity, SeverityOverrides } from '../model/findings.js';
import type { IncidentNotification } from '../render/sns-message.js';
import { collectEventFindings, type RejectedRecord } from './collect-event-findings.js';
import { type TriggerKind, unwrapTrigger } from './trigger.js';

export interface EventProcessingOptions {
  severityOverrides: SeverityOverrides;
  /** Incidents below this severity page nobody and skip the digest too; `info` never pages. */
  minimumAlertSeverity: Severity;
  /** How many object keys an incident keeps and its notices list. */
  alertSampleSize: number;
  /** How many SNS publishes run at once. */
  publishConcurrency: number;
}

export interface EventOutcome {
  trigger: TriggerKind;
  /** Replication records read, valid or not (test events excluded). */
  records: number;
  testEvents: number;
  duplicates: number;
  findings: Finding[];
  /** The incidents of the buckets concerned, as written. */
  incidents: Incident[];
  /** Incident transitions this invocation decided (or took over), delivered or not. */
  notices: IncidentNotice[];
  /** The SNS messages for people. */
  notifications: IncidentNotification[];
  rejected: RejectedRecord[];
  delivered: number;
  /** SQS message ids whose incident could not be written or notified: redeliver only these. */
  batchItemFailures: { itemIdentifier: string }[];
}

/**
 * The replication-event use case: trigger → findings (deduplicated) → incidents → notices. A
 * malformed record is rejected with its reason and never blocks the others; a record delivered
 * twice counts once, in this batch and (through the incident's remembered findings) across
 * redeliveries. Failures are transient: on SQS they become batch item failures of the messages
 * behind the incident; otherwise the invocation fails so Lambda retries. Either way the incident
 * state already written keeps its notice pending, so the retry sends it and nothing is lost.
 *
 * Without `incidents`, a run with no prior incident state that renders and sends nothing (the CLI).
 */
export async function processReplicationEvents(
  event: unknown,
  dependencies: {
    clock: Clock;
    options: EventProcessingOptions;
    incidents?: IncidentDependencies;
    /** The last audit's role/KMS diagnosis of a bucket, to name the cause of a permission failure. */
    diagnoses?: (bucket: string) => Promise<KnownDiagnosis | undefined>;
  },
): Promise<EventOutcome> {
  const { clock, options } = dependencies;
  const incidents = dependencies.incidents ?? renderOnly(clock, options);
  const unwrapped = unwrapTrigger(event);
  const collected = collectEventFindings(unwrapped.payloads, options.severityOverrides);
  if (dependencies.diagnoses !== undefined) await explainFailures(collected.findings, dependencies.diagnoses);
  const findings = [...collected.findings.values()];
  const now = clock.now();
  const observed = [...collected.findings, ...collected.retimed];
  const work = [...observationsByBucket(observed, 'events', now)].map(([bucket, observations]) => ({
    bucket,
    observations,
  }));
  const report = await reportIncidents(work, incidents);
  const outcome: EventOutcome = {
    trigger: unwrapped.kind,
    records: collected.records,
    testEvents: collected.testEvents,
    duplicates: collected.duplicates,
    findings,
    incidents: report.incidents,
    notices: report.notices,
    notifications: report.notifications,
    rejected: collected.rejected,
    delivered: report.delivered,
    batchItemFailures: [],
  };
  const failed = failedFindings(collected.findings, report);
  if (failed.length === 0) return outcome;
  const failedMessages = messagesOf(failed, collected.messageIds);
  if (unwrapped.kind === 'sqs' && failedMessages !== undefined) {
    outcome.batchItemFailures = [...failedMessages].map((itemIdentifier) => ({ itemIdentifier }));
    return outcome;
  }
  const reasons = [...report.failedBuckets.values(), ...report.failedIncidents.values()];
  throw new DeliveryError(
    `${reasons.length} incident update(s) could not be written or delivered; they stay pending for the retry`,
    { cause: new AggregateError(reasons) },
  );
}

/**
 * Permission and KMS failures carry the audit's diagnosis of their rule, read once per bucket.
 * The diagnosis only adds to a finding: when it cannot be read the finding goes out as it is.
 */
async function explainFailures(
  findings: Map<string, Finding>,
  diagnoses: (bucket: string) => Promise<KnownDiagnosis | undefined>,
): Promise<void> {
  const explainable = [...findings].filter(
    ([, finding]) =>
      finding.code === 'REPLICATION_FAILED' &&
      (finding.failureCategory === 'permission' || finding.failureCategory === 'kms'),
  );
  const byBucket = new Map<string, Promise<KnownDiagnosis | undefined>>();
  for (const [id, finding] of explainable) {
    if (!byBucket.has(finding.sourceBucket)) {
      byBucket.set(
        finding.sourceBucket,
        diagnoses(finding.sourceBucket).catch(() => undefined),
      );
    }
    findings.set(id, attachDiagnosis(finding, await byBucket.get(finding.sourceBucket)));
  }
}

function renderOnly(clock: Clock, options: EventProcessingOptions): IncidentDependencies {
  return {
    store: createInMemoryIncidentStore(),
    channels: { renderer: defaultNoticeRenderer, concurrency: options.publishConcurrency },
    settings: incidentSettingsFor(options),
    clock,
  };
}

/** Fingerprints of the findings whose bucket could not be written or whose incident was not notified. */
function failedFindings(findings: ReadonlyMap<string, Finding>, report: IncidentReport): string[] {
  if (report.failedBuckets.size === 0 && report.failedIncidents.size === 0) return [];
  return [...findings].flatMap(([id, finding]) => {
    const incident = report.assignments.get(id);
    const failed =
      report.failedBuckets.has(finding.sourceBucket) ||
      (incident !== undefined && report.failedIncidents.has(incident));
    return failed ? [id] : [];
  });
}

/** The SQS messages behind some findings; undefined when a finding has none to name. */
function messagesOf(
  failed: readonly string[],
  messageIds: ReadonlyMap<string, ReadonlySet<string>>,
): Set<string> | undefined {
  const result = new Set<string>();
  for (const id of failed) {
    const ids = messageIds.get(id);
    if (ids === undefined || ids.size === 0) return undefined;
    for (const messageId of ids) result.add(messageId);
  }
  return result;
}
