import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { missingGrants } from '../helpers/deploy/role-checks.js';
import { stackRoles } from '../helpers/deploy/stack-roles.js';
import { probeStack } from './fixtures/stack.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = 'test/deploy/fixtures';

describe('stackRoles', () => {
  it('fails on a command missing from command-actions.ts, naming it and where it is sent', async () => {
    const stack = probeStack(`${FIXTURES}/list-topics.handler`, []);

    const { functions, problems } = await stackRoles(ROOT, stack);

    assert.deepEqual(
      functions.map(({ key, entry, roleId }) => [key, entry, roleId]),
      [['probe', `${FIXTURES}/list-topics.ts`, 'ProbeRole']],
    );
    assert.deepEqual(problems, [
      `probe: ListTopicsCommand (${FIXTURES}/sns-calls.ts:5) from @aws-sdk/client-sns is not in test/helpers/deploy/command-actions.ts: add the IAM actions it needs there, and the statement to the role`,
    ]);
  });

  it('leaves out commands of code that tree shaking dropped', async () => {
    const { functions } = await stackRoles(ROOT, probeStack(`${FIXTURES}/list-topics.handler`, []));

    assert.deepEqual(
      functions[0]?.commands.map((use) => use.command),
      ['ListTopicsCommand'],
    );
  });

  it('turns each command into its actions, and a missing one into a precise message', async () => {
    const stack = probeStack(`${FIXTURES}/head-object.handler`, [
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-*/*' },
    ]);

    const { roles, problems } = await stackRoles(ROOT, stack);

    assert.deepEqual(problems, []);
    assert.deepEqual(roles.flatMap(missingGrants), [
      `probe: HeadObjectCommand (${FIXTURES}/head-object.ts:6) needs s3:GetObjectVersion; no statement grants it`,
    ]);
  });

  it('reports SDK imports that are neither commands nor clients', async () => {
    const { problems } = await stackRoles(ROOT, probeStack(`${FIXTURES}/aggregated-client.handler`, []));

    assert.deepEqual(problems, [
      `probe: ${FIXTURES}/aggregated-client.ts:1 uses SNS from @aws-sdk/client-sns, not a command or a client`,
    ]);
  });
});
