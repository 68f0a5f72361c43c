import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * Bundles a function exactly as serverless.yml's esbuild settings do (ESM, module-first main
 * fields, createRequire banner), so tests run the artefact Lambda runs.
 */
export async function bundleFunction(entry: string): Promise<string> {
  const outfile = join(mkdtempSync(join(tmpdir(), 'bundle-')), 'handler.mjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    mainFields: ['module', 'main'],
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: 'silent',
  });
  return outfile;
}
