import type { Alert } from '../core/alerts.js';
import type { Clock } from '../core/clock.js';
import type { Finding, Severity, SeverityOverrides } from '../core/findings.js';
import { causeFingerprint } from '../core/fingerprint.js';
import type { Notification } from '../core/render/notification.js';
import { type TriggerKind, unwrapTrigger } from '../core/trigger.js';
import type { AlertPublisher } from './alert-publisher.js';
import { collectEventFindings, type RejectedRecord } from './collect-event-findings.js';
import { deliveryError, prepareAlerts, publishAlerts } from './deliver-alerts.js';

export interface EventProcessingOptions {
  severityOverrides: SeverityOverrides;
  /** Alerts below this severity are not published (they still appear as findings). */
  minimumAlertSeverity: Severity;
  /** How many object keys an alert lists. */
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
  alerts: Alert[];
  notifications: Notification[];
  rejected: RejectedRecord[];
  delivered: number;
  /** SQS message ids whose alert could not be delivered: redeliver only these. */
  batchItemFailures: { itemIdentifier: string }[];
}

/**
 * The replication-event use case: trigger → findings (deduplicated) → one alert per cause →
 * SNS. A malformed record is rejected with its reason and never blocks the others; a record
 * delivered twice counts once. Delivery failures are transient: on SQS they become batch item
 * failures of the messages behind the alert; otherwise the invocation fails so Lambda retries.
 */
export async function processReplicationEvents(
  event: unknown,
  dependencies: { clock: Clock; options: EventProcessingOptions; publisher?: AlertPublisher },
): Promise<EventOutcome> {
  const { clock, options, publisher } = dependencies;
  const unwrapped = unwrapTrigger(event);
  const collected = collectEventFindings(unwrapped.payloads, options.severityOverrides);
  const findings = [...collected.findings.values()];
  const { alerts, sent, notifications } = prepareAlerts(findings, options, clock.now());
  const outcome: EventOutcome = {
    trigger: unwrapped.kind,
    records: collected.records,
    testEvents: collected.testEvents,
    duplicates: collected.duplicates,
    findings,
    alerts,
    notifications,
    rejected: collected.rejected,
    delivered: 0,
    batchItemFailures: [],
  };
  if (publisher === undefined) return outcome;
  const { delivered, failures } = await publishAlerts(publisher, notifications, options.publishConcurrency);
  outcome.delivered = delivered;
  if (failures.length === 0) return outcome;
  const failedMessages = messagesOf(
    failures.map(({ index }) => sent[index] as Alert),
    collected.findings,
    collected.messageIds,
  );
  if (unwrapped.kind === 'sqs' && failedMessages !== undefined) {
    outcome.batchItemFailures = [...failedMessages].map((itemIdentifier) => ({ itemIdentifier }));
    return outcome;
  }
  throw deliveryError(
    failures.map(({ reason }) => reason),
    notifications.length,
  );
}

/** The SQS messages behind some alerts; undefined when a finding has none to name. */
function messagesOf(
  alerts: readonly Alert[],
  findings: ReadonlyMap<string, Finding>,
  messageIds: ReadonlyMap<string, ReadonlySet<string>>,
): Set<string> | undefined {
  const causes = new Set(alerts.map((alert) => alert.fingerprint));
  const result = new Set<string>();
  for (const [id, finding] of findings) {
    if (!causes.has(causeFingerprint(finding))) continue;
    const ids = messageIds.get(id);
    if (ids === undefined || ids.size === 0) return undefined;
    for (const id of ids) result.add(id);
  }
  return result;
}
