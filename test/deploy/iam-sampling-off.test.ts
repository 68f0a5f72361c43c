// The stack packaged with objectSampling false: the audit role reads no object at all, and every
// other call of every function keeps its statement (the checks of iam.test.ts, on a second package).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../shared/config/config.js';
import { MEMBER_ACCOUNT_ACTIONS } from '../helpers/deploy/command-actions.js';
import { type PackagedStack, packageStack, TEST_BUCKETS } from '../helpers/deploy/package-stack.js';
import { extraGrants, missingGrants, starResources, wildcardArns } from '../helpers/deploy/role-checks.js';
import { type StackRoles, stackRoles } from '../helpers/deploy/stack-roles.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The audit's object reads: what object sampling needs, and nothing else does. */
const OBJECT_READS = [
  's3:getobject',
  's3:getobjectversion',
  's3:getobjecttagging',
  's3:getobjectversiontagging',
];

describe('serverless.yml with objectSampling false (a second package)', () => {
  let stack: StackRoles;
  let sampling: PackagedStack;
  before(async () => {
    sampling = await packageStack(ROOT, { ...TEST_BUCKETS, objectSampling: 'false' });
    stack = await stackRoles(ROOT, sampling);
  });

  it('gives the audit role no object read at all, and the audit SAMPLE_MAX_OBJECTS 0', () => {
    const audit = stack.roles.find((role) => role.functions === 'audit');
    assert.ok(audit, stack.roles.map((role) => role.functions).join(', '));
    const objectReads = audit.statements.filter((statement) =>
      statement.actions.some((action) => OBJECT_READS.includes(action.toLowerCase())),
    );
    assert.deepEqual(objectReads, []);
    assert.doesNotMatch(JSON.stringify(sampling.template.Resources.AuditRole), /s3:GetObject/);
    const variables = sampling.template.Resources.AuditLambdaFunction?.Properties?.Environment as {
      Variables: Record<string, unknown>;
    };
    assert.equal(variables.Variables.SAMPLE_MAX_OBJECTS, '0');
    assert.equal(loadConfig({ SAMPLE_MAX_OBJECTS: '0' }).audit.sampleMaxObjects, 0);
  });

  it('still grants every other action the code and Lambda need, and nothing more', () => {
    assert.deepEqual(stack.problems, []);
    // The audit bundle still holds HeadObject and GetObjectTagging: SAMPLE_MAX_OBJECTS 0 never sends them.
    const roles = stack.roles.map((role) =>
      role.functions === 'audit'
        ? {
            ...role,
            // Member accounts are off in this package too (iam-member-accounts.test.ts).
            needs: role.needs.filter(
              (need) =>
                !OBJECT_READS.includes(need.action.toLowerCase()) &&
                !MEMBER_ACCOUNT_ACTIONS.includes(need.action.toLowerCase()),
            ),
          }
        : role,
    );
    assert.deepEqual(roles.flatMap(missingGrants), []);
    assert.deepEqual(roles.flatMap(extraGrants), []);
    assert.deepEqual(roles.flatMap(wildcardArns), []);
    assert.deepEqual(roles.flatMap(starResources), []);
  });
});
