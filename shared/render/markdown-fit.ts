import { ELLIPSIS, truncate } from './escape.js';

/**
 * Fitting Slack mrkdwn and Chatbot client-markdown into a platform's length limit without
 * breaking the markup: a cut line keeps its code spans closed (every backtick in our output is
 * ours, since data backticks become look-alikes), and lines that do not fit are dropped whole,
 * with a visible marker saying so.
 */

/** One line at most `maxLength` long; an open code span is closed after the ellipsis. */
export function truncateMarkdownLine(line: string, maxLength: number): string {
  if (line.length <= maxLength) return line;
  const cut = truncate(line, maxLength - 1);
  return (cut.match(/`/g)?.length ?? 0) % 2 === 1 ? `${cut}\`` : cut;
}

/**
 * Joins as many whole lines as fit in `maxLength`; when some do not, a last line says how many
 * were left out. When not even the first line fits, it is cut rather than dropped.
 */
export function fitLines(
  lines: readonly string[],
  maxLength: number,
  omitted: (count: number) => string = (count) => `${ELLIPSIS} ${count} more not shown`,
): string {
  const whole = lines.join('\n');
  if (whole.length <= maxLength) return whole;
  for (let keep = lines.length - 1; keep >= 1; keep -= 1) {
    const text = [...lines.slice(0, keep), omitted(lines.length - keep)].join('\n');
    if (text.length <= maxLength) return text;
  }
  const rest = lines.length - 1;
  const marker = rest > 0 ? `\n${omitted(rest)}` : '';
  const first = truncateMarkdownLine(lines[0] ?? '', Math.max(1, maxLength - marker.length));
  return truncate(`${first}${marker}`, maxLength);
}
