import { readFileSync } from 'node:fs';

/**
 * The defaults docs/configuration.md documents, by environment variable: a backticked
 * value (`20`, `info`, `{}`, `*`), or '' for "empty". Rows whose default is prose (required, unset:
 * …) are left out, as are rows naming a different number of variables and values.
 */
export function documentedDefaults(): Map<string, string> {
  const section = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
  const documented = new Map<string, string>();
  for (const line of section.split('\n')) {
    if (!/^\| `[A-Z_]+`/.test(line)) continue;
    const [names = '', values = ''] = line.slice(2).split(' | ');
    const keys = [...names.matchAll(/`([A-Z_]+)`/g)].map((match) => match[1] as string);
    const parts = values.split(' / ').map((part) => part.trim());
    if (parts.length !== keys.length) continue;
    for (const [index, key] of keys.entries()) {
      const part = parts[index] as string;
      const value = /^`([^`]*)`$/.exec(part)?.[1] ?? (/^empty\b/.test(part) ? '' : undefined);
      if (value !== undefined) documented.set(key, value);
    }
  }
  return documented;
}

/** A setting's value as docs/configuration.md writes it: lists comma-separated, objects as JSON. */
export function asDocumented(value: unknown): string {
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}
