// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} are CloudFormation Fn::Sub placeholders, not template ones.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { platformNeeds } from '../helpers/deploy/platform-needs.js';
import { statementsOfRole } from '../helpers/deploy/role-statements.js';
import { hasWildcard } from '../helpers/deploy/template.js';
import { probeStack } from './fixtures/stack.js';

const QUEUE = { 'Fn::GetAtt': ['EventsQueue', 'Arn'] };

describe('statementsOfRole', () => {
  it('reads both branches of an Fn::If statement, naming its condition, and drops AWS::NoValue', () => {
    const { template } = probeStack('probe.handler', [
      {
        'Fn::If': [
          'HasBus',
          { Effect: 'Allow', Action: 'events:PutEvents', Resource: 'bus' },
          { Ref: 'AWS::NoValue' },
        ],
      },
    ]);

    const { statements, problems } = statementsOfRole(template, 'ProbeRole');

    assert.deepEqual(problems, []);
    assert.deepEqual(
      statements.map(({ origin, actions }) => [origin, actions]),
      [
        ['ProbeRole policy "probe" statement 1', ['logs:CreateLogStream', 'logs:PutLogEvents']],
        ['ProbeRole policy "probe" statement 2 (if HasBus)', ['events:PutEvents']],
      ],
    );
  });

  it('includes AWS::IAM::Policy resources attached to the role and reports managed policy ARNs', () => {
    const { template } = probeStack('probe.handler', []);
    template.Resources.ExtraPolicy = {
      Type: 'AWS::IAM::Policy',
      Properties: {
        Roles: [{ Ref: 'ProbeRole' }],
        PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] },
      },
    };
    const properties = template.Resources.ProbeRole?.Properties ?? {};
    properties.ManagedPolicyArns = ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'];

    const { statements, problems } = statementsOfRole(template, 'ProbeRole');

    assert.equal(statements.at(-1)?.origin, 'ExtraPolicy (attached to ProbeRole) statement 1');
    assert.deepEqual(problems, [
      'ProbeRole attaches managed policy "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", which this test cannot read',
    ]);
  });
});

describe('platformNeeds', () => {
  it('needs the log actions on the function’s own log group', () => {
    const { template } = probeStack('probe.handler', []);

    const { needs, unsupported } = platformNeeds(template, 'ProbeLambdaFunction');

    assert.deepEqual(unsupported, []);
    assert.deepEqual(
      needs.map((need) => [need.action, need.resource?.text]),
      [
        ['logs:CreateLogStream', '…:log-group:/aws/lambda/monitor-test-probe:*'],
        ['logs:PutLogEvents', '…:log-group:/aws/lambda/monitor-test-probe:*'],
      ],
    );
  });

  it('needs the SQS polling actions on the event source queue and SendMessage on a queue destination', () => {
    const { template } = probeStack('probe.handler', []);
    template.Resources.EventsQueue = { Type: 'AWS::SQS::Queue' };
    template.Resources.FailureQueue = { Type: 'AWS::SQS::Queue' };
    template.Resources.Mapping = {
      Type: 'AWS::Lambda::EventSourceMapping',
      Properties: { EventSourceArn: QUEUE, FunctionName: { 'Fn::GetAtt': ['ProbeLambdaFunction', 'Arn'] } },
    };
    template.Resources.InvokeConfig = {
      Type: 'AWS::Lambda::EventInvokeConfig',
      Properties: {
        FunctionName: { Ref: 'ProbeLambdaFunction' },
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['FailureQueue', 'Arn'] } } },
      },
    };

    const { needs } = platformNeeds(template, 'ProbeLambdaFunction');

    assert.deepEqual(
      needs.slice(2).map((need) => [need.action, need.resource?.text]),
      [
        ['sqs:ReceiveMessage', '{GetAtt EventsQueue.Arn}'],
        ['sqs:DeleteMessage', '{GetAtt EventsQueue.Arn}'],
        ['sqs:GetQueueAttributes', '{GetAtt EventsQueue.Arn}'],
        ['sqs:SendMessage', '{GetAtt FailureQueue.Arn}'],
      ],
    );
  });

  it('reports what it cannot account for: no log group, a VPC', () => {
    const { template } = probeStack('probe.handler', []);
    delete template.Resources.ProbeLogGroup;
    const properties = template.Resources.ProbeLambdaFunction?.Properties ?? {};
    properties.VpcConfig = { SubnetIds: ['subnet-1'] };

    const { unsupported } = platformNeeds(template, 'ProbeLambdaFunction');

    assert.deepEqual(unsupported, [
      'ProbeLambdaFunction sets VpcConfig',
      'ProbeLambdaFunction has no AWS::Logs::LogGroup in the template (its logs would never expire)',
    ]);
  });
});

describe('hasWildcard', () => {
  it('sees a * in the ARN, not in placeholders or references', () => {
    assert.equal(hasWildcard({ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${param}/*' }), true);
    assert.equal(
      hasWildcard({ 'Fn::Sub': 'arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:t' }),
      false,
    );
    assert.equal(hasWildcard({ 'Fn::GetAtt': ['Key', 'Arn'] }), false);
  });
});
