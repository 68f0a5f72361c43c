import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import { fixtureSimulator, ROLE, SOURCE_KEY } from '../helpers/sim-fixture.js';

const KMS_POLICY = 'arn:aws:iam::111122223333:policy/replication-kms';

function iam() {
  return new IAMClient(fixtureSimulator().clientConfig('us-east-1'));
}

describe('IAM role reads', () => {
  it('GetRole answers the URL-encoded trust policy and the permissions boundary', async () => {
    const { Role: role } = await iam().send(new GetRoleCommand({ RoleName: 's3-replication' }));
    assert.equal(role?.Arn, ROLE);
    assert.equal(role?.Path, '/service-role/');
    assert.match(role?.RoleId ?? '', /^AROA[A-Z0-9]{17}$/);
    assert.ok(role?.CreateDate instanceof Date);
    assert.match(role?.AssumeRolePolicyDocument ?? '', /^%7B%22Version%22/);
    const trust = JSON.parse(decodeURIComponent(role?.AssumeRolePolicyDocument ?? ''));
    assert.deepEqual(trust.Statement[0].Principal, { Service: 's3.amazonaws.com' });
    assert.deepEqual(role?.PermissionsBoundary, {
      PermissionsBoundaryType: 'Policy',
      PermissionsBoundaryArn: 'arn:aws:iam::111122223333:policy/s3-replication-boundary',
    });
  });

  it('lists inline and attached policies and answers their URL-encoded documents', async () => {
    const client = iam();
    const inline = await client.send(new ListRolePoliciesCommand({ RoleName: 's3-replication' }));
    assert.deepEqual(inline.PolicyNames, ['replication']);
    assert.equal(inline.IsTruncated, false);
    const document = await client.send(
      new GetRolePolicyCommand({ RoleName: 's3-replication', PolicyName: 'replication' }),
    );
    assert.equal(JSON.parse(decodeURIComponent(document.PolicyDocument ?? '')).Statement.length, 3);
    const attached = await client.send(new ListAttachedRolePoliciesCommand({ RoleName: 's3-replication' }));
    assert.deepEqual(attached.AttachedPolicies, [{ PolicyName: 'replication-kms', PolicyArn: KMS_POLICY }]);
    const policy = await client.send(new GetPolicyCommand({ PolicyArn: KMS_POLICY }));
    assert.equal(policy.Policy?.DefaultVersionId, 'v1');
    assert.equal(policy.Policy?.AttachmentCount, 1);
    const version = await client.send(
      new GetPolicyVersionCommand({ PolicyArn: KMS_POLICY, VersionId: 'v1' }),
    );
    assert.equal(version.PolicyVersion?.IsDefaultVersion, true);
    assert.equal(
      JSON.parse(decodeURIComponent(version.PolicyVersion?.Document ?? '')).Statement[0].Resource,
      SOURCE_KEY,
    );
  });

  it('answers NoSuchEntity 404 for unknown roles, policies and versions', async () => {
    const client = iam();
    const calls: (() => Promise<unknown>)[] = [
      () => client.send(new GetRoleCommand({ RoleName: 'missing' })),
      () => client.send(new GetRolePolicyCommand({ RoleName: 's3-replication', PolicyName: 'missing' })),
      () => client.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::111122223333:policy/missing' })),
      () => client.send(new GetPolicyVersionCommand({ PolicyArn: KMS_POLICY, VersionId: 'v9' })),
    ];
    for (const call of calls) {
      await assert.rejects(call(), (error: Error & { $metadata: { httpStatusCode: number } }) => {
        assert.equal(error.name, 'NoSuchEntityException');
        assert.equal(error.$metadata.httpStatusCode, 404);
        return true;
      });
    }
  });

  it('refuses a denied IAM read with AccessDenied 403', async () => {
    await assert.rejects(
      iam().send(new GetRolePolicyCommand({ RoleName: 'locked-role', PolicyName: 'x' })),
      (error: Error & { $metadata: { httpStatusCode: number } }) =>
        error.name === 'AccessDenied' && error.$metadata.httpStatusCode === 403,
    );
  });
});

describe('IAM SimulatePrincipalPolicy', () => {
  it('answers one result per action, with each resource in ResourceSpecificResults, as IAM does', async () => {
    const output = await iam().send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: ROLE,
        ActionNames: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:PutObject'],
        ResourceArns: ['arn:aws:s3:::dst-bucket/locked/a', 'arn:aws:s3:::dst-bucket/open/a'],
      }),
    );
    assert.deepEqual(
      output.EvaluationResults?.map((result) => [
        result.EvalActionName,
        result.EvalResourceName,
        result.EvalDecision,
        result.ResourceSpecificResults?.map((entry) => [entry.EvalResourceName, entry.EvalResourceDecision]),
      ]),
      [
        [
          's3:ReplicateObject',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: IAM's ARN template, verbatim.
          'arn:${Partition}:s3:::${BucketName}/${KeyName}',
          'allowed',
          [
            ['arn:aws:s3:::dst-bucket/locked/a', 'allowed'],
            ['arn:aws:s3:::dst-bucket/open/a', 'allowed'],
          ],
        ],
        [
          's3:ReplicateDelete',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: IAM's ARN template, verbatim.
          'arn:${Partition}:s3:::${BucketName}/${KeyName}',
          'explicitDeny',
          [
            ['arn:aws:s3:::dst-bucket/locked/a', 'explicitDeny'],
            ['arn:aws:s3:::dst-bucket/open/a', 'allowed'],
          ],
        ],
        [
          's3:PutObject',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: IAM's ARN template, verbatim.
          'arn:${Partition}:s3:::${BucketName}/${KeyName}',
          'implicitDeny',
          [
            ['arn:aws:s3:::dst-bucket/locked/a', 'implicitDeny'],
            ['arn:aws:s3:::dst-bucket/open/a', 'implicitDeny'],
          ],
        ],
      ],
    );
    const first = output.EvaluationResults?.[0]?.ResourceSpecificResults?.[0];
    assert.deepEqual(
      first?.MatchedStatements?.map((statement) => [statement.SourcePolicyId, statement.SourcePolicyType]),
      [['replication', 'role']],
    );
    assert.deepEqual(first?.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: true });
  });

  it('lists the condition keys a matching statement uses but the request did not give', async () => {
    const output = await iam().send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: ROLE,
        ActionNames: ['kms:Decrypt'],
        ResourceArns: [SOURCE_KEY],
      }),
    );
    const [result] = output.EvaluationResults ?? [];
    assert.equal(result?.EvalDecision, 'implicitDeny');
    assert.deepEqual(result?.ResourceSpecificResults?.[0]?.MissingContextValues, ['kms:ViaService']);
  });

  it('honours context entries and the permissions boundary', async () => {
    const client = iam();
    const decrypt = (values: string[]) =>
      client.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: ROLE,
          ActionNames: ['kms:Decrypt', 'kms:Encrypt'],
          ResourceArns: [SOURCE_KEY],
          ContextEntries: [
            { ContextKeyName: 'kms:ViaService', ContextKeyValues: values, ContextKeyType: 'string' },
          ],
        }),
      );
    const viaS3 = await decrypt(['s3.us-east-1.amazonaws.com']);
    assert.deepEqual(
      viaS3.EvaluationResults?.map((result) => result.EvalDecision),
      ['allowed', 'implicitDeny'],
    );
    assert.equal(viaS3.EvaluationResults?.[0]?.MatchedStatements?.[0]?.SourcePolicyType, 'user-managed');
    assert.deepEqual(viaS3.EvaluationResults?.[0]?.ResourceSpecificResults?.[0]?.MissingContextValues, []);
    const viaSqs = await decrypt(['sqs.us-east-1.amazonaws.com']);
    assert.equal(viaSqs.EvaluationResults?.[0]?.EvalDecision, 'implicitDeny');
  });

  it('lets a permissions boundary refuse what the identity policy allows', async () => {
    const output = await iam().send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: ROLE,
        ActionNames: ['s3:ReplicateObject'],
        ResourceArns: ['arn:aws:s3:::dst-bucket/a'],
        PermissionsBoundaryPolicyInputList: [
          JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }],
          }),
        ],
      }),
    );
    const result = output.EvaluationResults?.[0];
    assert.equal(result?.EvalDecision, 'implicitDeny');
    assert.deepEqual(result?.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: false });
  });

  it('evaluates a resource policy when one is given', async () => {
    const output = await iam().send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: ROLE,
        ActionNames: ['s3:ReplicateObject'],
        ResourceArns: ['arn:aws:s3:::dst-bucket/a'],
        ResourceOwner: 'arn:aws:iam::444455556666:root',
        ResourcePolicy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:ReplicateObject',
              Resource: 'arn:aws:s3:::dst-bucket/*',
            },
          ],
        }),
      }),
    );
    assert.equal(output.EvaluationResults?.[0]?.EvalDecision, 'explicitDeny');
    assert.equal(output.EvaluationResults?.[0]?.MatchedStatements?.[0]?.SourcePolicyType, 'resource');
  });

  it('evaluates kms:EncryptionContext conditions: object-ARN grants allow object contexts only, bucket-ARN grants bucket contexts only', async () => {
    const grantOn = (arn: string) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'kms:Decrypt',
            Resource: '*',
            Condition: { StringLike: { 'kms:EncryptionContext:aws:s3:arn': arn } },
          },
        ],
      });
    const decide = async (grant: string, contextArn: string) => {
      const output = await iam().send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: 'arn:aws:iam::111122223333:role/service-role/no-policies',
          PolicyInputList: [grant],
          ActionNames: ['kms:Decrypt'],
          ResourceArns: [SOURCE_KEY],
          ContextEntries: [
            {
              ContextKeyName: 'kms:EncryptionContext:aws:s3:arn',
              ContextKeyValues: [contextArn],
              ContextKeyType: 'string',
            },
          ],
        }),
      );
      return output.EvaluationResults?.[0]?.EvalDecision;
    };
    const objectGrant = grantOn('arn:aws:s3:::src-bucket/*');
    const bucketGrant = grantOn('arn:aws:s3:::src-bucket');
    assert.equal(await decide(objectGrant, 'arn:aws:s3:::src-bucket/Tax/a.pdf'), 'allowed');
    assert.equal(await decide(objectGrant, 'arn:aws:s3:::src-bucket'), 'implicitDeny');
    assert.equal(await decide(bucketGrant, 'arn:aws:s3:::src-bucket'), 'allowed');
    assert.equal(await decide(bucketGrant, 'arn:aws:s3:::src-bucket/Tax/a.pdf'), 'implicitDeny');
    assert.equal(
      await decide(grantOn('arn:aws:s3:::other-bucket/*'), 'arn:aws:s3:::src-bucket/a'),
      'implicitDeny',
    );
  });

  it('refuses an unknown source role with NoSuchEntity and an invalid action with InvalidInput', async () => {
    const client = iam();
    await assert.rejects(
      client.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: 'arn:aws:iam::111122223333:role/none',
          ActionNames: ['s3:GetObject'],
        }),
      ),
      { name: 'NoSuchEntityException' },
    );
    await assert.rejects(
      client.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: ROLE, ActionNames: ['s3:Typo'] })),
      {
        name: 'InvalidInputException',
      },
    );
  });
});
