import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WORLDS = fileURLToPath(new URL('../../examples/worlds/', import.meta.url));

/** A fresh, mutable copy of an example world's JSON. */
export function exampleWorld(name: string): Record<string, unknown> & { buckets: Record<string, unknown>[] } {
  return JSON.parse(readFileSync(`${WORLDS}${name}.json`, 'utf8'));
}

/** Writes a world to a temporary file, for the CLI's --world. */
export function worldFile(world: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'world-')), 'world.json');
  writeFileSync(file, JSON.stringify(world));
  return file;
}

export function codeCounts(findings: readonly { code: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const finding of findings) counts[finding.code] = (counts[finding.code] ?? 0) + 1;
  return counts;
}
