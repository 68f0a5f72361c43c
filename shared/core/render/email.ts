import type { Alert } from '../alerts.js';
import { formatCount, plainText } from './text.js';
import { titleOf } from './titles.js';

/** Plain-text e-mail body: what, where, since when, why and how to fix. */
export function renderEmail(alert: Alert, samplesShown: number, truncatedForSize: boolean): string {
  const lines = [
    `${alert.severity.toUpperCase()}: ${titleOf(alert.code)}${countSuffix(alert)}`,
    '',
    `What:   ${clampText(whatOf(alert))}`,
    `Where:  ${where(alert)}`,
    `When:   ${when(alert)}`,
  ];
  if (alert.failureReason !== undefined) {
    lines.push(
      `Why:    S3 reported failureReason ${plainText(clampText(alert.failureReason, 200))}` +
        (alert.failureCategory === undefined ? '' : ` (category: ${alert.failureCategory})`),
    );
  }
  lines.push(`Fix:    ${clampText(alert.remediation)}`, '');
  lines.push(...sampleLines(alert, samplesShown, truncatedForSize));
  lines.push(
    `Fingerprint: ${alert.fingerprint} (stays the same while this problem lasts).`,
    `Finding code: ${alert.code}. Sent by the S3 replication monitor.`,
  );
  return lines.join('\n');
}

function countSuffix(alert: Alert): string {
  if (alert.samples.length === 0) return '';
  return ` (${formatCount(alert.count)} object${alert.count === 1 ? '' : 's'})`;
}

function where(alert: Alert): string {
  const parts = [`source bucket ${plainText(alert.sourceBucket)}`];
  if (alert.destinationBucket !== undefined)
    parts.push(`destination bucket ${plainText(alert.destinationBucket)}`);
  if (alert.ruleId !== undefined) parts.push(`rule ${plainText(alert.ruleId)}`);
  return parts.join(', ');
}

function when(alert: Alert): string {
  if (alert.firstSeen === alert.lastSeen) return alert.firstSeen;
  return `first ${alert.firstSeen}, last ${alert.lastSeen}`;
}

function sampleLines(alert: Alert, shown: number, truncatedForSize: boolean): string[] {
  if (alert.samples.length === 0) return [];
  const samples = alert.samples.slice(0, shown);
  const lines = [`Affected objects (${formatCount(samples.length)} of ${formatCount(alert.count)}):`];
  for (const sample of samples) {
    const version = sample.versionId === undefined ? '' : ` (version ${plainText(sample.versionId)})`;
    lines.push(`  - "${plainText(sample.key)}"${version}`);
  }
  const hidden = alert.count - samples.length;
  if (hidden > 0) {
    const reason = truncatedForSize ? ' (list truncated to fit the message size limit)' : '';
    lines.push(`  ... and ${formatCount(hidden)} more not shown${reason}.`);
  }
  lines.push('');
  return lines;
}

/** Bounds text that can carry outside data (an unknown failureReason is echoed verbatim). */
export function clampText(text: string, maxLength = 4000): string {
  return text.length <= maxLength ? text : `${text.slice(0, maxLength)}... [truncated]`;
}

/**
 * What the alert is about. An object finding's message names its object; an alert for many
 * objects says how many and gives that message as an example, so it never reads as one object.
 */
export function whatOf(alert: Alert): string {
  const key = alert.example.key;
  if (alert.count <= 1 || key === undefined || !alert.message.includes(key)) return alert.message;
  return `${formatCount(alert.count)} objects: ${titleOf(alert.code).toLowerCase()}. For example: ${alert.message}`;
}
