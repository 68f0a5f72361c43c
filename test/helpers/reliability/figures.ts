import { appendFileSync } from 'node:fs';

/**
 * Counts what the reliability suites generated and injected, for the README's figures. Tests
 * print nothing: with RELIABILITY_FIGURES=<file>, each test process appends its tallies to the
 * file as one JSON line when it exits; without it, the counts stay in memory.
 */
const tallies = new Map<string, number>();
const file = process.env.RELIABILITY_FIGURES;
if (file) {
  process.once('exit', () => appendFileSync(file, `${JSON.stringify(Object.fromEntries(tallies))}\n`));
}

export function tally(name: string, amount = 1): void {
  tallies.set(name, (tallies.get(name) ?? 0) + amount);
}
