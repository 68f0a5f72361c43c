import Table from 'cli-table3';
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import { fitText } from './terminal.js';

const GAP = 2;
const MIN_COLUMN = 10;
const FIXED_COLUMNS = 2;

/**
 * The findings table within `width` columns: columns keep their natural width while they fit; the
 * widest shrinks first (never below MIN_COLUMN), and its cells wrap. Each finding's row is its own
 * table with the same column widths, so the `Fix:` line can sit under it, wrapped with a hanging
 * indent and any policy document pretty-printed (fitText).
 */
export function findingsTerminalTable(
  allHeaders: readonly string[],
  allRows: readonly string[][],
  fixes: readonly string[],
  width: number,
): string {
  const kept = allHeaders.flatMap((_, column) => (allRows.some((row) => row[column]) ? [column] : []));
  const headers = kept.map((column) => allHeaders[column] ?? '');
  const rows = allRows.map((row) => kept.map((column) => row[column] ?? ''));
  const widths = columnWidths(headers, rows, width);
  const render = (cells: string[]) => {
    const table = new Table({
      chars: BLANK,
      colWidths: widths,
      style: { head: [], border: [], 'padding-left': 0, 'padding-right': GAP, compact: true },
    });
    // Wrapped here rather than by cli-table3, whose word wrap cuts a long word (an object key) with
    // an ellipsis: a key or ARN is broken over lines instead, whole.
    table.push(
      cells.map((cell, column) =>
        wrapAnsi(cell, (widths[column] ?? MIN_COLUMN) - GAP, { hard: true, trim: true }),
      ),
    );
    return table
      .toString()
      .split('\n')
      .map((line) => line.trimEnd())
      .join('\n');
  };
  const lines = [render(headers), render(widths.map((column) => '-'.repeat(column - GAP)))];
  rows.forEach((row, index) => {
    lines.push(render(row), fitText(`  Fix: ${fixes[index] ?? ''}`, width));
  });
  return lines.join('\n');
}

function columnWidths(headers: readonly string[], rows: readonly string[][], width: number): number[] {
  const widths = headers.map(
    (title, column) =>
      Math.max(stringWidth(title), ...rows.map((row) => stringWidth(row[column] ?? ''))) + GAP,
  );
  // The last column needs no gap after it, but cli-table3 pads every cell alike.
  // SEVERITY and CODE are identifiers people search for: the route and detail columns give way.
  const shrinkable = (column: number) => (column < FIXED_COLUMNS ? 0 : (widths[column] ?? 0));
  while (widths.reduce((sum, column) => sum + column, 0) > width) {
    const candidates = widths.map((_, column) => shrinkable(column));
    const widest = candidates.indexOf(Math.max(...candidates));
    if ((widths[widest] ?? 0) <= MIN_COLUMN + GAP) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
  }
  return widths;
}

const BLANK = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: '',
};
