import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SNSClient } from '@aws-sdk/client-sns';
import { createSnsAlertPublisher } from '../../shared/aws/sns-alert-publisher.js';
import { groupIntoAlerts } from '../../shared/core/alerts.js';
import { renderNotification } from '../../shared/core/render/notification.js';
import { failedFinding } from '../helpers/findings.js';
import { SNS_PUBLISH_RESPONSE, startWireStub } from '../helpers/wire-stub.js';

describe('createSnsAlertPublisher (on the wire)', () => {
  let stub: Awaited<ReturnType<typeof startWireStub>>;
  before(async () => {
    stub = await startWireStub((request) =>
      request.body.includes('Action=Publish')
        ? { status: 200, headers: { 'content-type': 'text/xml' }, body: SNS_PUBLISH_RESPONSE }
        : { status: 400, body: 'unexpected' },
    );
  });
  after(() => stub.close());

  it('sends a well-formed Publish request through the real SNS client', async () => {
    const client = new SNSClient({
      region: 'us-east-1',
      endpoint: stub.endpoint,
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
    });
    const topic = 'arn:aws:sns:us-east-1:111122223333:replication-alerts';
    const [alert] = groupIntoAlerts([failedFinding({ key: 'Tax/report 2026 é&=+.pdf' })], {
      observedAt: new Date(),
      sampleSize: 5,
    });
    assert.ok(alert);
    const notification = renderNotification(alert);

    await createSnsAlertPublisher(client, topic).publish(notification);

    assert.equal(stub.requests.length, 1);
    const request = stub.requests[0];
    assert.equal(request?.method, 'POST');
    assert.match(String(request?.headers['content-type']), /^application\/x-www-form-urlencoded/);
    assert.match(
      String(request?.headers.authorization),
      /Credential=AKID\/\d{8}\/us-east-1\/sns\/aws4_request/,
    );
    const form = new URLSearchParams(request?.body);
    assert.equal(form.get('Action'), 'Publish');
    assert.equal(form.get('Version'), '2010-03-31');
    assert.equal(form.get('TopicArn'), topic);
    assert.equal(form.get('MessageStructure'), 'json');
    assert.equal(form.get('Subject'), notification.subject);
    const message = JSON.parse(form.get('Message') ?? '');
    assert.equal(typeof message.default, 'string');
    assert.ok(message.email.includes('"Tax/report 2026 é&=+.pdf"'));
  });

  it('surfaces an SNS error so the caller can retry', async () => {
    const failing = await startWireStub(() => ({
      status: 500,
      headers: { 'content-type': 'text/xml' },
      body: '<ErrorResponse><Error><Type>Receiver</Type><Code>InternalError</Code><Message>try later</Message></Error><RequestId>r</RequestId></ErrorResponse>',
    }));
    try {
      const client = new SNSClient({
        region: 'us-east-1',
        endpoint: failing.endpoint,
        maxAttempts: 2,
        credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
      });
      const [alert] = groupIntoAlerts([failedFinding()], { observedAt: new Date(), sampleSize: 5 });
      assert.ok(alert);
      await assert.rejects(
        createSnsAlertPublisher(client, 'arn:aws:sns:us-east-1:111122223333:t').publish(
          renderNotification(alert),
        ),
        {
          name: 'InternalErrorException',
        },
      );
      assert.equal(failing.requests.length, 2);
    } finally {
      await failing.close();
    }
  });
});
