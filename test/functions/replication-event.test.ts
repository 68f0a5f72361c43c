import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { createReplicationEventHandler } from '../../functions/replication-event.js';
import { createSnsIncidentPublisher } from '../../shared/aws/sns-incident-publisher.js';
import { defaultNoticeRenderer } from '../../shared/incidents/incident-delivery.js';
import { createInMemoryIncidentStore } from '../../shared/incidents/incident-store.js';
import { incidentSettingsFor } from '../../shared/incidents/settings.js';
import { fixedClock } from '../../shared/model/clock.js';
import { loadFixture } from '../helpers/fixtures.js';

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:replication-alerts';
const sns = mockClient(SNSClient);

function handler() {
  const options = {
    severityOverrides: {},
    minimumAlertSeverity: 'info' as const,
    alertSampleSize: 20,
    publishConcurrency: 2,
  };
  const clock = fixedClock('2026-11-22T12:00:00Z');
  return createReplicationEventHandler({
    clock,
    options,
    incidents: {
      store: createInMemoryIncidentStore(),
      settings: incidentSettingsFor(options),
      clock,
      channels: {
        renderer: defaultNoticeRenderer,
        concurrency: 2,
        publisher: createSnsIncidentPublisher(new SNSClient({ region: 'us-east-1' }), TOPIC),
      },
    },
    logger: new Logger({ logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'Test', serviceName: 'test' }),
  });
}

describe('replication-event handler', () => {
  beforeEach(() => sns.reset());

  it('opens one incident per cause, publishing per-protocol bodies, and answers SQS with no failures', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const response = await handler()(loadFixture('events/sqs-batch.json'));
    assert.deepEqual(response, { batchItemFailures: [] });
    const calls = sns.commandCalls(PublishCommand);
    assert.equal(calls.length, 2);
    const input = calls[0]?.args[0].input;
    assert.equal(input?.TopicArn, TOPIC);
    assert.equal(input?.MessageStructure, 'json');
    const message = JSON.parse(input?.Message ?? '{}');
    assert.deepEqual(Object.keys(message).sort(), ['default', 'email', 'https']);
    assert.equal(typeof message.email, 'string');
    assert.equal(JSON.parse(message.default).causes[0].failureReason, 'AssumeRoleNotPermitted');
    assert.deepEqual(input?.MessageAttributes?.transition, { DataType: 'String', StringValue: 'opened' });
    assert.deepEqual(input?.MessageAttributes?.severity, { DataType: 'String', StringValue: 'critical' });
    assert.ok((input?.Subject?.length ?? 100) < 100);
  });

  it('reports the messages of an incident whose notice could not be published as batch item failures', async () => {
    sns
      .on(PublishCommand)
      .rejects(
        Object.assign(new Error('Service unavailable'), { name: 'InternalErrorException', $retryable: {} }),
      );
    const response = await handler()(loadFixture('events/sqs-batch.json'));
    assert.deepEqual(response, {
      batchItemFailures: [
        { itemIdentifier: '11111111-0000-4000-8000-0000000000a1' },
        { itemIdentifier: '11111111-0000-4000-8000-0000000000a2' },
        { itemIdentifier: '11111111-0000-4000-8000-0000000000a3' },
        { itemIdentifier: '11111111-0000-4000-8000-0000000000a4' },
      ],
    });
  });

  it('throws for a direct invocation whose notice cannot be published, so Lambda retries', async () => {
    sns.on(PublishCommand).rejects(new Error('boom'));
    await assert.rejects(handler()(loadFixture('events/sns-wrapped.json')), { name: 'DeliveryError' });
  });

  it('summarises a direct invocation', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const response = await handler()(loadFixture('events/malformed-records.json'));
    assert.deepEqual(response, { records: 6, findings: 1, alerts: 1, rejected: 5 });
  });
});
