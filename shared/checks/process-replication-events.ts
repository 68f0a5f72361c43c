import { type Alert, groupIntoAlerts } from '../core/alerts.js';
import type { Clock } from '../core/clock.js';
import { mapSettled } from '../core/concurrency.js';
import { type Finding, type Severity, type SeverityOverrides, severityAtLeast } from '../core/findings.js';
import { causeFingerprint, fingerprint } from '../core/fingerprint.js';
import { type Notification, renderNotification } from '../core/render/notification.js';
import { type TriggerKind, unwrapTrigger } from '../core/trigger.js';
import { DeliveryError } from '../errors.js';
import type { AlertPublisher } from './alert-publisher.js';
import { collectEventFindings, type RejectedRecord } from './collect-event-findings.js';

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
  const alerts = groupIntoAlerts(findings, { observedAt: clock.now(), sampleSize: options.alertSampleSize });
  const toSend = alerts.filter((alert) => severityAtLeast(alert.severity, options.minimumAlertSeverity));
  const notifications = toSend.map((alert) => renderNotification(alert));
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
  const results = await mapSettled(notifications, options.publishConcurrency, (notification) =>
    publisher.publish(notification),
  );
  const failed = results.flatMap((result, index) =>
    result.status === 'rejected' ? [{ index, result }] : [],
  );
  outcome.delivered = results.length - failed.length;
  if (failed.length === 0) return outcome;
  const failedMessages = messagesOf(
    failed.map(({ index }) => toSend[index] as Alert),
    findings,
    collected.messageIds,
  );
  if (unwrapped.kind === 'sqs' && failedMessages !== undefined) {
    outcome.batchItemFailures = [...failedMessages].map((itemIdentifier) => ({ itemIdentifier }));
    return outcome;
  }
  const reasons = failed.map(({ result }) => (result as PromiseRejectedResult).reason);
  throw new DeliveryError(`${failed.length} of ${results.length} alerts could not be published`, {
    cause: new AggregateError(reasons),
  });
}

/** The SQS messages behind some alerts; undefined when a finding has none to name. */
function messagesOf(
  alerts: readonly Alert[],
  findings: readonly Finding[],
  messageIds: ReadonlyMap<string, ReadonlySet<string>>,
): Set<string> | undefined {
  const causes = new Set(alerts.map((alert) => alert.fingerprint));
  const result = new Set<string>();
  for (const finding of findings) {
    if (!causes.has(causeFingerprint(finding))) continue;
    const ids = messageIds.get(fingerprint(finding));
    if (ids === undefined || ids.size === 0) return undefined;
    for (const id of ids) result.add(id);
  }
  return result;
}
