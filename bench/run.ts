/**
 * `npm run bench`: every benchmark in a fresh process of its own (so none inherits another's
 * heap, JIT or peak memory), then bench/results.json and a table. Benchmarks never run in
 * `npm test`, and no test asserts speed.
 */
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { bundleAs } from './bundle-function.js';
import { RESULT_MARKER } from './child.js';
import { BENCH_ENV } from './env.js';
import { machineInfo } from './machine.js';
import { printReport } from './report.js';
import { OUT_DIR } from './sim-process.js';

const HERE = fileURLToPath(new URL('./', import.meta.url));

interface Benchmark {
  /** Where its result goes in results.json; undefined: its fields are merged at the top level. */
  key?: string;
  script: string;
  nodeOptions?: string[];
  /**
   * Run as Lambda runs the code: bundled and minified by esbuild, not through tsx (whose
   * transform keeps function names with a helper call per closure, a cost the bundle has not).
   */
  bundled?: boolean;
}

const BENCHMARKS: readonly Benchmark[] = [
  { key: 'headSampling', script: 'head-sampling.ts' },
  { key: 'listing', script: 'listing.ts', nodeOptions: ['--expose-gc'] },
  { key: 'eventBatch', script: 'event-batch.ts', nodeOptions: ['--expose-gc'], bundled: true },
  { script: 'bundles.ts' },
  { script: 'audit-requests.ts' },
];

async function runChild(benchmark: Benchmark): Promise<Record<string, unknown>> {
  const entry = benchmark.bundled
    ? (await bundleAs(`${HERE}${benchmark.script}`, `${OUT_DIR}${benchmark.script}/`)).file
    : `${HERE}${benchmark.script}`;
  const loader = benchmark.bundled ? [] : ['--import', 'tsx'];
  const child = spawn(process.execPath, [...(benchmark.nodeOptions ?? []), ...loader, entry], {
    env: { ...process.env, ...BENCH_ENV },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const line = stdout.split('\n').find((text) => text.startsWith(RESULT_MARKER));
  if (code !== 0 || line === undefined) throw new Error(`${benchmark.script} failed (exit ${code})`);
  return JSON.parse(line.slice(RESULT_MARKER.length)) as Record<string, unknown>;
}

async function main(): Promise<void> {
  rmSync(OUT_DIR, { recursive: true, force: true });
  const machine = machineInfo();
  const results: Record<string, unknown> = { machine };
  for (const benchmark of BENCHMARKS) {
    const started = performance.now();
    process.stderr.write(`bench: ${benchmark.script}…\n`);
    const result = await runChild(benchmark);
    if (benchmark.key === undefined) Object.assign(results, result);
    else results[benchmark.key] = result;
    process.stderr.write(
      `bench: ${benchmark.script} done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
  }
  Object.assign(machine, { loadAverageAtEnd: loadavg().map((value) => Math.round(value * 100) / 100) });
  const targets = printReport(results);
  writeFileSync(`${HERE}results.json`, `${JSON.stringify({ ...results, targets }, null, 2)}\n`);
  process.stdout.write(`\nWrote bench/results.json\n`);
}

await main();
