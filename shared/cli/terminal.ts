import { createColors } from 'picocolors';
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

/** A terminal the CLI writes a table to: its width, and colours (or none). */
export interface Terminal {
  width: number;
  colors: ReturnType<typeof createColors>;
}

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Colour as most command-line tools decide it (https://no-color.org, https://force-color.org):
 * FORCE_COLOR (anything but 0 or false) turns it on, NO_COLOR (any non-empty value) off,
 * otherwise a terminal that is not TERM=dumb gets it.
 */
export function colorEnabled(env: Environment, terminal: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '0' && force !== 'false') return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return terminal && env.TERM !== 'dumb';
}

/** The terminal behind a stream, or undefined for a pipe or a file (output then stays as it is). */
export function terminalOf(
  stream: { isTTY?: boolean; columns?: number },
  env: Environment,
): Terminal | undefined {
  if (stream.isTTY !== true) return undefined;
  const columns = stream.columns ?? Number(env.COLUMNS);
  return {
    width: Number.isInteger(columns) && columns >= 40 ? columns : 80,
    colors: createColors(colorEnabled(env, true)),
  };
}

/** `'{"Version":…}'`: a JSON document quoted for a shell, as AWS CLI commands in remediations carry them. */
const QUOTED_JSON = /'(\{.*?\})'(?=\s|$|[.;,)])/g;

/**
 * Every line of `text` within `width` columns: quoted JSON documents too long for a line (policies,
 * manifests) pretty-printed,
 * long lines wrapped at spaces with a hanging indent under their label (`Fix:  `, `What:   `),
 * words longer than a line broken. Lines that already fit are left exactly as they are.
 */
export function fitText(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) => (stringWidth(line) <= width ? [line] : expandJson(line, width)))
    .flatMap((line) => (stringWidth(line) <= width ? [line] : wrapLine(line, width)))
    .join('\n');
}

function expandJson(line: string, width: number): string[] {
  const label = LABEL.exec(line)?.[1] ?? '';
  const indent = ' '.repeat(stringWidth(label) + 2);
  const expanded = line.replace(QUOTED_JSON, (whole, json: string) => {
    // A short document stays inline; one too long for a line of its own is pretty-printed.
    if (stringWidth(whole) <= width - label.length) return whole;
    try {
      const pretty = JSON.stringify(JSON.parse(json), null, 2).replace(/\n/g, `\n${indent}`);
      return `'\n${indent}${pretty}'`;
    } catch {
      return whole;
    }
  });
  return expanded.split('\n');
}

function leadingSpaces(line: string): number {
  return line.length - line.trimStart().length;
}

/** A line's label and indentation, under which its continuation lines hang. */
const LABEL = /^(\s*(?:[A-Z][\w ]{0,24}?:\s+|-{3} |[-+!] )?)\S/;

function wrapLine(line: string, width: number): string[] {
  const matched = LABEL.exec(line)?.[1] ?? '';
  // A label wider than half the line hangs nothing but the line's own indentation.
  const label =
    stringWidth(matched) <= width / 2 ? matched : ' '.repeat(Math.min(leadingSpaces(line), width / 4));
  const pad = ' '.repeat(stringWidth(label));
  const content = line.slice(label.length === matched.length ? label.length : leadingSpaces(line));
  const [first = '', ...rest] = wrapAnsi(content, width - pad.length, { hard: true, trim: true }).split('\n');
  return [`${label}${first}`, ...rest.map((part) => `${pad}${part}`)];
}

/** Severity words and section titles in colour; the text's layout is unchanged. */
export function colorize(text: string, colors: Terminal['colors']): string {
  if (!colors.isColorSupported) return text;
  return text
    .replace(/\bCRITICAL\b/g, (word) => colors.bold(colors.red(word)))
    .replace(/\bWARNING\b/g, (word) => colors.yellow(word))
    .replace(/^(\s*)(Fix[^:]*:)/gm, (_, space: string, word: string) => `${space}${colors.green(word)}`)
    .replace(
      /^(Findings|Coverage|Incidents|Notifications[^\n(]*|Rejected) \(/gm,
      (_, title: string) => `${colors.bold(title)} (`,
    );
}
