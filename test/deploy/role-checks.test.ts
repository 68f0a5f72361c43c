// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} are CloudFormation Fn::Sub placeholders, not template ones.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Need } from '../helpers/deploy/platform-needs.js';
import {
  extraGrants,
  missingGrants,
  type RoleUnderTest,
  starResources,
  wildcardActions,
  wildcardArns,
} from '../helpers/deploy/role-checks.js';
import type { RoleStatement } from '../helpers/deploy/role-statements.js';

const ORIGIN = 'ProbeRole policy "probe" statement 2';
const QUEUE = { 'Fn::GetAtt': ['EventsQueue', 'Arn'] };

function allow(actions: string[], resources: unknown[], extra: Partial<RoleStatement> = {}): RoleStatement {
  return { origin: ORIGIN, effect: 'Allow', actions, resources, ...extra };
}

function role(statements: RoleStatement[], needs: Need[] = []): RoleUnderTest {
  return { functions: 'probe', role: 'ProbeRole', statements, needs };
}

const headObject = (action: string): Need => ({
  action,
  reason: 'HeadObjectCommand (shared/aws/s3-object-reader.ts:99)',
});

describe('missingGrants', () => {
  it('names the command, its source line and the action no statement grants', () => {
    const probe = role(
      [allow(['s3:GetObject'], ['arn:aws:s3:::acme-*/*'])],
      [headObject('s3:GetObjectVersion')],
    );

    assert.deepEqual(missingGrants(probe), [
      'probe: HeadObjectCommand (shared/aws/s3-object-reader.ts:99) needs s3:GetObjectVersion; no statement grants it',
    ]);
  });

  it('matches actions case-insensitively, as IAM does', () => {
    const probe = role(
      [allow(['S3:getObjectVersion'], ['arn:aws:s3:::acme-*/*'])],
      [headObject('s3:GetObjectVersion')],
    );

    assert.deepEqual(missingGrants(probe), []);
  });

  it('ignores Deny statements', () => {
    const probe = role(
      [allow(['s3:GetObjectVersion'], ['*'], { effect: 'Deny' })],
      [headObject('s3:GetObjectVersion')],
    );

    assert.equal(missingGrants(probe).length, 1);
  });

  it('reports an action granted on another resource than the one Lambda uses', () => {
    const need: Need = {
      action: 'sqs:ReceiveMessage',
      reason: 'the SQS event source Mapping',
      resource: {
        text: '{GetAtt EventsQueue.Arn}',
        matches: (value) => JSON.stringify(value) === JSON.stringify(QUEUE),
      },
    };
    const probe = role([allow(['sqs:ReceiveMessage'], [{ 'Fn::GetAtt': ['OtherQueue', 'Arn'] }])], [need]);

    assert.deepEqual(missingGrants(probe), [
      'probe: the SQS event source Mapping needs sqs:ReceiveMessage on {GetAtt EventsQueue.Arn}; statements grant it only on {GetAtt OtherQueue.Arn}',
    ]);
  });
});

describe('extraGrants', () => {
  it('reports an action that neither the code nor Lambda needs, with its statement', () => {
    const probe = role(
      [allow(['s3:GetObject', 's3:PutObject'], ['arn:aws:s3:::acme-*/*'])],
      [headObject('s3:GetObject')],
    );

    assert.deepEqual(extraGrants(probe), [
      `probe: ${ORIGIN} grants s3:PutObject, which neither the code of probe nor Lambda needs`,
    ]);
  });

  it('accepts a role that grants exactly what is needed', () => {
    const probe = role([allow(['s3:GetObject'], ['arn:aws:s3:::acme-*/*'])], [headObject('s3:GetObject')]);

    assert.deepEqual(extraGrants(probe), []);
  });
});

describe('wildcardActions', () => {
  it('reports wildcard actions, NotAction and an Allow without Resource', () => {
    const probe = role([
      allow(['s3:Get*'], ['arn:aws:s3:::acme-*']),
      allow([], ['*'], { unreadable: 'NotAction grants every action but the listed ones' }),
      allow(['sns:Publish'], []),
    ]);

    assert.deepEqual(wildcardActions(probe), [
      `probe: ${ORIGIN} grants the wildcard action s3:Get*`,
      `probe: ${ORIGIN}: NotAction grants every action but the listed ones`,
      `probe: ${ORIGIN} has no Resource`,
    ]);
  });
});

describe('starResources', () => {
  it('accepts Resource "*" for an action without resource-level permissions only', () => {
    const probe = role([allow(['cloudwatch:GetMetricData', 'sns:Publish'], ['*'])]);

    const problems = starResources(probe);

    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /^probe: .* grants sns:Publish on Resource "\*"; only actions without/);
  });
});

describe('wildcardArns', () => {
  it('reports a wildcard ARN for an action that can name its resource', () => {
    const keys = { 'Fn::Sub': 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*' };
    const probe = role([allow(['kms:GenerateDataKey'], [keys])]);

    assert.deepEqual(wildcardArns(probe), [
      `probe: ${ORIGIN} grants kms:GenerateDataKey on arn:\${AWS::Partition}:kms:\${AWS::Region}:\${AWS::AccountId}:key/*; name the resource itself (a Ref, a GetAtt, a full ARN)`,
    ]);
  });

  it('accepts references, placeholders and the parameter patterns of WILDCARD_ARN_SCOPES', () => {
    const probe = role([
      allow(['kms:GenerateDataKey'], [{ 'Fn::GetAtt': ['AlertTopicKey', 'Arn'] }]),
      allow(
        ['sns:Publish'],
        [{ 'Fn::Sub': 'arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:alerts' }],
      ),
      allow(['s3:ListBucket'], [{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::*' }]),
    ]);

    assert.deepEqual(wildcardArns(probe), []);
  });
});
