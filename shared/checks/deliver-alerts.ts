import { type Alert, groupIntoAlerts } from '../core/alerts.js';
import { mapSettled } from '../core/concurrency.js';
import { type Finding, type Severity, severityAtLeast } from '../core/findings.js';
import { type Notification, renderNotification } from '../core/render/notification.js';
import { DeliveryError } from '../errors.js';
import type { AlertPublisher } from './alert-publisher.js';

export interface AlertOptions {
  minimumAlertSeverity: Severity;
  alertSampleSize: number;
  publishConcurrency: number;
}

export interface PreparedAlerts {
  alerts: Alert[];
  /** The alerts at or above the minimum severity, in the order of `notifications`. */
  sent: Alert[];
  notifications: Notification[];
}

/** Findings → one alert per cause → rendered SNS messages. The event path and the audit share it. */
export function prepareAlerts(
  findings: readonly Finding[],
  options: AlertOptions,
  observedAt: Date,
): PreparedAlerts {
  const alerts = groupIntoAlerts(findings, { observedAt, sampleSize: options.alertSampleSize });
  const sent = alerts.filter((alert) => severityAtLeast(alert.severity, options.minimumAlertSeverity));
  return { alerts, sent, notifications: sent.map((alert) => renderNotification(alert)) };
}

/** Publishes every notification (bounded concurrency); returns the indexes that failed, with why. */
export async function publishAlerts(
  publisher: AlertPublisher,
  notifications: readonly Notification[],
  concurrency: number,
): Promise<{ delivered: number; failures: { index: number; reason: unknown }[] }> {
  const results = await mapSettled(notifications, concurrency, (notification) =>
    publisher.publish(notification),
  );
  const failures = results.flatMap((result, index) =>
    result.status === 'rejected' ? [{ index, reason: result.reason }] : [],
  );
  return { delivered: results.length - failures.length, failures };
}

/** Delivery failed for some alerts: the invocation fails, so Lambda's retry and DLQ keep them. */
export function deliveryError(reasons: unknown[], total: number): DeliveryError {
  return new DeliveryError(`${reasons.length} of ${total} alerts could not be published`, {
    cause: new AggregateError(reasons),
  });
}
