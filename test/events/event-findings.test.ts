import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingForEvent } from '../../shared/events/event-findings.js';
import type { ReplicationEvent } from '../../shared/events/replication-event.js';

function failure(overrides: Partial<ReplicationEvent> = {}): ReplicationEvent {
  return {
    eventName: 'OperationFailedReplication',
    eventVersion: '2.2',
    eventTime: '2026-11-22T11:00:00.000Z',
    awsRegion: 'us-east-1',
    sourceBucket: 'src',
    key: 'a.txt',
    versionId: 'v1',
    ruleId: 'to-dr',
    destinationBucket: 'dst',
    failureReason: 'DstPutObjectNotPermitted',
    ...overrides,
  };
}

describe('findingForEvent', () => {
  it('describes each route in its own words however routes and reasons interleave', () => {
    const events = [
      failure(),
      failure({ sourceBucket: 'logs', destinationBucket: 'logs-dr', ruleId: 'logs-rule', key: 'b' }),
      failure({ eventName: 'OperationMissedThreshold', failureReason: undefined, threshold: '15' }),
      failure({ key: 'c', failureReason: 'DstBucketNotFound' }),
      failure({ sourceBucket: 'logs', destinationBucket: 'logs-dr', ruleId: 'logs-rule', key: 'd' }),
    ];
    const [first, logs, missed, notFound, logsAgain] = events.map((event) => findingForEvent(event));
    assert.match(first?.message ?? '', /from src to dst under rule to-dr/);
    assert.match(logs?.message ?? '', /from logs to logs-dr under rule logs-rule/);
    assert.match(missed?.message ?? '', /Time Control threshold from src to dst/);
    assert.equal(missed?.failureReason, undefined);
    assert.equal(notFound?.failureReason, 'DstBucketNotFound');
    assert.notEqual(notFound?.remediation, first?.remediation);
    assert.equal(logsAgain?.message, logs?.message);
    assert.equal(logsAgain?.key, 'd');
  });

  it('builds every field of the finding, in the order the CLI prints them', () => {
    const finding = findingForEvent(failure({ size: 12 }), { REPLICATION_FAILED: 'warning' });
    assert.deepEqual(Object.keys(finding), [
      'code',
      'severity',
      'sourceBucket',
      'key',
      'message',
      'remediation',
      'evidence',
      'ruleId',
      'destinationBucket',
      'versionId',
      'region',
      'failureReason',
      'failureCategory',
    ]);
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.failureCategory, 'permission');
    assert.deepEqual(finding.evidence, {
      eventName: 's3:Replication:OperationFailedReplication',
      eventTime: '2026-11-22T11:00:00.000Z',
      size: 12,
    });
  });

  it('gives each finding its own evidence, so changing one changes no other', () => {
    const first = findingForEvent(failure());
    const second = findingForEvent(failure({ key: 'b' }));
    assert.ok(first.evidence);
    first.evidence.eventName = 'changed';
    assert.equal(second.evidence?.eventName, 's3:Replication:OperationFailedReplication');
  });
});
