import type { BuildOptions } from 'esbuild';

/**
 * How the Lambda functions are bundled: serverless.yml's `custom.esbuild` (serverless-esbuild)
 * in esbuild's own terms, for the tests and benchmarks that build the same artefact.
 * `test/deploy/iam.test.ts` fails if the two drift apart.
 */
export const LAMBDA_BUNDLE = {
  bundle: true,
  minify: true,
  sourcemap: false,
  target: 'node22',
  platform: 'node',
  format: 'esm',
  mainFields: ['module', 'main'],
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
  // Lambda's credentials are in the environment: the rest of the SDK's chain is dead weight there.
  alias: { '@aws-sdk/credential-provider-node': './shared/aws/lambda-credentials.ts' },
} satisfies BuildOptions;
