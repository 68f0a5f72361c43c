import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupIntoAlerts } from '../../shared/core/alerts.js';
import { renderNotification, SNS_MESSAGE_LIMIT_BYTES } from '../../shared/core/render/notification.js';
import { plainText, snsSubject } from '../../shared/core/render/text.js';
import { failedFinding } from '../helpers/findings.js';

const observedAt = new Date('2026-11-22T12:00:00Z');

function alertOf(count: number, keyOf = (index: number) => `logs/${index}.gz`, sampleSize = 20) {
  const findings = Array.from({ length: count }, (_, index) => failedFinding({ key: keyOf(index) }));
  const [alert] = groupIntoAlerts(findings, { observedAt, sampleSize });
  if (alert === undefined) throw new Error('no alert');
  return alert;
}

describe('renderNotification', () => {
  it('publishes per-protocol bodies: compact JSON by default, readable text by e-mail', () => {
    const notification = renderNotification(alertOf(1204));
    assert.equal(notification.messageStructure, 'json');
    const document = JSON.parse(notification.message.default);
    assert.equal(document.code, 'REPLICATION_FAILED');
    assert.equal(document.count, 1204);
    assert.equal(document.samples.length, 20);
    assert.equal(document.samplesOmitted, 1184);
    const email = notification.message.email;
    for (const part of [
      'CRITICAL: Replication failed (1,204 objects)',
      'What:',
      'Where:  source bucket src, destination bucket dst, rule to-dr',
      'When:',
      'Why:    S3 reported failureReason DstPutObjectNotPermitted (category: permission)',
      'Fix:    Allow s3:ReplicateObject on arn:aws:s3:::dst/*.',
      '... and 1,184 more not shown.',
    ]) {
      assert.ok(email.includes(part), part);
    }
  });

  it('keeps the subject within SNS limits', () => {
    const alert = alertOf(3);
    alert.sourceBucket = 'a'.repeat(63);
    alert.destinationBucket = 'b'.repeat(63);
    const { subject } = renderNotification(alert);
    assert.ok(subject.length < 100, `${subject.length}`);
    assert.match(subject, /^\[CRITICAL\] Replication failed \(3\): DstPutObjectNotPermitted a+\.\.\.$/);
    assert.doesNotMatch(subject, /[^\x20-\x7e]/);
  });

  it('shrinks the key sample to fit the size limit and says so', () => {
    const alert = alertOf(1000, (index) => `${'é'.repeat(500)}${index}`, 1000);
    const notification = renderNotification(alert);
    const bytes = Buffer.byteLength(JSON.stringify(notification.message));
    assert.ok(bytes <= SNS_MESSAGE_LIMIT_BYTES, `${bytes} bytes`);
    const document = JSON.parse(notification.message.default);
    assert.equal(document.truncated, true);
    assert.ok(document.samples.length > 0 && document.samples.length < 1000);
    assert.match(
      notification.message.email,
      /more not shown \(list truncated to fit the message size limit\)/,
    );
  });

  it('shows keys as data: line breaks and control characters are escaped', () => {
    const alert = alertOf(1, () => 'evil\nFix:    rm -rf /\u0007\u202e');
    const { email } = renderNotification(alert).message;
    assert.ok(email.includes('"evil\\nFix:    rm -rf /\\u0007\\u202e"'));
    assert.equal(email.split('\n').filter((line) => line.startsWith('Fix:')).length, 1);
  });
});

describe('snsSubject', () => {
  it('removes line breaks and non-ASCII, and truncates visibly', () => {
    assert.equal(snsSubject('a\r\nb\tc é'), 'a b c ?');
    assert.equal(snsSubject('x'.repeat(150)).length, 99);
    assert.ok(snsSubject('x'.repeat(150)).endsWith('...'));
  });
});

describe('plainText', () => {
  it('leaves ordinary Unicode alone', () => {
    assert.equal(plainText('café/日本 report.pdf'), 'café/日本 report.pdf');
  });
});
