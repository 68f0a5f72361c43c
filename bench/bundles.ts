/**
 * Benchmark 3, cold start: every function of serverless.yml bundled as serverless-esbuild does,
 * its size raw and gzipped (with the packages that weigh most), and the time to import it in a
 * fresh Node process (module loading and initialisation, as Lambda's INIT phase), median of 10.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { bundleAs, largestInputs } from './bundle-function.js';
import { median, reportResult, round } from './child.js';
import { BENCH_ENV } from './env.js';
import { OUT_DIR } from './sim-process.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const PROCESSES = 10;

/**
 * What one dependency costs on its own: zod (configuration validation) is the largest input of
 * every bundle, so its size and import time are measured alone, bundled the same way, next to
 * its tree-shakable `zod/mini`.
 */
const PROBES: Record<string, string> = {
  zod: "import { z } from 'zod'; export const schema = z.object({ a: z.string() });",
  // The same library's tree-shakable API, for comparison.
  zodMini: "import * as z from 'zod/mini'; export const schema = z.object({ a: z.string() });",
};

/** `functions:` entries of serverless.yml: function name → handler module. */
export function functionsOf(serverlessYml: string): Record<string, string> {
  const functions: Record<string, string> = {};
  for (const match of serverlessYml.matchAll(
    /^ {2}(\w+):\n(?: {4}.*\n)*? {4}handler: ([\w/.-]+)\.handler$/gm,
  )) {
    const [, name, module] = match;
    if (name !== undefined && module !== undefined) functions[name] = `${ROOT}${module}.ts`;
  }
  return functions;
}

/** Milliseconds from just before `import()` to the module being evaluated, in a fresh process. */
async function initMs(bundle: string): Promise<number> {
  const script = `const started = performance.now(); await import(${JSON.stringify(bundle)}); console.log('INIT ' + (performance.now() - started));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH, ...BENCH_ENV },
  });
  const match = /INIT ([\d.]+)/.exec(stdout);
  if (match?.[1] === undefined) throw new Error(`no INIT line from ${bundle}: ${stdout}`);
  return Number(match[1]);
}

/** The configuration error (or whatever stopped the import), in one line. */
function initFailure(error: unknown): string {
  const stderr = typeof error === 'object' && error !== null && 'stderr' in error ? String(error.stderr) : '';
  const line = stderr.split('\n').find((text) => /^\s*(\w*Error\b|- )/.test(text));
  return (line ?? String(error)).trim().slice(0, 300);
}

async function measure(name: string, entry: string | { contents: string }): Promise<Record<string, unknown>> {
  const { file, metafile } = await bundleAs(entry, `${OUT_DIR}bundles/${name}/`);
  const code = readFileSync(file);
  const sizes = {
    bytes: code.length,
    gzipBytes: gzipSync(code, { level: 9 }).length,
    largestInputsBytes: largestInputs(metafile, 5),
  };
  const timings: number[] = [];
  try {
    for (let index = 0; index < PROCESSES; index++) timings.push(await initMs(file));
  } catch (error) {
    return { ...sizes, initError: initFailure(error) };
  }
  return {
    ...sizes,
    initMs: round(median(timings), 1),
    initMsRange: [round(Math.min(...timings), 1), round(Math.max(...timings), 1)],
  };
}

async function main(): Promise<void> {
  const functions = functionsOf(readFileSync(`${ROOT}serverless.yml`, 'utf8'));
  const bundles: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(functions)) bundles[name] = await measure(name, entry);
  const probes: Record<string, unknown> = {};
  for (const [name, contents] of Object.entries(PROBES)) {
    const { largestInputsBytes: _, ...measured } = await measure(`probe-${name}`, { contents });
    probes[name] = measured;
  }
  reportResult({ bundles, dependencyProbes: probes }, false);
}

await main();
