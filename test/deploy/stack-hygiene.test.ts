import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { queueProblems, regionalNameProblems } from '../helpers/deploy/stack-hygiene.js';
import type { Template } from '../helpers/deploy/template.js';

function queueTemplate(): Template {
  return {
    Resources: {
      Queue: { Type: 'AWS::SQS::Queue', Condition: 'HasQueue', Properties: {} },
      QueuePolicy: {
        Type: 'AWS::SQS::QueuePolicy',
        Condition: 'HasQueue',
        Properties: {
          Queues: [{ Ref: 'Queue' }],
          PolicyDocument: {
            Statement: [
              {
                Effect: 'Deny',
                Principal: '*',
                Action: 'sqs:*',
                Resource: { 'Fn::GetAtt': ['Queue', 'Arn'] },
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              },
            ],
          },
        },
      },
    },
  };
}

describe('queueProblems', () => {
  it('accepts a queue behind a TLS-only policy with its condition', () => {
    assert.deepEqual(queueProblems(queueTemplate()), []);
  });

  it('reports a queue without a policy, and one whose policy lacks its condition', () => {
    const template = queueTemplate();
    template.Resources.Other = { Type: 'AWS::SQS::Queue', Properties: {} };
    delete template.Resources.QueuePolicy?.Condition;

    assert.deepEqual(queueProblems(template), [
      'Queue has no queue policy (with its condition) denying sqs:* on it when aws:SecureTransport is false',
      'Other has no queue policy (with its condition) denying sqs:* on it when aws:SecureTransport is false',
    ]);
  });
});

describe('regionalNameProblems', () => {
  it('reports an alarm or a dashboard whose name lacks the Region', () => {
    const template: Template = {
      Resources: {
        Alarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmName: 'monitor-dev-eu-west-1-errors' } },
        Board: { Type: 'AWS::CloudWatch::Dashboard', Properties: { DashboardName: 'monitor-dev' } },
      },
    };

    assert.deepEqual(regionalNameProblems(template, 'eu-west-1'), [
      'Board is named "monitor-dev", without the Region eu-west-1',
    ]);
  });
});
