/**
 * Import boundaries, checked in CI (`npm run boundaries`): no import cycles; the AWS SDK only in
 * the adapters (shared/aws) and the wiring that builds them; nothing but the wiring imports an
 * adapter; Lambda code never reaches the CLI or the simulator. dependency-cruiser 17 (its 18 needs
 * Node 22; CI runs Node 20).
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import cycle: move the shared type or function into a module both can import.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'aws-sdk-only-in-adapters',
      comment: 'Only shared/aws (adapters) and shared/wiring that build them import @aws-sdk/*.',
      severity: 'error',
      from: { path: '^(shared|functions)/', pathNot: ['^shared/aws/', '^shared/wiring/'] },
      to: { path: '@aws-sdk/' },
    },
    {
      name: 'adapters-only-through-wiring',
      comment:
        'Use cases depend on ports beside them; only shared/wiring builds adapters (the Lambdas and the CLI go through it).',
      severity: 'error',
      from: { path: '^(shared|functions)/', pathNot: ['^shared/aws/', '^shared/wiring/'] },
      to: { path: '^shared/aws/' },
    },
    {
      name: 'lambdas-never-reach-cli-or-sim',
      comment: 'A Lambda bundle must not contain the CLI or the simulator (and its AGPL iam-simulate).',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: '^shared/(cli|sim)/', reachable: true },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^[.](serverless|esbuild)/' },
  },
};
