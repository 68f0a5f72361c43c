import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unwrapTrigger } from '../../shared/events/trigger.js';
import { loadFixture } from '../helpers/fixtures.js';

describe('unwrapTrigger', () => {
  it('passes a direct S3 event through as one payload', () => {
    const event = loadFixture('events/operation-failed-replication.aws-doc.json');
    const unwrapped = unwrapTrigger(event);
    assert.equal(unwrapped.kind, 's3');
    assert.deepEqual(unwrapped.payloads, [{ location: '(event)', content: { ok: true, value: event } }]);
  });

  it('parses the S3 event out of an SNS message', () => {
    const unwrapped = unwrapTrigger(loadFixture('events/sns-wrapped.json'));
    assert.equal(unwrapped.kind, 'sns');
    assert.equal(unwrapped.payloads[0]?.location, 'Records[0].Sns.Message');
    const content = unwrapped.payloads[0]?.content;
    assert.equal(content?.ok && (content.value as { Records: unknown[] }).Records.length, 1);
  });

  it('keeps SQS message ids and rejects a bad body on its own', () => {
    const unwrapped = unwrapTrigger(loadFixture('events/sqs-batch.json'));
    assert.equal(unwrapped.kind, 'sqs');
    assert.equal(unwrapped.payloads.length, 6);
    assert.equal(unwrapped.payloads[0]?.messageId, '11111111-0000-4000-8000-0000000000a1');
    const broken = unwrapped.payloads[5];
    assert.equal(broken?.content.ok, false);
    assert.match(broken?.content.ok === false ? broken.content.reason : '', /^not valid JSON/);
    assert.equal(
      unwrapped.payloads.slice(0, 5).every((payload) => payload.content.ok),
      true,
    );
  });

  it('opens the SNS envelope inside an SQS body', () => {
    const unwrapped = unwrapTrigger(loadFixture('events/sqs-via-sns-envelope.json'));
    const payload = unwrapped.payloads[0];
    assert.equal(payload?.location, 'Records[0].body.Message');
    assert.equal(
      payload?.content.ok && Array.isArray((payload.content.value as { Records: unknown }).Records),
      true,
    );
  });

  it('rejects events that are not objects, and records of no known source', () => {
    assert.equal(unwrapTrigger('text').payloads[0]?.content.ok, false);
    const mixed = unwrapTrigger({
      Records: [{ eventSource: 'aws:sqs', messageId: 'm', body: 1 }, { other: true }],
    });
    assert.deepEqual(
      mixed.payloads.map((payload) => (payload.content.ok ? 'ok' : payload.content.reason)),
      [
        'expected a JSON string, found a number',
        'the record is neither an SQS message nor an SNS notification',
      ],
    );
  });
});
