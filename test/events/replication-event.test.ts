import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  bucketNameFromArn,
  decodeKey,
  parseNotification,
  parseRecord,
} from '../../shared/events/replication-event.js';
import { documentedRecord, loadFixture } from '../helpers/fixtures.js';

describe('parseRecord', () => {
  it('reads the AWS-documented OperationFailedReplication record', () => {
    const parsed = parseRecord(documentedRecord());
    assert.equal(parsed.ok, true);
    assert.deepEqual(parsed.ok && parsed.event, {
      eventName: 'OperationFailedReplication',
      eventVersion: '2.2',
      eventTime: '2024-09-05T21:04:32.527Z',
      awsRegion: 'us-east-1',
      sourceBucket: 'amzn-s3-demo-bucket1',
      key: 'replication-object-put-test.png',
      versionId: 'abcdeH0Xp66ep__QDjR76LK7Gc9X4wKO',
      sequencer: '0066DA1CBF104C0D51',
      ruleId: 'notification-test-replication-rule',
      destinationBucket: 'amzn-s3-demo-bucket2',
      failureReason: 'AssumeRoleNotPermitted',
      s3Operation: 'OBJECT_PUT',
      requestTime: '2024-09-05T21:03:59.168Z',
      size: 520080,
    });
  });

  it('decodes keys as S3 encodes them', () => {
    const event = loadFixture<{ Records: unknown[] }>('events/special-keys.json');
    const keys = event.Records.map((record) => {
      const parsed = parseRecord(record);
      return parsed.ok ? parsed.event.key : parsed.reason;
    });
    assert.deepEqual(keys, ['Tax/report 2026.pdf', 'a+b%c.txt', 'café/日本.txt']);
  });

  it('accepts every 2.x event version and rejects another major version', () => {
    for (const version of ['2.1', '2.2', '2.3', '2.10']) {
      const record = documentedRecord();
      record.eventVersion = version;
      assert.equal(parseRecord(record).ok, true, version);
    }
    const record = documentedRecord();
    record.eventVersion = '3.0';
    assert.deepEqual(parseRecord(record), {
      ok: false,
      reason: 'eventVersion "3.0" is not a supported 2.x version',
    });
  });

  it('maps every replication event type and accepts the s3: prefix', () => {
    for (const type of [
      'OperationFailedReplication',
      'OperationMissedThreshold',
      'OperationReplicatedAfterThreshold',
      'OperationNotTracked',
    ]) {
      const record = documentedRecord();
      record.eventName = `s3:Replication:${type}`;
      const parsed = parseRecord(record);
      assert.equal(parsed.ok && parsed.event.eventName, type);
    }
  });

  it('rejects non-replication and unknown replication events with the name', () => {
    const created = documentedRecord();
    created.eventName = 'ObjectCreated:Put';
    const unknown = documentedRecord();
    unknown.eventName = 'Replication:OperationCompletedReplication';
    assert.match(
      (parseRecord(created) as { reason: string }).reason,
      /"ObjectCreated:Put" is not a replication event/,
    );
    assert.match((parseRecord(unknown) as { reason: string }).reason, /not a known replication event type/);
  });

  it('keeps unknown failure reasons verbatim and ignores unknown fields', () => {
    const record = documentedRecord();
    record.replicationEventData.failureReason = 'SomethingNew';
    record.replicationEventData.newField = 'x';
    record.brandNewTopLevel = { nested: true };
    const parsed = parseRecord(record);
    assert.equal(parsed.ok && parsed.event.failureReason, 'SomethingNew');
  });

  it('names the missing or broken field', () => {
    const noBucket = documentedRecord();
    noBucket.s3.bucket.name = '';
    const noKey = documentedRecord() as unknown as { s3: { object: Record<string, unknown> } };
    delete noKey.s3.object.key;
    const badKey = documentedRecord();
    badKey.s3.object.key = '100%';
    assert.deepEqual(parseRecord(noBucket), { ok: false, reason: 's3.bucket.name is missing' });
    assert.deepEqual(parseRecord(noKey), { ok: false, reason: 's3.object.key is missing' });
    assert.deepEqual(parseRecord(badKey), {
      ok: false,
      reason: 's3.object.key is not valid URL encoding: "100%"',
    });
    assert.deepEqual(parseRecord(null), { ok: false, reason: 'the record is null, not an object' });
  });

  it('leaves optional replication data out when S3 omits it', () => {
    const record = documentedRecord() as unknown as Record<string, unknown>;
    delete record.replicationEventData;
    const parsed = parseRecord(record);
    assert.equal(parsed.ok, true);
    assert.equal(parsed.ok && parsed.event.ruleId, undefined);
    assert.equal(parsed.ok && parsed.event.destinationBucket, undefined);
  });
});

describe('parseNotification', () => {
  it('recognises the s3:TestEvent', () => {
    assert.deepEqual(parseNotification(loadFixture('events/s3-test-event.json')), { kind: 'test-event' });
  });

  it('rejects a message without Records', () => {
    assert.deepEqual(parseNotification({ hello: 1 }), {
      kind: 'invalid',
      reason: 'Records is missing or not an array',
    });
    assert.deepEqual(parseNotification('x'), {
      kind: 'invalid',
      reason: 'the message is a string, not an object',
    });
  });
});

describe('decodeKey', () => {
  it('turns + into a space before percent-decoding', () => {
    assert.equal(decodeKey('a+b%2Bc'), 'a b+c');
    assert.equal(decodeKey('%E0%A4%A'), undefined);
  });
});

describe('bucketNameFromArn', () => {
  it('returns the bucket name of an S3 ARN in any partition', () => {
    assert.equal(bucketNameFromArn('arn:aws:s3:::dst'), 'dst');
    assert.equal(bucketNameFromArn('arn:aws-us-gov:s3:::dst'), 'dst');
    assert.equal(bucketNameFromArn('plain-name'), 'plain-name');
    assert.equal(bucketNameFromArn(''), undefined);
    assert.equal(bucketNameFromArn(42), undefined);
  });
});
