import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FINDING_CODES } from '../../shared/model/findings.js';
import { runCli } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { WORLDS } from '../helpers/worlds.js';

describe('cli event', () => {
  it('prints findings, notifications and rejected records as one JSON document', async () => {
    const { status, stdout, stderr } = await runCli([
      'event',
      `${FIXTURES}events/sqs-batch.json`,
      '--format',
      'json',
    ]);
    assert.equal(status, 1);
    assert.equal(stderr, '');
    const document = JSON.parse(stdout);
    assert.deepEqual(Object.keys(document), ['findings', 'notifications', 'rejected']);
    assert.equal(document.findings.length, 3);
    for (const finding of document.findings) {
      assert.ok(FINDING_CODES.includes(finding.code));
      for (const field of ['severity', 'sourceBucket', 'message', 'remediation', 'fingerprint'])
        assert.ok(field in finding, field);
    }
    // One notification per cause, with its count: each cause opens its own incident.
    assert.deepEqual(
      document.notifications.map((notification: { message: { default: string } }) => {
        const body = JSON.parse(notification.message.default);
        return [
          body.transition,
          body.causes.map((cause: { failureReason: string }) => cause.failureReason),
          body.affected,
        ];
      }),
      [
        ['opened', ['AssumeRoleNotPermitted'], 2],
        ['opened', ['DstKmsKeyInvalidState'], 1],
      ],
    );
    assert.equal(typeof document.notifications[0].subject, 'string');
    assert.deepEqual(Object.keys(document.notifications[0].message), ['default', 'email', 'https']);
    assert.deepEqual(document.rejected, [
      {
        location: 'Records[5].body',
        messageId: '11111111-0000-4000-8000-0000000000a6',
        reason: document.rejected[0].reason,
      },
    ]);
    assert.match(document.rejected[0].reason, /^not valid JSON/);
  });

  it('runs against a world: its clock, and publishing through the simulator', async () => {
    const { status, stdout } = await runCli([
      'event',
      `${FIXTURES}events/sqs-batch.json`,
      '--world',
      `${WORLDS}demo-account.json`,
      '--format',
      'json',
    ]);
    assert.equal(status, 1);
    const document = JSON.parse(stdout);
    assert.equal(document.notifications.length, 2);
    assert.equal(document.rejected.length, 1);
  });

  it('refuses a world that is not valid JSON, naming the file (exit 2)', async () => {
    const { status, stderr } = await runCli([
      'event',
      `${FIXTURES}events/s3-test-event.json`,
      '--world',
      `${FIXTURES}events/README.md`,
    ]);
    assert.equal(status, 2);
    assert.match(stderr, /README\.md/);
  });

  it('exits 0 when only informational findings result', async () => {
    const { status, stdout } = await runCli([
      'event',
      `${FIXTURES}events/operation-not-tracked.json`,
      '--format',
      'json',
    ]);
    assert.equal(status, 0);
    assert.equal(JSON.parse(stdout).findings[0].code, 'REPLICATION_NOT_TRACKED');
  });

  it('exits 0 with nothing to report for a test event', async () => {
    const { status, stdout } = await runCli([
      'event',
      `${FIXTURES}events/s3-test-event.json`,
      '--format',
      'json',
    ]);
    assert.equal(status, 0);
    assert.deepEqual(JSON.parse(stdout), { findings: [], notifications: [], rejected: [] });
  });

  it('prints a readable report with --format table', async () => {
    const { stdout } = await runCli(['event', `${FIXTURES}events/special-keys.json`, '--format', 'table']);
    assert.match(stdout, /Findings \(3\)/);
    assert.match(stdout, /café\/日本\.txt/);
    assert.match(stdout, /Subject: \[CRITICAL\] Objects are failing to replicate \(3\)/);
  });

  it('exits 2 with the reason when the file cannot be read or parsed, or arguments are wrong', async () => {
    const missing = await runCli(['event', `${FIXTURES}events/nope.json`]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot read event file/);
    const usage = await runCli(['event']);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /^error: missing required argument 'file'\n/);
    const format = await runCli(['event', `${FIXTURES}events/s3-test-event.json`, '--format', 'xml']);
    assert.equal(format.status, 2);
    const unknown = await runCli(['frobnicate']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /^error: unknown command 'frobnicate'\n/);
  });
});

describe('cli demo', () => {
  it('audits the flagship world, prints findings, the incidents it opened and the notices it sent, and exits 0', async () => {
    const { status, stdout } = await runCli(['demo']);
    assert.equal(status, 0);
    // 9 findings: the role and KMS diagnosis adds KMS_KEY_UNUSABLE to the demo's 8.
    assert.match(stdout, /Findings \(9\)/);
    // One notice per incident opened: payments failing, uploads delayed, the logs rule's metrics,
    // and the unusable KMS key (role and KMS diagnosis).
    assert.match(stdout, /Incidents \(4\)/);
    assert.match(stdout, /Notifications sent \(4\)/);
  });
});
