import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  defaultKeyPolicy,
  evaluatePolicy,
  evaluateResourceAccess,
  type PolicyDecision,
} from '../../../shared/diagnosis/policy/index.js';
import { ALLOW_ALL, decisionOf, type OracleInput, simulate } from '../../helpers/policy/oracle.js';
import { BUCKET_CASES } from './cases-bucket.js';
import { IDENTITY_CASES } from './cases-identity.js';
import { KEY_CASES } from './cases-key.js';
import { TRUST_CASES } from './cases-trust.js';
import type { DifferentialCase } from './differential-cases.js';

/**
 * Realistic replication policies evaluated by our evaluator and by @cloud-copilot/iam-simulate.
 * Where iam-simulate departs from AWS's documentation the case says so and we follow AWS.
 */

function principalAccount(testCase: DifferentialCase): string {
  const { principal } = testCase.request;
  return principal.kind === 'AWS' ? (principal.arn.split(':')[4] ?? '') : '111122223333';
}

function ours(testCase: DifferentialCase): PolicyDecision {
  const document = testCase.policy();
  if (testCase.kind !== 'resource') {
    const options = { kind: testCase.kind, policyName: `${testCase.kind} policy` };
    return decisionOf(evaluatePolicy(document, testCase.request, options));
  }
  return evaluateResourceAccess({
    request: testCase.request,
    resourcePolicy: document,
    resourceAccount: testCase.resourceAccount ?? principalAccount(testCase),
    resourceKind: testCase.resourceKind ?? 's3',
    identityAllows: testCase.identityAllows ?? false,
  }).decision;
}

function oracleInput(testCase: DifferentialCase): OracleInput {
  const document = testCase.policy();
  const account = testCase.resourceAccount ?? principalAccount(testCase);
  const keyPolicy = testCase.resourceKind === 'kms' ? defaultKeyPolicy(account) : undefined;
  const base = {
    request: testCase.request,
    resourceAccount: account,
    engine: testCase.engine ?? 'validated',
  };
  if (testCase.kind === 'identity')
    return { ...base, identityPolicies: [document], resourcePolicy: keyPolicy };
  if (testCase.kind === 'trust') return { ...base, identityPolicies: [], resourcePolicy: document };
  return {
    ...base,
    identityPolicies: testCase.identityAllows ? [ALLOW_ALL] : [],
    resourcePolicy: document ?? keyPolicy,
  };
}

for (const [group, cases] of [
  ['trust policies', TRUST_CASES],
  ['identity policies', IDENTITY_CASES],
  ['bucket policies', BUCKET_CASES],
  ['key policies', KEY_CASES],
] as const) {
  describe(`differential: ${group}`, () => {
    for (const testCase of cases) {
      it(`decides like AWS: ${testCase.name}`, async () => {
        const oracle = await simulate(oracleInput(testCase));

        const decision = ours(testCase);

        assert.equal(decision, testCase.expected, 'our decision');
        const why = testCase.oracleDiffers?.why ?? 'iam-simulate agrees';
        assert.equal(oracle.decision, testCase.oracleDiffers?.decision ?? testCase.expected, why);
      });
    }
  });
}
