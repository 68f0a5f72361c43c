/** A plain-text table: one column per field, padded to its widest cell. */
export function textTable(rows: readonly Record<string, string>[]): string {
  const first = rows[0];
  if (first === undefined) return '';
  const columns = Object.keys(first);
  const width = (column: string) => Math.max(column.length, ...rows.map((row) => (row[column] ?? '').length));
  const line = (cells: (column: string) => string) =>
    columns
      .map((column) => cells(column).padEnd(width(column)))
      .join('  ')
      .trimEnd();
  return [
    line((column) => column.toUpperCase()),
    line((column) => '-'.repeat(width(column))),
    ...rows.map((row) => line((column) => row[column] ?? '')),
  ].join('\n');
}
