// The deployable stack, checked offline: `serverless package` compiles the template, each function
// is bundled as serverless-esbuild bundles it, and every AWS command the bundle can send (mapped to
// IAM actions by command-actions.ts), plus what Lambda itself does with the role (logs, the SQS
// event source, destinations), must be granted by that function's role, and nothing more.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { environmentDefaults, loadConfig } from '../../shared/config/config.js';
import { slackEnvironmentDefaults } from '../../shared/config/slack-config.js';
import { LAMBDA_BUNDLE } from '../../shared/wiring/lambda-bundle.js';
import { MEMBER_ACCOUNT_ACTIONS } from '../helpers/deploy/command-actions.js';
import {
  alarmProblems,
  dashboardProblems,
  logGroupProblems,
  topicProblems,
} from '../helpers/deploy/monitoring-checks.js';
import { type PackagedStack, packageStack, TEST_BUCKETS } from '../helpers/deploy/package-stack.js';
import {
  extraGrants,
  missingGrants,
  starResources,
  wildcardActions,
  wildcardArns,
} from '../helpers/deploy/role-checks.js';
import { queueProblems, regionalNameProblems } from '../helpers/deploy/stack-hygiene.js';
import { type StackRoles, stackRoles } from '../helpers/deploy/stack-roles.js';
import { asDocumented, documentedDefaults } from '../helpers/readme-defaults.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

// One `serverless package` (10–20 s) for both suites, with the default parameters and the bucket
// lists (which have no default): the template still holds every function and every conditional
// statement, under its condition.
let packaging: Promise<PackagedStack> | undefined;
const packaged = () => {
  packaging ??= packageStack(ROOT, TEST_BUCKETS);
  return packaging;
};

describe('serverless.yml esbuild settings', () => {
  it('are the settings tests and benchmarks bundle with (shared/wiring/lambda-bundle.ts)', async () => {
    // serverless-esbuild's own options, not esbuild's.
    const pluginOnly = new Set(['outputFileExtension', 'exclude', 'packager']);
    const { esbuild } = await packaged();
    const settings = Object.fromEntries(Object.entries(esbuild).filter(([key]) => !pluginOnly.has(key)));
    assert.deepEqual(settings, JSON.parse(JSON.stringify(LAMBDA_BUNDLE)));
  });
});

describe('serverless.yml function roles (serverless package, then each function bundled)', () => {
  let stack: StackRoles;
  before(async () => {
    stack = await stackRoles(ROOT, await packaged());
  });

  it('finds each function, its source and its role in the packaged template', () => {
    assert.ok(
      stack.functions.length >= 2,
      `functions found: ${stack.functions.map((f) => f.key).join(', ')}`,
    );
    for (const { key, entry, roleId } of stack.functions) {
      assert.ok(entry !== undefined && roleId !== undefined, `${key}: entry ${entry}, role ${roleId}`);
    }
  });

  it('attributes every AWS request the bundles can make to a command of command-actions.ts', () => {
    assert.deepEqual(stack.problems, []);
  });

  it('grants every action the code and Lambda need, on the resources Lambda uses', () => {
    // Member accounts are off by default: the audit never assumes a role nor lists accounts then
    // (iam-member-accounts.test.ts packages them on).
    assert.deepEqual(withoutMemberAccounts(stack.roles).flatMap(missingGrants), []);
  });

  it('grants no action beyond those', () => {
    assert.deepEqual(stack.roles.flatMap(extraGrants), []);
  });

  it('grants no wildcard action and uses no NotAction or NotResource', () => {
    assert.deepEqual(stack.roles.flatMap(wildcardActions), []);
  });

  it('grants Resource "*" only to actions without resource-level permissions', () => {
    assert.deepEqual(stack.roles.flatMap(starResources), []);
  });

  it('uses wildcard ARNs only where a parameter pattern is the narrowest scope', () => {
    assert.deepEqual(stack.roles.flatMap(wildcardArns), []);
  });
});

describe('serverless.yml topics, alarms, logs and dashboard (the same package)', () => {
  let stack: PackagedStack;
  before(async () => {
    stack = await packaged();
  });

  it('encrypts every topic with a rotating key of the stack and refuses plain HTTP', () => {
    assert.deepEqual(topicProblems(stack.template), []);
  });

  it('alarms on each function’s errors and notifies a topic CloudWatch may publish to', () => {
    assert.deepEqual(alarmProblems(stack.template), []);
  });

  it('keeps each function’s logs in a log group of the stack with a retention', () => {
    assert.deepEqual(logGroupProblems(stack.template), []);
  });

  it('builds dashboards whose body is JSON and names only resources that always exist', () => {
    assert.deepEqual(dashboardProblems(stack.template), []);
  });

  it('refuses plain HTTP on every queue (events, dead letters, Slack failures)', () => {
    assert.deepEqual(queueProblems(stack.template), []);
    const queues = Object.values(stack.template.Resources).filter((r) => r.Type === 'AWS::SQS::Queue');
    assert.equal(queues.length, 3);
  });

  it('names every alarm and dashboard with the Region (dashboards are global to the account)', () => {
    assert.deepEqual(regionalNameProblems(stack.template, 'us-east-1'), []);
  });
});

/**
 * Variables the stack sets from other parameters rather than leaving them their default: without
 * auditBuckets and auditInclude, discovery is limited to the source buckets (the role may read no
 * other bucket's replication configuration).
 */
const DERIVED: Record<string, string> = { AUDIT_INCLUDE: TEST_BUCKETS.sourceBuckets as string };

describe('serverless.yml function environments (the same package, default parameters)', () => {
  let functions: [string, Record<string, unknown>][];
  before(async () => {
    const { template } = await packaged();
    functions = Object.entries(template.Resources).flatMap(([id, resource]) => {
      if (resource.Type !== 'AWS::Lambda::Function') return [];
      const environment = resource.Properties?.Environment as
        | { Variables?: Record<string, unknown> }
        | undefined;
      return [[id, environment?.Variables ?? {}]];
    });
  });

  it('gives every function the defaults docs/configuration.md documents, and a configuration it accepts', () => {
    const documented = documentedDefaults();
    const defaults = { ...environmentDefaults(), ...slackEnvironmentDefaults() };
    assert.ok(functions.length >= 2, `${functions.length} functions`);
    for (const [id, variables] of functions) {
      // Refs and GetAtts are the stack's own resources, not defaults.
      const literal = Object.fromEntries(
        Object.entries(variables).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      );
      assert.doesNotThrow(() => loadConfig(literal), id);
      for (const [key, value] of documented) {
        if (!(key in defaults) || key in DERIVED) continue;
        const deployed =
          literal[key] === undefined || literal[key] === '' ? asDocumented(defaults[key]) : literal[key];
        assert.equal(deployed, value, `${id} ${key}`);
      }
    }
  });

  it('limits the audit’s discovery to the source buckets it may read', () => {
    const audit = functions.find(([, variables]) => 'AUDIT_TABLE_NAME' in variables)?.[1] ?? {};
    for (const [key, value] of Object.entries(DERIVED)) assert.equal(audit[key], value, key);
  });

  it("tells the audit its schedule's interval, so audits count once per interval", async () => {
    const { template } = await packaged();
    const schedules = Object.values(template.Resources).flatMap((resource) => {
      const expression = resource.Properties?.ScheduleExpression;
      return resource.Type === 'AWS::Events::Rule' && typeof expression === 'string' ? [expression] : [];
    });
    assert.equal(schedules.length, 1, schedules.join(', '));
    const minutes = /^rate\((\d+) minutes?\)$/.exec(schedules[0] as string)?.[1];
    const audit = functions.find(([, variables]) => 'AUDIT_TABLE_NAME' in variables)?.[1] ?? {};
    const interval =
      typeof audit.AUDIT_INTERVAL_MINUTES === 'string' && audit.AUDIT_INTERVAL_MINUTES !== ''
        ? audit.AUDIT_INTERVAL_MINUTES
        : String(environmentDefaults().AUDIT_INTERVAL_MINUTES);
    assert.equal(interval, minutes);
  });
});

describe('serverless.yml state and scaling (the same package, default parameters)', () => {
  it('keeps the state table (open incidents, pending notices) when the stack is removed or the table replaced', async () => {
    const { template } = await packaged();
    const tables = Object.entries(template.Resources).filter(
      ([, resource]) => resource.Type === 'AWS::DynamoDB::Table',
    );
    assert.equal(tables.length, 1);
    const [, table] = tables[0] as [string, (typeof tables)[0][1]];
    assert.equal(table.DeletionPolicy, 'Retain');
    assert.equal(table.UpdateReplacePolicy, 'Retain');
    assert.equal(table.Properties?.DeletionProtectionEnabled, true);
  });

  it('bounds the replication-event invocations the SQS event source runs at once, as docs/configuration.md documents', async () => {
    const { template } = await packaged();
    const mappings = Object.values(template.Resources).filter(
      (resource) => resource.Type === 'AWS::Lambda::EventSourceMapping',
    );
    assert.equal(mappings.length, 1);
    const scaling = mappings[0]?.Properties?.ScalingConfig as { MaximumConcurrency?: unknown } | undefined;
    const documented = /`eventMaximumConcurrency` \(default (\d+)[;)]/.exec(
      readFileSync(join(ROOT, 'docs/configuration.md'), 'utf8'),
    )?.[1];
    assert.equal(scaling?.MaximumConcurrency, Number(documented));
  });
});

/** The audit's needs with member accounts off (the default): none of MEMBER_ACCOUNT_ACTIONS. */
function withoutMemberAccounts(roles: StackRoles['roles']): StackRoles['roles'] {
  return roles.map((role) =>
    role.functions === 'audit'
      ? {
          ...role,
          needs: role.needs.filter((need) => !MEMBER_ACCOUNT_ACTIONS.includes(need.action.toLowerCase())),
        }
      : role,
  );
}
