import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import {
  type EvaluationResult,
  GetRoleCommand,
  IAMClient,
  IAMServiceException,
  NoSuchEntityException,
  type Role,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { createIamRoleReader, roleNameOf } from '../../shared/aws/iam-role-reader.js';

const iam = mockClient(IAMClient);
const reader = createIamRoleReader(new IAMClient({ region: 'us-east-1' }));

const ROLE_ARN = 'arn:aws:iam::111122223333:role/service-role/replication';
const BOUNDARY_ARN = 'arn:aws:iam::111122223333:policy/replication-boundary';
const TRUST_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

/** A GetRole Role as IAM returns it: the trust policy URL-encoded. */
function role(overrides: Partial<Role> = {}): Role {
  return {
    Path: '/service-role/',
    RoleName: 'replication',
    RoleId: 'AROAEXAMPLEROLEID0001',
    Arn: ROLE_ARN,
    CreateDate: new Date('2026-01-01T00:00:00.000Z'),
    AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(TRUST_POLICY)),
    ...overrides,
  };
}

function evaluation(overrides: Partial<EvaluationResult> = {}): EvaluationResult {
  return {
    EvalActionName: 's3:ReplicateObject',
    EvalResourceName: 'arn:aws:s3:::dst/logs/*',
    EvalDecision: 'allowed',
    ...overrides,
  };
}

function iamError(name: string, status: number): IAMServiceException {
  return new IAMServiceException({
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: status },
    message: name,
  });
}

describe('createIamRoleReader', () => {
  afterEach(() => {
    iam.reset();
  });

  describe('role', () => {
    it('decodes the URL-encoded trust policy IAM returns and asks by role name', async () => {
      iam.on(GetRoleCommand).resolves({ Role: role() });

      const read = await reader.role(ROLE_ARN);

      assert.deepEqual(read, {
        ok: true,
        value: { arn: ROLE_ARN, roleId: 'AROAEXAMPLEROLEID0001', trustPolicy: TRUST_POLICY },
      });
      assert.deepEqual(
        iam.commandCalls(GetRoleCommand).map((call) => call.args[0].input),
        [{ RoleName: 'replication' }],
      );
    });

    it('parses a trust policy that is already decoded', async () => {
      const pretty = `\n  ${JSON.stringify(TRUST_POLICY, null, 2)}`;
      iam.on(GetRoleCommand).resolves({ Role: role({ AssumeRolePolicyDocument: pretty }) });

      const read = await reader.role(ROLE_ARN);

      assert.ok(read.ok);
      assert.deepEqual(read.value?.trustPolicy, TRUST_POLICY);
    });

    it('decodes a trust policy whose values contain encoded reserved characters', async () => {
      const policy = {
        ...TRUST_POLICY,
        Statement: [
          {
            ...TRUST_POLICY.Statement[0],
            Condition: { StringLike: { 'aws:SourceArn': 'arn:aws:s3:::src+logs%/*' } },
          },
        ],
      };
      iam.on(GetRoleCommand).resolves({
        Role: role({ AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(policy)) }),
      });

      const read = await reader.role(ROLE_ARN);

      assert.ok(read.ok);
      assert.deepEqual(read.value?.trustPolicy, policy);
    });

    it('reads the permissions boundary ARN', async () => {
      iam.on(GetRoleCommand).resolves({
        Role: role({
          PermissionsBoundary: {
            PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
            PermissionsBoundaryArn: BOUNDARY_ARN,
          },
        }),
      });

      const read = await reader.role(ROLE_ARN);

      assert.ok(read.ok);
      assert.equal(read.value?.permissionsBoundaryArn, BOUNDARY_ARN);
    });

    it('answers undefined for a role that does not exist', async () => {
      iam.on(GetRoleCommand).rejects(
        new NoSuchEntityException({
          message: 'The role cannot be found.',
          $metadata: { httpStatusCode: 404 },
        }),
      );

      assert.deepEqual(await reader.role(ROLE_ARN), { ok: true, value: undefined });
    });

    it('answers undefined when the error carries IAM’s wire code NoSuchEntity', async () => {
      iam.on(GetRoleCommand).rejects(iamError('NoSuchEntity', 404));

      assert.deepEqual(await reader.role(ROLE_ARN), { ok: true, value: undefined });
    });

    it('reports a refused GetRole as access-denied on iam:GetRole for the role ARN', async () => {
      iam.on(GetRoleCommand).rejects(iamError('AccessDenied', 403));

      const read = await reader.role(ROLE_ARN);

      assert.equal(read.ok, false);
      assert.ok(!read.ok);
      assert.equal(read.problem.kind, 'access-denied');
      assert.equal(read.problem.action, 'iam:GetRole');
      assert.equal(read.problem.resource, ROLE_ARN);
    });

    it('reports throttling as a problem, not as a missing role', async () => {
      iam.on(GetRoleCommand).rejects(iamError('Throttling', 400));

      const read = await reader.role(ROLE_ARN);

      assert.ok(!read.ok);
      assert.equal(read.problem.kind, 'throttled');
    });
  });

  describe('simulate', () => {
    const context = {
      'kms:ViaService': 's3.us-west-2.amazonaws.com',
      'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::dst/logs/',
    };

    it('sends the actions, resources and each context entry as a string', async () => {
      iam.on(SimulatePrincipalPolicyCommand).resolves({ EvaluationResults: [], IsTruncated: false });

      await reader.simulate(ROLE_ARN, ['kms:Encrypt', 'kms:GenerateDataKey'], ['arn:aws:kms:k'], context);

      const [call] = iam.commandCalls(SimulatePrincipalPolicyCommand);
      assert.deepEqual(call?.args[0].input, {
        PolicySourceArn: ROLE_ARN,
        ActionNames: ['kms:Encrypt', 'kms:GenerateDataKey'],
        ResourceArns: ['arn:aws:kms:k'],
        ContextEntries: [
          {
            ContextKeyName: 'kms:ViaService',
            ContextKeyValues: ['s3.us-west-2.amazonaws.com'],
            ContextKeyType: 'string',
          },
          {
            ContextKeyName: 'kms:EncryptionContext:aws:s3:arn',
            ContextKeyValues: ['arn:aws:s3:::dst/logs/'],
            ContextKeyType: 'string',
          },
        ],
        Marker: undefined,
      });
    });

    it('follows Marker through every page and returns the results of all of them', async () => {
      iam
        .on(SimulatePrincipalPolicyCommand)
        .resolvesOnce({ EvaluationResults: [evaluation()], IsTruncated: true, Marker: 'page-2' })
        .resolvesOnce({
          EvaluationResults: [evaluation({ EvalActionName: 's3:ReplicateDelete' })],
          IsTruncated: false,
        });

      const read = await reader.simulate(
        ROLE_ARN,
        ['s3:ReplicateObject', 's3:ReplicateDelete'],
        ['arn:aws:s3:::dst/logs/*'],
        {},
      );

      assert.ok(read.ok);
      assert.deepEqual(
        read.value.map((result) => result.action),
        ['s3:ReplicateObject', 's3:ReplicateDelete'],
      );
      assert.deepEqual(
        iam.commandCalls(SimulatePrincipalPolicyCommand).map((call) => call.args[0].input.Marker),
        [undefined, 'page-2'],
      );
    });

    it('stops after 50 pages when IAM keeps answering truncated', async () => {
      iam
        .on(SimulatePrincipalPolicyCommand)
        .resolves({ EvaluationResults: [evaluation()], IsTruncated: true, Marker: 'again' });

      const read = await reader.simulate(ROLE_ARN, ['s3:ReplicateObject'], ['arn:aws:s3:::dst/logs/*'], {});

      assert.ok(read.ok);
      assert.equal(iam.commandCalls(SimulatePrincipalPolicyCommand).length, 50);
    });

    it('maps the decision, the boundary and Organizations details and the matched statements', async () => {
      iam.on(SimulatePrincipalPolicyCommand).resolves({
        IsTruncated: false,
        EvaluationResults: [
          evaluation({
            EvalDecision: 'implicitDeny',
            PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: false },
            OrganizationsDecisionDetail: { AllowedByOrganizations: true },
            MatchedStatements: [
              { SourcePolicyId: 'replication-inline', SourcePolicyType: 'role' },
              { SourcePolicyId: 'replication-boundary', SourcePolicyType: 'user-managed' },
            ],
          }),
          evaluation({ EvalActionName: 's3:ReplicateDelete', EvalDecision: 'explicitDeny' }),
        ],
      });

      const read = await reader.simulate(
        ROLE_ARN,
        ['s3:ReplicateObject', 's3:ReplicateDelete'],
        ['arn:aws:s3:::dst/logs/*'],
        {},
      );

      assert.deepEqual(read, {
        ok: true,
        value: [
          {
            action: 's3:ReplicateObject',
            resource: 'arn:aws:s3:::dst/logs/*',
            decision: 'implicitDeny',
            allowedByBoundary: false,
            allowedByOrganizations: true,
            matchedPolicies: [
              { id: 'replication-inline', type: 'role' },
              { id: 'replication-boundary', type: 'user-managed' },
            ],
            missingContextValues: [],
          },
          {
            action: 's3:ReplicateDelete',
            resource: 'arn:aws:s3:::dst/logs/*',
            decision: 'explicitDeny',
            matchedPolicies: [],
            missingContextValues: [],
          },
        ],
      });
    });

    it('reads each resource from ResourceSpecificResults when IAM answers one aggregated result per action', async () => {
      iam.on(SimulatePrincipalPolicyCommand).resolves({
        IsTruncated: false,
        EvaluationResults: [
          evaluation({
            // biome-ignore lint/suspicious/noTemplateCurlyInString: IAM's ARN template, verbatim.
            EvalResourceName: 'arn:${Partition}:s3:::${BucketName}/${KeyName}',
            EvalDecision: 'implicitDeny',
            ResourceSpecificResults: [
              {
                EvalResourceName: 'arn:aws:s3:::dst/logs/*',
                EvalResourceDecision: 'implicitDeny',
                MissingContextValues: ['aws:SourceIp'],
                MatchedStatements: [],
              },
            ],
          }),
        ],
      });

      const read = await reader.simulate(ROLE_ARN, ['s3:ReplicateObject'], ['arn:aws:s3:::dst/logs/*'], {});

      assert.deepEqual(read, {
        ok: true,
        value: [
          {
            action: 's3:ReplicateObject',
            resource: 'arn:aws:s3:::dst/logs/*',
            decision: 'implicitDeny',
            matchedPolicies: [],
            missingContextValues: ['aws:SourceIp'],
          },
        ],
      });
    });

    it('names the one resource asked for when an aggregated answer has no per-resource results', async () => {
      iam.on(SimulatePrincipalPolicyCommand).resolves({
        IsTruncated: false,
        EvaluationResults: [
          // biome-ignore lint/suspicious/noTemplateCurlyInString: IAM's ARN template, verbatim.
          evaluation({ EvalResourceName: 'arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}' }),
        ],
      });

      const read = await reader.simulate(
        ROLE_ARN,
        ['kms:Decrypt'],
        ['arn:aws:kms:us-east-1:111122223333:key/k'],
        {
          'aws:SecureTransport': true,
          'aws:PrincipalOrgPaths': ['o-a1b2c3d4e5/r-ab12/'],
        },
      );

      assert.ok(read.ok);
      assert.equal(read.value[0]?.resource, 'arn:aws:kms:us-east-1:111122223333:key/k');
      assert.deepEqual(iam.commandCalls(SimulatePrincipalPolicyCommand)[0]?.args[0].input.ContextEntries, [
        { ContextKeyName: 'aws:SecureTransport', ContextKeyValues: ['true'], ContextKeyType: 'boolean' },
        {
          ContextKeyName: 'aws:PrincipalOrgPaths',
          ContextKeyValues: ['o-a1b2c3d4e5/r-ab12/'],
          ContextKeyType: 'stringList',
        },
      ]);
    });

    it('reports a refused simulation as access-denied on iam:SimulatePrincipalPolicy', async () => {
      iam.on(SimulatePrincipalPolicyCommand).rejects(iamError('AccessDenied', 403));

      const read = await reader.simulate(ROLE_ARN, ['s3:ReplicateObject'], ['arn:aws:s3:::dst/*'], {});

      assert.ok(!read.ok);
      assert.equal(read.problem.kind, 'access-denied');
      assert.equal(read.problem.action, 'iam:SimulatePrincipalPolicy');
      assert.equal(read.problem.resource, ROLE_ARN);
    });
  });
});

describe('roleNameOf', () => {
  it('strips the path from a role ARN', () => {
    assert.equal(roleNameOf(ROLE_ARN), 'replication');
    assert.equal(roleNameOf('arn:aws:iam::111122223333:role/a/b/c/deep-role'), 'deep-role');
  });

  it('returns the name of a role without a path', () => {
    assert.equal(roleNameOf('arn:aws:iam::111122223333:role/replication'), 'replication');
  });
});
