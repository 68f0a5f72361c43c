import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const FUNCTIONS = fileURLToPath(new URL('../../functions/', import.meta.url));

/** Every module esbuild reaches from a function's entry, with serverless.yml's settings. */
async function bundledInputs(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [`${FUNCTIONS}${entry}`],
    outfile: 'handler.mjs',
    bundle: true,
    minify: true,
    write: false,
    metafile: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    mainFields: ['module', 'main'],
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
}

describe('function bundles', () => {
  for (const entry of readdirSync(FUNCTIONS).filter((name) => name.endsWith('.ts'))) {
    it(`${entry} bundles zod/mini, not classic zod (about 450 KB) nor the simulator`, async () => {
      const inputs = await bundledInputs(entry);
      assert.ok(inputs.some((path) => path.includes('node_modules/zod/v4/mini/')));
      assert.deepEqual(
        inputs.filter(
          (path) => path.includes('node_modules/zod/v4/classic/') || path.includes('shared/sim/'),
        ),
        [],
      );
    });
  }
});
