import type { RejectedRecord } from '../events/collect-event-findings.js';
import { type Finding, SEVERITIES, type Severity } from '../model/findings.js';
import { plainText } from '../render/text.js';
import { findingsTerminalTable } from './findings-terminal.js';
import type { Terminal } from './terminal.js';

export type OutputFormat = 'json' | 'table';

const SEVERITY_ORDER: readonly Severity[] = SEVERITIES;

/** `: 2 critical, 5 warning` after a count of findings; empty when there are none. */
export function severitySummary(findings: readonly Finding[]): string {
  const parts = SEVERITY_ORDER.map(
    (severity) => [severity, findings.filter((finding) => finding.severity === severity).length] as const,
  )
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}`);
  return parts.length === 0 ? '' : `: ${parts.join(', ')}`;
}

const HEADERS = ['SEVERITY', 'CODE', 'WHERE', 'OBJECT/DETAIL', 'REASON'];

/**
 * One row per finding, most severe first (the sort is stable: each check's order is kept). On a
 * terminal the table fits its width and each finding has its fix under it; elsewhere (a pipe, a
 * file) it is the aligned plain table scripts have always read.
 */
export function findingsTable(findings: readonly Finding[], terminal?: Terminal): string {
  if (findings.length === 0) return 'No findings.';
  const ordered = [...findings].sort(
    (left, right) => SEVERITY_ORDER.indexOf(left.severity) - SEVERITY_ORDER.indexOf(right.severity),
  );
  const rows = ordered.map((finding) => [
    finding.severity.toUpperCase(),
    finding.code,
    route(finding),
    plainText(finding.key ?? finding.action ?? finding.metric ?? ''),
    plainText(finding.failureReason ?? ''),
  ]);
  if (terminal !== undefined)
    return findingsTerminalTable(
      HEADERS,
      rows,
      ordered.map((finding) => plainText(finding.remediation)),
      terminal.width,
    );
  return table(HEADERS, rows);
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

/** Aligned columns; a column empty in every row is left out, and long cells are clipped. */
function table(allHeaders: string[], allRows: string[][]): string {
  const kept = allHeaders.flatMap((_, column) => (allRows.some((row) => row[column]) ? [column] : []));
  const header = kept.map((column) => allHeaders[column] ?? '');
  const clipped = allRows.map((row) =>
    kept.map((column) => {
      const cell = row[column] ?? '';
      return cell.length > MAX_CELL ? `${cell.slice(0, MAX_CELL - 3)}...` : cell;
    }),
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
