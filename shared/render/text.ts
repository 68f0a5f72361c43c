/**
 * Object keys, bucket names and failure reasons are data from outside: a key may hold line
 * breaks, control characters or text that looks like our own layout. Plain-text channels show
 * them escaped, never interpreted.
 */

// C0 and C1 controls, DEL, and Unicode line/paragraph separators and bidi overrides.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this regex's job.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** One line of plain text: control characters become visible `\uXXXX` escapes. */
export function plainText(value: string): string {
  return value.replace(UNSAFE, (character) => {
    if (character === '\n') return '\\n';
    if (character === '\r') return '\\r';
    if (character === '\t') return '\\t';
    return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/**
 * An SNS subject: fewer than 100 characters, no line breaks or control characters; kept ASCII
 * because older SNS rules demanded it and e-mail clients differ in decoding.
 */
export function snsSubject(value: string, maxLength = 99): string {
  const ascii = value
    .replace(/\s+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '?')
    .trim();
  return ascii.length <= maxLength ? ascii : `${ascii.slice(0, maxLength - 3).trimEnd()}...`;
}

export function byteLength(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

/** `1204` → `1,204`: counts in alerts are read by people. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** Bounds text that can carry outside data (an unknown failureReason is echoed verbatim). */
export function clampText(text: string, maxLength = 4000): string {
  return text.length <= maxLength ? text : `${text.slice(0, maxLength)}... [truncated]`;
}
