import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { LAMBDA_BUNDLE } from '../../shared/wiring/lambda-bundle.js';

/** Bundles a function exactly as serverless.yml's esbuild settings do: tests run the artefact Lambda runs. */
export async function bundleFunction(entry: string): Promise<string> {
  const outfile = join(mkdtempSync(join(tmpdir(), 'bundle-')), 'handler.mjs');
  await build({ ...LAMBDA_BUNDLE, entryPoints: [entry], outfile, logLevel: 'silent' });
  return outfile;
}
