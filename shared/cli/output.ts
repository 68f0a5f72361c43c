import type { RejectedRecord } from '../checks/collect-event-findings.js';
import type { Finding } from '../core/findings.js';
import type { Notification } from '../core/render/notification.js';
import { plainText } from '../core/render/text.js';

export type OutputFormat = 'json' | 'table';

export function findingsTable(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'No findings.';
  const rows = findings.map((finding) => [
    finding.severity.toUpperCase(),
    finding.code,
    route(finding),
    plainText(finding.key ?? finding.action ?? finding.metric ?? ''),
    plainText(finding.failureReason ?? ''),
  ]);
  return table(['SEVERITY', 'CODE', 'WHERE', 'OBJECT/DETAIL', 'REASON'], rows);
}

export function notificationsText(notifications: readonly Notification[]): string {
  if (notifications.length === 0) return 'No alerts would be sent.';
  return notifications
    .map((notification) => `--- Subject: ${notification.subject}\n${notification.message.email}`)
    .join('\n\n');
}

export function rejectedText(rejected: readonly RejectedRecord[]): string {
  return rejected.map((record) => `  ${record.location}: ${plainText(record.reason)}`).join('\n');
}

function route(finding: Finding): string {
  const destination = finding.destinationBucket === undefined ? '' : ` -> ${finding.destinationBucket}`;
  const rule = finding.ruleId === undefined ? '' : ` [${finding.ruleId}]`;
  return plainText(`${finding.sourceBucket}${destination}${rule}`);
}

const MAX_CELL = 60;

function table(header: string[], rows: string[][]): string {
  const clipped = rows.map((row) =>
    row.map((cell) => (cell.length > MAX_CELL ? `${cell.slice(0, MAX_CELL - 3)}...` : cell)),
  );
  const widths = header.map((title, column) =>
    Math.max(title.length, ...clipped.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...clipped.map(line)].join('\n');
}
