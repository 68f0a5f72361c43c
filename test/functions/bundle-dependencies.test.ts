import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { LAMBDA_BUNDLE } from '../../shared/wiring/lambda-bundle.js';

const FUNCTIONS = fileURLToPath(new URL('../../functions/', import.meta.url));

/** Every module esbuild reaches from a function's entry, with serverless.yml's settings. */
async function bundledInputs(entry: string): Promise<string[]> {
  const result = await build({
    ...LAMBDA_BUNDLE,
    entryPoints: [`${FUNCTIONS}${entry}`],
    outfile: 'handler.mjs',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
}

describe('function bundles', () => {
  for (const entry of readdirSync(FUNCTIONS).filter((name) => name.endsWith('.ts'))) {
    it(`${entry} bundles zod/mini, not classic zod (about 450 KB), the simulator, nor the SDK's whole credential chain`, async () => {
      const inputs = await bundledInputs(entry);
      assert.ok(inputs.some((path) => path.includes('node_modules/zod/v4/mini/')));
      assert.ok(inputs.includes('shared/aws/lambda-credentials.ts'), 'credentials from the environment');
      assert.deepEqual(
        inputs.filter((path) =>
          /node_modules\/zod\/v4\/classic\/|shared\/sim\/|@aws-sdk\/(credential-provider-(node|ini|sso|process|web-identity|http|login)|nested-clients|token-providers)\/|credential-provider-imds/.test(
            path,
          ),
        ),
        [],
      );
    });
  }
});
