import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderDigest } from '../../shared/render/digest-notification.js';
import { incidentSubject, renderIncidentNotification } from '../../shared/render/incident-notification.js';
import { formatDuration } from '../../shared/render/incident-view.js';
import { digest, failingIncident, notice } from '../helpers/incidents.js';

describe('renderIncidentNotification', () => {
  it('publishes default, email and https bodies with filterable attributes', () => {
    const notification = renderIncidentNotification(notice('opened'));
    assert.equal(notification.messageStructure, 'json');
    assert.deepEqual(Object.keys(notification.message), ['default', 'email', 'https']);
    assert.equal(notification.id, 'inc-7f3a9c2d41b8e605');
    assert.deepEqual(
      Object.fromEntries(
        Object.entries(notification.messageAttributes).map(([name, value]) => [name, value.StringValue]),
      ),
      {
        type: 'incident',
        severity: 'critical',
        transition: 'opened',
        noticeId: 'inc-7f3a9c2d41b8e605/3-opened',
        code: 'REPLICATION_FAILED',
        sourceBucket: 'acme-payments-prod',
      },
    );
    for (const attribute of Object.values(notification.messageAttributes))
      assert.equal(attribute.DataType, 'String');
  });

  it('says what, where, since when, why and how to fix in the e-mail', () => {
    const { email } = renderIncidentNotification(notice('opened')).message;
    for (const part of [
      'CRITICAL: Objects are failing to replicate in acme-payments-prod (1,201 objects)',
      'What:   Objects are failing to replicate from acme-payments-prod to acme-payments-dr',
      'Where:  source bucket acme-payments-prod; destination bucket acme-payments-dr; rule payments-to-dr',
      'Since:  2026-11-22T09:58:12.000Z (open 2 h 1 min',
      'Why:  S3 reported failureReason DstPutObjectNotPermitted (category: permission).',
      'Fix:  Allow s3:ReplicateObject on arn:aws:s3:::acme-payments-dr/*',
      '  - "ledgers/2026-11-22/eu west.json"',
      'Incident: inc-7f3a9c2d41b8e605',
    ]) {
      assert.ok(email.includes(part), part);
    }
  });

  it('says how a reminder grew', () => {
    const { email } = renderIncidentNotification(notice('reminder')).message;
    assert.match(email, /^CRITICAL \(still open\): /);
    assert.ok(email.includes('Growth: 312 more affected since the last notice (1,201 in all)'));
  });

  it('says how long a resolved incident lasted, without a fix to apply', () => {
    const { email } = renderIncidentNotification(notice('resolved')).message;
    assert.match(email, /^RESOLVED: /);
    assert.ok(
      email.includes(
        'Lasted: 5 h 11 min (opened 2026-11-22T09:58:12.000Z, resolved 2026-11-22T15:10:00.000Z)',
      ),
    );
    assert.doesNotMatch(email, /Fix:/);
  });

  it('marks an incident that came back', () => {
    const reopened = { ...notice('opened'), reopened: true };
    assert.match(renderIncidentNotification(reopened).message.email, /^CRITICAL \(reopened\): /);
    assert.match(renderIncidentNotification(reopened).subject, /^\[CRITICAL\]\[REOPENED\] /);
  });

  it('threads every Chatbot notice of one incident on its id', () => {
    const opened = JSON.parse(renderIncidentNotification(notice('opened')).message.https);
    const resolved = JSON.parse(renderIncidentNotification(notice('resolved')).message.https);
    assert.equal(opened.version, '1.0');
    assert.equal(opened.source, 'custom');
    assert.equal(opened.content.textType, 'client-markdown');
    assert.equal(opened.metadata.threadId, resolved.metadata.threadId);
    assert.notEqual(opened.id, resolved.id);
    assert.equal(resolved.metadata.eventType, 'Replication Incident Resolved');
    assert.deepEqual(resolved.content.nextSteps, []);
  });
});

describe('incidentSubject', () => {
  it('tags the transition and stays under 100 ASCII characters', () => {
    assert.equal(
      incidentSubject(notice('reminder')),
      '[CRITICAL][REMINDER] Objects are failing to replicate (1,201): acme-payments-prod',
    );
    assert.equal(
      incidentSubject(notice('opened')),
      '[CRITICAL] Objects are failing to replicate (1,201): acme-payments-prod -> acme-payments-dr',
    );
    assert.match(incidentSubject(notice('resolved')), /^\[RESOLVED\] /);
    const long = notice('opened', failingIncident({ sourceBucket: `é${'b'.repeat(62)}` }));
    const subject = incidentSubject(long);
    assert.ok(subject.length < 100);
    assert.match(subject, /^[\x20-\x7e]+\.\.\.$/);
  });
});

describe('renderDigest', () => {
  it('lists the open info incidents in one message that pages nobody', () => {
    const notification = renderDigest(digest());
    assert.equal(notification.subject, '[INFO] Digest: 1 open info-level incident');
    assert.equal(notification.messageAttributes.type?.StringValue, 'digest');
    assert.equal(notification.messageAttributes.severity?.StringValue, 'info');
    assert.ok(notification.message.email.includes('1. Replication rule disabled in acme-app-logs'));
    assert.equal(JSON.parse(notification.message.https).metadata.threadId, 's3-replication-monitor-digest');
  });
});

describe('formatDuration', () => {
  it('reads at a glance', () => {
    assert.equal(formatDuration('2026-11-22T00:00:00Z', '2026-11-22T00:00:45Z'), '45 s');
    assert.equal(formatDuration('2026-11-22T00:00:00Z', '2026-11-22T03:12:00Z'), '3 h 12 min');
    assert.equal(formatDuration('2026-11-20T00:00:00Z', '2026-11-22T03:00:00Z'), '2 d 3 h');
    assert.equal(formatDuration('bad', '2026-11-22T03:00:00Z'), '0 s');
  });
});
