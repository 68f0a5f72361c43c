import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IncidentTransition } from '../../shared/incidents/incident.js';
import { eventBridgeEntry, putEventsEntrySize } from '../../shared/render/event-bridge.js';
import { notice } from '../helpers/incidents.js';

describe('eventBridgeEntry', () => {
  it('maps each transition to its detail-type, a reminder being an update', () => {
    const types = (['opened', 'updated', 'reminder', 'resolved'] as IncidentTransition[]).map(
      (transition) => eventBridgeEntry(notice(transition), 'bus').DetailType,
    );
    assert.deepEqual(types, [
      'Replication Incident Opened',
      'Replication Incident Updated',
      'Replication Incident Updated',
      'Replication Incident Resolved',
    ]);
  });

  it('names the bus, the buckets as resources and the notice time', () => {
    const entry = eventBridgeEntry(notice('opened'), 'arn:aws:events:us-east-1:111122223333:event-bus/ops', {
      partition: 'aws-cn',
    });
    assert.equal(entry.Source, 's3-replication-monitor');
    assert.equal(entry.EventBusName, 'arn:aws:events:us-east-1:111122223333:event-bus/ops');
    assert.deepEqual(entry.Resources, [
      'arn:aws-cn:s3:::acme-payments-prod',
      'arn:aws-cn:s3:::acme-payments-dr',
    ]);
    assert.equal(entry.Time.toISOString(), '2026-11-22T12:00:00.000Z');
  });

  it('carries the incident document as detail, transition and growth included', () => {
    const detail = JSON.parse(eventBridgeEntry(notice('reminder'), 'bus').Detail);
    assert.equal(detail.type, 'incident');
    assert.equal(detail.version, 1);
    assert.equal(detail.transition, 'reminder');
    assert.equal(detail.incidentId, 'inc-7f3a9c2d41b8e605');
    assert.equal(detail.growth, 312);
    assert.equal(detail.causes[0].failureReason, 'DstPutObjectNotPermitted');
    assert.equal(detail.causes[0].action, 's3:ReplicateObject');
    assert.equal(detail.causes[1].metric, 'OperationsFailedReplication');
    assert.equal(detail.causes[1].observed, 1204);
  });

  it('counts size as EventBridge does: 14 bytes of time plus the UTF-8 of the rest', () => {
    const entry = eventBridgeEntry(notice('opened'), 'bus');
    const expected =
      14 +
      Buffer.byteLength(entry.Source) +
      Buffer.byteLength(entry.DetailType) +
      Buffer.byteLength(entry.Detail) +
      entry.Resources.reduce((sum, resource) => sum + Buffer.byteLength(resource), 0);
    assert.equal(putEventsEntrySize(entry), expected);
  });

  it('refuses an empty bus name, naming the argument', () => {
    assert.throws(() => eventBridgeEntry(notice('opened'), ' '), /busName/);
  });
});
