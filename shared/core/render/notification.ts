import type { Alert } from '../alerts.js';
import { clampText, renderEmail, whatOf } from './email.js';
import { byteLength, formatCount, snsSubject } from './text.js';
import { titleOf } from './titles.js';

/** SNS's limit for a whole message (all protocol bodies together), in bytes. */
export const SNS_MESSAGE_LIMIT_BYTES = 262_144;

/** An SNS message as it would be published with MessageStructure json, plus what it is about. */
export interface Notification {
  fingerprint: string;
  code: Alert['code'];
  severity: Alert['severity'];
  sourceBucket: string;
  ruleId?: string;
  destinationBucket?: string;
  failureReason?: string;
  count: number;
  subject: string;
  messageStructure: 'json';
  /** Per-protocol bodies: `default` for every protocol without its own, `email` for e-mail. */
  message: { default: string; email: string };
}

/**
 * Renders an alert as an SNS message within SNS limits. Pure. The object sample shrinks until
 * the message fits, and the bodies say so, so truncation is always visible.
 */
export function renderNotification(alert: Alert, limitBytes = SNS_MESSAGE_LIMIT_BYTES): Notification {
  let shown = alert.samples.length;
  let message = bodies(alert, shown, false);
  while (byteLength(JSON.stringify(message)) > limitBytes && shown > 0) {
    shown = Math.floor(shown / 2);
    message = bodies(alert, shown, true);
  }
  const notification: Notification = {
    fingerprint: alert.fingerprint,
    code: alert.code,
    severity: alert.severity,
    sourceBucket: alert.sourceBucket,
    count: alert.count,
    subject: subjectOf(alert),
    messageStructure: 'json',
    message,
  };
  if (alert.ruleId !== undefined) notification.ruleId = alert.ruleId;
  if (alert.destinationBucket !== undefined) notification.destinationBucket = alert.destinationBucket;
  if (alert.failureReason !== undefined) notification.failureReason = alert.failureReason;
  return notification;
}

function subjectOf(alert: Alert): string {
  const count = alert.samples.length > 0 ? ` (${formatCount(alert.count)})` : '';
  const reason = alert.failureReason === undefined ? '' : ` ${alert.failureReason}`;
  const route = alert.destinationBucket === undefined ? '' : ` -> ${alert.destinationBucket}`;
  return snsSubject(
    `[${alert.severity.toUpperCase()}] ${titleOf(alert.code)}${count}:${reason} ${alert.sourceBucket}${route}`,
  );
}

function bodies(alert: Alert, shown: number, truncatedForSize: boolean): Notification['message'] {
  return {
    default: JSON.stringify(summary(alert, shown, truncatedForSize)),
    email: renderEmail(alert, shown, truncatedForSize),
  };
}

/** The `default` body: a compact JSON document for programs (HTTP, SQS, Lambda subscribers). */
function summary(alert: Alert, shown: number, truncatedForSize: boolean): Record<string, unknown> {
  return {
    source: 's3-replication-monitor',
    version: 1,
    fingerprint: alert.fingerprint,
    code: alert.code,
    severity: alert.severity,
    title: titleOf(alert.code),
    sourceBucket: alert.sourceBucket,
    ruleId: alert.ruleId,
    destinationBucket: alert.destinationBucket,
    failureReason: alert.failureReason === undefined ? undefined : clampText(alert.failureReason, 200),
    failureCategory: alert.failureCategory,
    count: alert.count,
    firstSeen: alert.firstSeen,
    lastSeen: alert.lastSeen,
    message: clampText(whatOf(alert)),
    remediation: clampText(alert.remediation),
    samples: alert.samples.slice(0, shown),
    samplesOmitted: alert.samples.length === 0 ? 0 : alert.count - Math.min(shown, alert.samples.length),
    truncated: truncatedForSize,
  };
}
