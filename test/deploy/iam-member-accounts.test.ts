// The stack packaged with member accounts on (auditAccounts=organization): the audit role may
// assume the member read role and list the organization's accounts, and still nothing more.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { MEMBER_ACCOUNT_ACTIONS } from '../helpers/deploy/command-actions.js';
import { type PackagedStack, packageStack, TEST_BUCKETS } from '../helpers/deploy/package-stack.js';
import { extraGrants, missingGrants, starResources, wildcardArns } from '../helpers/deploy/role-checks.js';
import { type StackRoles, stackRoles } from '../helpers/deploy/stack-roles.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('serverless.yml with member accounts (a third package)', () => {
  let stack: StackRoles;
  let packaged: PackagedStack;
  before(async () => {
    packaged = await packageStack(ROOT, {
      ...TEST_BUCKETS,
      auditAccounts: 'organization,444455556666',
      memberRoleName: 'monitor/s3-replication-monitor-read',
    });
    stack = await stackRoles(ROOT, packaged);
  });

  it('grants every action the code and Lambda need, the member-account ones included, and nothing more', () => {
    assert.deepEqual(stack.problems, []);
    assert.deepEqual(stack.roles.flatMap(missingGrants), []);
    assert.deepEqual(stack.roles.flatMap(extraGrants), []);
    assert.deepEqual(stack.roles.flatMap(wildcardArns), []);
    assert.deepEqual(stack.roles.flatMap(starResources), []);
    const audit = stack.roles.find((role) => role.functions === 'audit');
    const granted = new Set(
      audit?.statements.flatMap((statement) => statement.actions.map((a) => a.toLowerCase())),
    );
    for (const action of MEMBER_ACCOUNT_ACTIONS) assert.ok(granted.has(action), action);
  });

  it('lets the audit assume exactly the named read role, in any account', () => {
    const role = JSON.stringify(packaged.template.Resources.AuditRole);
    assert.match(
      role,
      /"Action":"sts:AssumeRole","Resource":\{"Fn::Sub":"arn:\$\{AWS::Partition\}:iam::\*:role\/monitor\/s3-replication-monitor-read"\}/,
    );
    const variables = packaged.template.Resources.AuditLambdaFunction?.Properties?.Environment as {
      Variables: Record<string, unknown>;
    };
    assert.equal(variables.Variables.AUDIT_ACCOUNTS, 'organization,444455556666');
    assert.equal(variables.Variables.MEMBER_ROLE_NAME, 'monitor/s3-replication-monitor-read');
  });
});
