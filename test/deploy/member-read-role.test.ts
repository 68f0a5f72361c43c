// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} are CloudFormation Fn::Sub placeholders, not template ones.
// The member-account read role (shared/deploy/member-read-role.yml, issue 19): a template cfn-lint
// accepts, whose role grants exactly the reads the audit's bundle makes in an account it audits
// (the audit's actions as iam.test.ts computes them, minus the central-only ones below), in both
// ObjectSampling settings, on the narrowest resources; trusted only by the monitor's audit role.
// The template is written with long-form intrinsics (Fn::Sub:, Ref:) and read as plain YAML
// (js-yaml, which serverless brings); template-evaluation.ts decides its conditions.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { NO_RESOURCE_SCOPE } from '../helpers/deploy/command-actions.js';
import { packageStack, TEST_BUCKETS } from '../helpers/deploy/package-stack.js';
import {
  extraGrants,
  missingGrants,
  type RoleUnderTest,
  starResources,
  wildcardActions,
  wildcardArns,
} from '../helpers/deploy/role-checks.js';
import { statementsOfRole } from '../helpers/deploy/role-statements.js';
import { stackRoles } from '../helpers/deploy/stack-roles.js';
import type { Template } from '../helpers/deploy/template.js';
import {
  evaluateTemplate,
  type ParameterValues,
  readYamlTemplate,
} from '../helpers/deploy/template-evaluation.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TEMPLATE = join(ROOT, 'shared/deploy/member-read-role.yml');
const ROLE = 'MemberReadRole';

const MEMBER = '111122223333';
const MONITOR = '999988887777';
const AUDIT_ROLE_ARN = `arn:aws:iam::${MONITOR}:role/s3-replication-monitor-prod-AuditRole-1A2B3C`;
const PSEUDO = { 'AWS::Partition': 'aws', 'AWS::AccountId': MEMBER, 'AWS::Region': 'us-east-1' };

/**
 * Actions the audit's bundle needs that it makes only in the monitoring account, with its own
 * role (serverless.yml AuditRole), never through a member account's read role. Each must be one the
 * bundle needs (a stale entry fails); assuming the member role and listing the organization's
 * accounts are made from the monitoring (or delegated administrator) account. Every other action
 * the bundle needs must be granted by the member role.
 */
const CENTRAL_ONLY: ReadonlyMap<string, { why: string }> = new Map([
  ['logs:createlogstream', { why: "Lambda writing the audit's logs (the central log group)" }],
  ['logs:putlogevents', { why: "Lambda writing the audit's logs (the central log group)" }],
  ['dynamodb:getitem', { why: 'the state table (cursors, re-check lists, incidents, diagnosis cache)' }],
  ['dynamodb:putitem', { why: 'the state table' }],
  ['dynamodb:query', { why: 'the state table' }],
  ['dynamodb:updateitem', { why: 'the state table' }],
  ['sns:publish', { why: 'the alert topic (incident notices, digests)' }],
  ['kms:generatedatakey', { why: "the alert topic's key, through SNS" }],
  ['kms:decrypt', { why: "the alert topic's key, through SNS" }],
  ['events:putevents', { why: 'the event bus (incident transitions)' }],
  [
    'organizations:describeorganization',
    { why: 'read in the management or delegated administrator account' },
  ],
  [
    'organizations:listparents',
    { why: 'answered only in the management or delegated administrator account' },
  ],
  ['organizations:listaccounts', { why: 'the accounts to audit (organization-accounts.ts)' }],
  ['organizations:listaccountsforparent', { why: 'the accounts of an OU' }],
  ['organizations:listorganizationalunitsforparent', { why: 'the nested OUs' }],
  ['sts:assumerole', { why: 'the central audit role assuming this role (assumed-role-credentials.ts)' }],
]);

/** Services the member role never touches, whatever the audit's bundle holds (sts: the trust). */
const CENTRAL_SERVICES = ['dynamodb', 'sns', 'events', 'logs', 'sqs', 'organizations', 'sts'];

/** The object reads: only with ObjectSampling true. */
const OBJECT_READS = [
  's3:getobject',
  's3:getobjectversion',
  's3:getobjecttagging',
  's3:getobjectversiontagging',
];

const parametersWith = (overrides: ParameterValues = {}): ParameterValues => ({
  MonitorAuditRoleArn: AUDIT_ROLE_ARN,
  ...overrides,
});

/** The role's statements (Allow and Deny, as written) once the template is evaluated. */
function roleOf(template: Template, parameters: ParameterValues, pseudo = PSEUDO) {
  const evaluated = evaluateTemplate(template, parameters, pseudo).template;
  const { statements, problems } = statementsOfRole(evaluated, ROLE);
  return { evaluated, statements, problems };
}

/** What differs between the actions the role grants and those expected (both ways). */
function actionDifferences(template: Template, parameters: ParameterValues, expected: string[]): string[] {
  const { statements, problems } = roleOf(template, parameters);
  const granted = statements
    .filter((statement) => statement.effect === 'Allow')
    .flatMap((statement) => statement.actions.map((action) => action.toLowerCase()));
  const grantedSet = new Set(granted);
  return [
    ...problems,
    ...granted.filter((action, index) => granted.indexOf(action) !== index).map((a) => `${a} granted twice`),
    ...granted.filter((action) => !expected.includes(action)).map((a) => `${a} granted, not an audit read`),
    ...expected.filter((action) => !grantedSet.has(action)).map((a) => `${a} is an audit read, not granted`),
  ];
}

describe('shared/deploy/member-read-role.yml: cfn-lint', () => {
  /**
   * cfn-lint's findings as `LEVEL RULE path: message`. Warnings the template is allowed to keep
   * would be listed (and justified) in ACCEPTED_WARNINGS; there are none.
   */
  const lint = async (path: string): Promise<string[]> => {
    const { stdout } = await run('cfn-lint', ['--format', 'json', '--non-zero-exit-code', 'none', path]);
    const findings = JSON.parse(stdout) as {
      Level: string;
      Rule: { Id: string };
      Message: string;
      Location: { Path: (string | number)[] };
    }[];
    return findings.map((f) => `${f.Level} ${f.Rule.Id} ${f.Location.Path.join('.')}: ${f.Message}`);
  };
  const ACCEPTED_WARNINGS: readonly string[] = [];

  it('passes cfn-lint with no error and no warning', async () => {
    const findings = await lint(TEMPLATE);
    assert.deepEqual(
      findings.filter((finding) => !ACCEPTED_WARNINGS.some((rule) => finding.startsWith(`Warning ${rule} `))),
      [],
    );
  });

  it('is linted for real: a misspelt property in a copy is an error', async () => {
    const work = await mkdtemp(join(tmpdir(), 'member-read-role-'));
    try {
      const broken = join(work, 'broken.yml');
      const text = await readFile(TEMPLATE, 'utf8');
      assert.match(text, /^ {6}RoleName:$/m);
      await writeFile(broken, text.replace(/^ {6}RoleName:$/m, '      RoleNam:'));
      const findings = await lint(broken);
      assert.ok(
        findings.some((finding) =>
          finding.startsWith('Error E3002 Resources.MemberReadRole.Properties.RoleNam'),
        ),
        findings.join('\n'),
      );
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});

describe('shared/deploy/member-read-role.yml: exactly the audit’s member-account reads', () => {
  let template: Template;
  /** The audit bundle's actions (lowercase) without the central-only ones, sorted. */
  let memberReads: string[];
  let auditNeeds: Set<string>;

  before(async () => {
    template = await readYamlTemplate(TEMPLATE);
    const stack = await stackRoles(ROOT, await packageStack(ROOT, TEST_BUCKETS));
    assert.deepEqual(stack.problems, []);
    const audit = stack.roles.find((role) => role.functions === 'audit');
    assert.ok(audit, stack.roles.map((role) => role.functions).join(', '));
    auditNeeds = new Set(audit.needs.map((need) => need.action.toLowerCase()));
    memberReads = [...auditNeeds].filter((action) => !CENTRAL_ONLY.has(action)).sort();
  });

  it('names as central-only only actions the audit bundle needs, and keeps every central service out', () => {
    assert.deepEqual(
      [...CENTRAL_ONLY].filter(([action]) => !auditNeeds.has(action)),
      [],
      'stale CENTRAL_ONLY entries',
    );
    assert.deepEqual(
      memberReads.filter((action) => CENTRAL_SERVICES.includes(action.split(':')[0] as string)),
      [],
      'the audit needs a central service action not listed in CENTRAL_ONLY: classify it',
    );
    // The reads the issue names are all there (a sanity floor, not the comparison itself).
    for (const action of ['s3:listallmybuckets', 'iam:simulateprincipalpolicy', 'cloudwatch:getmetricdata']) {
      assert.ok(memberReads.includes(action), action);
    }
  });

  it('with ObjectSampling true: every member read of the audit bundle, nothing more', () => {
    assert.deepEqual(
      actionDifferences(template, parametersWith({ ObjectSampling: 'true' }), memberReads),
      [],
    );
  });

  it('with ObjectSampling false: the same without any s3:GetObject*', () => {
    const withoutObjects = memberReads.filter((action) => !OBJECT_READS.includes(action));
    assert.equal(memberReads.length - withoutObjects.length, OBJECT_READS.length);
    const parameters = parametersWith({ ObjectSampling: 'false' });
    assert.deepEqual(actionDifferences(template, parameters, withoutObjects), []);
    const { evaluated } = roleOf(template, parameters);
    assert.doesNotMatch(JSON.stringify(evaluated.Resources[ROLE]), /s3:GetObject/i);
  });

  it('fails when an action is added to the template or one is dropped', () => {
    const parameters = parametersWith({ ObjectSampling: 'true' });
    const added = structuredClone(template);
    const dropped = structuredClone(template);
    const statementsOf = (copy: Template) => {
      const policies = copy.Resources[ROLE]?.Properties?.Policies as
        | { PolicyDocument: { Statement: { Sid?: string; Action?: string[] }[] } }[]
        | undefined;
      const statement = policies?.[0]?.PolicyDocument.Statement.find(
        (candidate) => candidate.Sid === 'ReadBucketSettings',
      );
      assert.ok(statement?.Action, 'the ReadBucketSettings statement');
      return statement as { Action: string[] };
    };
    statementsOf(added).Action.push('s3:GetBucketAcl');
    statementsOf(dropped).Action = statementsOf(dropped).Action.filter((a) => a !== 's3:GetBucketPolicy');
    assert.deepEqual(actionDifferences(added, parameters, memberReads), [
      's3:getbucketacl granted, not an audit read',
    ]);
    assert.deepEqual(actionDifferences(dropped, parameters, memberReads), [
      's3:getbucketpolicy is an audit read, not granted',
    ]);
  });

  it('passes the role checks of iam.test.ts (needs = the member reads): no wildcard action, * only where no resource scope exists', () => {
    for (const sampling of ['true', 'false']) {
      const { statements } = roleOf(template, parametersWith({ ObjectSampling: sampling }));
      const needs = memberReads
        .filter((action) => sampling === 'true' || !OBJECT_READS.includes(action))
        .map((action) => ({ action, reason: 'the audit in a member account' }));
      const role: RoleUnderTest = {
        functions: `member read role (sampling ${sampling})`,
        role: ROLE,
        statements,
        needs,
      };
      assert.deepEqual(
        [
          ...missingGrants(role),
          ...extraGrants(role),
          ...wildcardActions(role),
          ...starResources(role),
          ...wildcardArns(role),
        ],
        [],
      );
      assert.ok(statements.every((statement) => statement.effect === 'Allow'));
    }
  });

  /** The resources each read must be granted on, for BucketNames and ReplicationRolePattern. */
  const expectedResources = (action: string, partition: string, buckets: string[], rolePattern: string) => {
    if (NO_RESOURCE_SCOPE[action] !== undefined) return ['*'];
    if (OBJECT_READS.includes(action)) return buckets.map((b) => `arn:${partition}:s3:::${b}/*`);
    if (action.startsWith('s3:')) return buckets.map((b) => `arn:${partition}:s3:::${b}`);
    if (action.startsWith('iam:')) return [`arn:${partition}:iam::${MEMBER}:role/${rolePattern}`];
    if (action.startsWith('kms:')) return [`arn:${partition}:kms:*:${MEMBER}:key/*`];
    return [`no scope known for ${action}: add it here`];
  };

  for (const [partition, buckets, rolePattern] of [
    ['aws', ['acme-data', 'acme-replica-*'], 'service-role/s3-replication-*'],
    ['aws-cn', ['acme-data'], 'replication'],
    ['aws-us-gov', ['acme-logs-?', 'acme-replica'], '*'],
    ['aws', ['*'], '*'],
  ] as const) {
    it(`grants each read on its resources only (${partition}, BucketNames ${buckets.join(',')}, ReplicationRolePattern ${rolePattern})`, () => {
      // BucketNames * is the template's default: left out.
      const parameters = parametersWith({
        ReplicationRolePattern: rolePattern,
        ...(buckets[0] === '*' ? {} : { BucketNames: buckets.join(',') }),
      });
      const { statements } = roleOf(template, parameters, { ...PSEUDO, 'AWS::Partition': partition });
      const granted = Object.fromEntries(
        statements.flatMap((statement) =>
          statement.actions.map((action) => [
            action.toLowerCase(),
            [...(statement.resources as string[])].sort(),
          ]),
        ),
      );
      const expected = Object.fromEntries(
        memberReads.map((action) => [
          action,
          expectedResources(action, partition, [...buckets], rolePattern).sort(),
        ]),
      );
      assert.deepEqual(granted, expected);
    });
  }
});

describe('shared/deploy/member-read-role.yml: trust policy', () => {
  let template: Template;
  before(async () => {
    template = await readYamlTemplate(TEMPLATE);
  });

  const trustOf = (parameters: ParameterValues) => {
    const { evaluated } = roleOf(template, parameters);
    const document = evaluated.Resources[ROLE]?.Properties?.AssumeRolePolicyDocument as
      | { Statement: unknown }
      | undefined;
    return document?.Statement;
  };
  const onlyTheAuditRole = {
    Sid: 'MonitorAuditRoleOnly',
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${MONITOR}:root` },
    Action: 'sts:AssumeRole',
  };

  it('without ExternalId: sts:AssumeRole from the monitoring account, only as the audit role', () => {
    const { conditions } = evaluateTemplate(template, parametersWith(), PSEUDO);
    assert.equal(conditions.HasExternalId, false);
    assert.deepEqual(trustOf(parametersWith()), [
      { ...onlyTheAuditRole, Condition: { ArnEquals: { 'aws:PrincipalArn': AUDIT_ROLE_ARN } } },
    ]);
  });

  it('with ExternalId: the same, and sts:ExternalId must equal it', () => {
    const parameters = parametersWith({ ExternalId: 'acme-monitor-7f3a' });
    assert.equal(evaluateTemplate(template, parameters, PSEUDO).conditions.HasExternalId, true);
    assert.deepEqual(trustOf(parameters), [
      {
        ...onlyTheAuditRole,
        Condition: {
          ArnEquals: { 'aws:PrincipalArn': AUDIT_ROLE_ARN },
          StringEquals: { 'sts:ExternalId': 'acme-monitor-7f3a' },
        },
      },
    ]);
  });

  it('takes the monitoring account from the audit role ARN, and refuses what is not a role ARN', () => {
    const other = 'arn:aws:iam::444455556666:role/path/audit';
    assert.deepEqual(
      (trustOf(parametersWith({ MonitorAuditRoleArn: other })) as { Principal: unknown }[])[0]?.Principal,
      { AWS: 'arn:aws:iam::444455556666:root' },
    );
    for (const wrong of ['arn:aws:iam::999988887777:root', 'arn:aws:iam::999988887777:user/ops', '*']) {
      assert.throws(
        () => evaluateTemplate(template, parametersWith({ MonitorAuditRoleArn: wrong }), PSEUDO),
        /AllowedPattern/,
      );
    }
  });

  it('is named RoleName under RolePath, the MEMBER_ROLE_NAME the audit assumes (path included)', () => {
    const properties = (parameters: ParameterValues) =>
      roleOf(template, parameters).evaluated.Resources[ROLE]?.Properties ?? {};
    assert.deepEqual(
      [properties(parametersWith()).Path, properties(parametersWith()).RoleName],
      ['/', 's3-replication-monitor-read'],
    );
    const inPath = properties(parametersWith({ RolePath: '/monitor/', RoleName: 'replication-read' }));
    assert.deepEqual([inPath.Path, inPath.RoleName], ['/monitor/', 'replication-read']);
    for (const wrong of ['monitor', '/monitor', 'a//']) {
      assert.throws(
        () => evaluateTemplate(template, parametersWith({ RolePath: wrong }), PSEUDO),
        /AllowedPattern/,
      );
    }
  });

  it('has no managed policy, no other policy, and outputs the role ARN', () => {
    const { evaluated, problems } = roleOf(template, parametersWith());
    assert.deepEqual(problems, []);
    const properties = evaluated.Resources[ROLE]?.Properties ?? {};
    assert.equal(properties.ManagedPolicyArns, undefined);
    assert.deepEqual(
      Object.values(evaluated.Resources).map((resource) => resource.Type),
      ['AWS::IAM::Role'],
    );
    assert.deepEqual((template as Template & { Outputs?: unknown }).Outputs, {
      RoleArn: {
        Description: 'ARN of the read role (the same name in every member account)',
        Value: { 'Fn::GetAtt': ['MemberReadRole', 'Arn'] },
      },
    });
  });
});
