import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { createSnsIncidentPublisher } from '../../shared/aws/sns-incident-publisher.js';
import type { IncidentNotification } from '../../shared/render/sns-message.js';

const sns = mockClient(SNSClient);
const TOPIC = 'arn:aws:sns:us-east-1:111122223333:replication-alerts';

const notification = (): IncidentNotification => ({
  id: 'incident-1',
  type: 'incident',
  severity: 'critical',
  subject: '[CRITICAL] Objects are failing to replicate (2): src -> dst',
  messageStructure: 'json',
  message: { default: '{"type":"incident"}', email: 'CRITICAL: …', https: '{"version":"1.0"}' },
  messageAttributes: {
    severity: { DataType: 'String', StringValue: 'critical' },
    transition: { DataType: 'String', StringValue: 'opened' },
  },
  truncated: false,
});

describe('createSnsIncidentPublisher', () => {
  beforeEach(() => sns.reset());

  it('publishes per-protocol bodies with the attributes subscription filters match', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    await createSnsIncidentPublisher(new SNSClient({ region: 'us-east-1' }), TOPIC).publish(notification());
    const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    assert.equal(input?.TopicArn, TOPIC);
    assert.equal(input?.MessageStructure, 'json');
    assert.deepEqual(Object.keys(JSON.parse(input?.Message ?? '{}')), ['default', 'email', 'https']);
    assert.deepEqual(input?.MessageAttributes?.severity, { DataType: 'String', StringValue: 'critical' });
    assert.equal(input?.Subject, notification().subject);
  });

  it('rejects when SNS does, so the caller keeps the notice', async () => {
    sns.on(PublishCommand).rejects(Object.assign(new Error('down'), { name: 'InternalErrorException' }));
    await assert.rejects(
      createSnsIncidentPublisher(new SNSClient({ region: 'us-east-1' }), TOPIC).publish(notification()),
      { name: 'InternalErrorException' },
    );
  });
});
