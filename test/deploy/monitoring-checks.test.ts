// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} are CloudFormation Fn::Sub placeholders, not template ones.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  alarmProblems,
  dashboardProblems,
  logGroupProblems,
  topicProblems,
} from '../helpers/deploy/monitoring-checks.js';
import type { Template } from '../helpers/deploy/template.js';
import { probeStack } from './fixtures/stack.js';

const ALARM_SOURCE = 'arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:monitor-test-*';

/** The probe stack with an encrypted, TLS-only alarm topic CloudWatch may publish to. */
function monitoredTemplate(): Template {
  const { template } = probeStack('probe.handler', []);
  Object.assign(template.Resources, {
    Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } },
    AlarmTopic: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } } },
    AlarmTopicPolicy: {
      Type: 'AWS::SNS::TopicPolicy',
      Properties: {
        Topics: [{ Ref: 'AlarmTopic' }],
        PolicyDocument: {
          Statement: [
            { Effect: 'Deny', Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
            {
              Effect: 'Allow',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Condition: { ArnLike: { 'aws:SourceArn': { 'Fn::Sub': ALARM_SOURCE } } },
            },
          ],
        },
      },
    },
    ProbeErrorsAlarm: {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        AlarmName: 'monitor-test-probe-errors',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: 'ProbeLambdaFunction' } }],
        AlarmActions: [{ Ref: 'AlarmTopic' }],
        OKActions: [{ Ref: 'AlarmTopic' }],
      },
    },
  });
  const logGroup = template.Resources.ProbeLogGroup?.Properties ?? {};
  logGroup.RetentionInDays = 30;
  return template;
}

describe('topicProblems', () => {
  it('accepts a topic encrypted with a rotating key of the stack, behind a TLS-only policy', () => {
    assert.deepEqual(topicProblems(monitoredTemplate()), []);
  });

  it('reports a topic on the AWS managed key', () => {
    const template = monitoredTemplate();
    const topic = template.Resources.AlarmTopic?.Properties ?? {};
    topic.KmsMasterKeyId = 'alias/aws/sns';

    assert.deepEqual(topicProblems(template), [
      'AlarmTopic is not encrypted with a rotating AWS::KMS::Key of the stack',
    ]);
  });
});

describe('alarmProblems', () => {
  it('accepts an Errors alarm per function, notifying a topic its name may publish to', () => {
    assert.deepEqual(alarmProblems(monitoredTemplate()), []);
  });

  it('reports an alarm named outside the pattern of the topic policy', () => {
    const template = monitoredTemplate();
    const alarm = template.Resources.ProbeErrorsAlarm?.Properties ?? {};
    alarm.AlarmName = 'probe-errors';

    assert.deepEqual(alarmProblems(template), [
      'ProbeErrorsAlarm (probe-errors): AlarmActions AlarmTopic, whose policy does not let CloudWatch publish it',
      'ProbeErrorsAlarm (probe-errors): OKActions AlarmTopic, whose policy does not let CloudWatch publish it',
    ]);
  });

  it('reports a function whose Errors alarm lacks its condition', () => {
    const template = monitoredTemplate();
    const probe = template.Resources.ProbeLambdaFunction;
    if (probe) probe.Condition = 'HasProbe';

    assert.deepEqual(alarmProblems(template), ['ProbeLambdaFunction has no Errors alarm with its condition']);
  });
});

describe('logGroupProblems', () => {
  it('reports a log group that keeps logs forever', () => {
    const template = monitoredTemplate();
    delete template.Resources.ProbeLogGroup?.Properties?.RetentionInDays;

    assert.deepEqual(logGroupProblems(template), ['ProbeLogGroup has no RetentionInDays']);
  });
});

describe('dashboardProblems', () => {
  it('reports a body that is not JSON and a placeholder naming a conditional resource', () => {
    const template = monitoredTemplate();
    const probe = template.Resources.ProbeLambdaFunction;
    if (probe) probe.Condition = 'HasProbe';
    template.Resources.Dashboard = {
      Type: 'AWS::CloudWatch::Dashboard',
      Properties: {
        DashboardBody: {
          'Fn::Sub': ['{"widgets": [{"region": "${AWS::Region}", "x": "${ProbeLambdaFunction}"]}', {}],
        },
      },
    };

    const problems = dashboardProblems(template);

    assert.equal(problems.length, 2);
    assert.equal(
      problems[0],
      'Dashboard uses ${ProbeLambdaFunction}, not a variable or an unconditional resource',
    );
    assert.match(problems[1] ?? '', /^Dashboard body is not JSON: /);
  });
});
