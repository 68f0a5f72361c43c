import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fixtureSimulator } from '../helpers/sim-fixture.js';

describe('STS GetCallerIdentity', () => {
  it('answers the monitor account and an assumed-role ARN, or the account the access key names', async () => {
    const simulator = fixtureSimulator();
    const own = await new STSClient(simulator.clientConfig('us-east-1')).send(
      new GetCallerIdentityCommand({}),
    );
    assert.equal(own.Account, '111122223333');
    assert.match(own.Arn ?? '', /^arn:aws:sts::111122223333:assumed-role\//);
    const other = await new STSClient(simulator.clientConfig('us-west-2', { account: '444455556666' })).send(
      new GetCallerIdentityCommand({}),
    );
    assert.equal(other.Account, '444455556666');
  });
});

describe('captured SNS and EventBridge calls', () => {
  it('captures SNS Publish with its attributes and answers a message id', async () => {
    const simulator = fixtureSimulator();
    const output = await new SNSClient(simulator.clientConfig('us-east-1')).send(
      new PublishCommand({
        TopicArn: 'arn:aws:sns:us-east-1:111122223333:replication-alerts',
        Subject: 'Replication failed',
        Message: '{"code":"REPLICATION_FAILED"}',
        MessageAttributes: { severity: { DataType: 'String', StringValue: 'critical' } },
      }),
    );
    assert.match(output.MessageId ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.deepEqual(simulator.captured.sns, [
      {
        region: 'us-east-1',
        topicArn: 'arn:aws:sns:us-east-1:111122223333:replication-alerts',
        subject: 'Replication failed',
        message: '{"code":"REPLICATION_FAILED"}',
        messageAttributes: { severity: { dataType: 'String', value: 'critical' } },
        messageId: output.MessageId,
      },
    ]);
  });

  it('captures EventBridge PutEvents entries and fails malformed details per entry', async () => {
    const simulator = fixtureSimulator();
    const output = await new EventBridgeClient(simulator.clientConfig('us-east-1')).send(
      new PutEventsCommand({
        Entries: [
          {
            Source: 'replication-monitor',
            DetailType: 'Replication Finding',
            Detail: '{"code":"X"}',
            EventBusName: 'monitor',
          },
          { Source: 'replication-monitor', DetailType: 'Replication Finding', Detail: 'not json' },
        ],
      }),
    );
    assert.equal(output.FailedEntryCount, 1);
    assert.equal(output.Entries?.[1]?.ErrorCode, 'MalformedDetail');
    assert.equal(simulator.captured.events.length, 1);
    assert.equal(simulator.captured.events[0]?.eventId, output.Entries?.[0]?.EventId);
    assert.equal(simulator.captured.events[0]?.eventBusName, 'monitor');
  });
});
