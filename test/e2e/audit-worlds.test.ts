import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { codeCounts, exampleWorld, WORLDS, worldFile } from '../helpers/worlds.js';

/**
 * What the audit reports for each example world (examples/worlds/README.md): symptoms (failed
 * objects and operations) and, from the role and KMS diagnosis, their causes. The diagnosis
 * worlds' exact permissions, layers and fixes are asserted in diagnosis-worlds.test.ts.
 */
const EXPECTED: Record<string, Record<string, number>> = {
  'healthy-multi-rule': { RULE_DISABLED: 1 },
  'demo-account': {
    REPLICATION_METRICS_DISABLED: 1,
    OBJECT_REPLICATION_FAILED: 2,
    KMS_KEY_UNUSABLE: 1,
    OBJECT_REPLICATION_STUCK: 2,
    REPLICATION_OPERATIONS_FAILED: 1,
    REPLICATION_LATENCY_HIGH: 1,
    REPLICATION_BACKLOG: 1,
  },
  'kms-key-pending-deletion': {
    OBJECT_REPLICATION_FAILED: 2,
    KMS_KEY_UNUSABLE: 1,
    REPLICATION_OPERATIONS_FAILED: 1,
  },
  'role-lost-replicate-object': {
    OBJECT_REPLICATION_FAILED: 2,
    ROLE_PERMISSION_MISSING: 1,
    REPLICATION_OPERATIONS_FAILED: 1,
  },
  'metrics-never-enabled': { REPLICATION_METRICS_DISABLED: 1 },
  'objects-stuck-pending': {
    OBJECT_REPLICATION_STUCK: 3,
    REPLICATION_LATENCY_HIGH: 1,
    REPLICATION_BACKLOG: 1,
  },
  'destination-versioning-suspended': {
    DESTINATION_VERSIONING_NOT_ENABLED: 1,
    OBJECT_REPLICATION_FAILED: 2,
    REPLICATION_OPERATIONS_FAILED: 1,
  },
  // The vault's replica key policy, read in the vault account through its read role (from the
  // source account alone KMS refuses GetKeyPolicy, and the policy stays not checked).
  'organization-vault-key-policy': { RULE_DISABLED: 1, KMS_PERMISSION_MISSING: 2 },
  // The member account's bucket, read through the read role; the account that refuses the role.
  'organization-member-accounts': {
    DESTINATION_VERSIONING_NOT_ENABLED: 1,
    OBJECT_REPLICATION_FAILED: 2,
    REPLICATION_OPERATIONS_FAILED: 1,
    MONITOR_ACCESS_DENIED: 1,
  },
  'cross-account-no-bucket-policy': {
    OBJECT_REPLICATION_FAILED: 2,
    ROLE_PERMISSION_MISSING: 3,
    REPLICATION_OPERATIONS_FAILED: 1,
  },
  'role-wrong-resource': { ROLE_PERMISSION_MISSING: 5 },
  'role-explicit-deny': { ROLE_PERMISSION_MISSING: 1 },
  'destination-policy-deny': { ROLE_PERMISSION_MISSING: 1 },
  'role-permissions-boundary': { ROLE_PERMISSION_MISSING: 5 },
  'kms-viaservice-wrong-region': { KMS_PERMISSION_MISSING: 2 },
  'kms-key-policy-no-delegation': { KMS_PERMISSION_MISSING: 1 },
  'role-trust-wrong-service': { ROLE_TRUST_MISSING: 1 },
  'role-get-object-version': { ROLE_PERMISSION_MISSING: 2 },
  'owner-enforced-no-override': { ROLE_PERMISSION_MISSING: 2 },
  // The SSE-C objects cannot be read without their key: sampling says so.
  'sse-c-blocked-destination': { SSE_C_BLOCKED_AT_DESTINATION: 2, MONITOR_CHECK_INCOMPLETE: 1 },
  'healthy-lookalikes': {},
  'setup-existing-notifications': {},
  'setup-conflicting-notifications': { REPLICATION_METRICS_DISABLED: 2 },
  'large-bucket-synthetic': { OBJECT_REPLICATION_STUCK: 2, OBJECT_REPLICATION_FAILED: 1 },
};

async function audit(file: string, ...extra: string[]) {
  const result = await runCli(['audit', '--world', file, '--format', 'json', ...extra]);
  return { ...result, document: result.status === 2 ? undefined : JSON.parse(result.stdout) };
}

describe('cli audit --world (every example)', () => {
  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`reports exactly the expected findings for ${name}`, async () => {
      const { status, document } = await audit(`${WORLDS}${name}.json`);
      assert.deepEqual(codeCounts(document.findings), expected);
      const actionable = Object.keys(expected).some(
        (code) => !['RULE_DISABLED', 'REPLICATION_METRICS_MISSING'].includes(code),
      );
      assert.equal(status, actionable ? 1 : 0);
    });
  }

  it('prints the contract document: findings with their fields, and per-bucket coverage', async () => {
    const { document } = await audit(`${WORLDS}demo-account.json`);
    assert.deepEqual(Object.keys(document), ['findings', 'buckets']);
    const stuck = document.findings.find(
      (finding: { code: string }) => finding.code === 'OBJECT_REPLICATION_STUCK',
    );
    assert.equal(typeof stuck.ageSeconds, 'number');
    assert.ok(stuck.ageSeconds > 900);
    assert.equal(stuck.ruleId, 'uploads-to-dr');
    const latency = document.findings.find(
      (finding: { code: string }) => finding.code === 'REPLICATION_LATENCY_HIGH',
    );
    assert.equal(latency.region, 'us-west-2');
    assert.equal(latency.threshold, 900);
    const uploads = document.buckets.find(
      (bucket: { bucket: string }) => bucket.bucket === 'acme-user-uploads',
    );
    assert.equal(uploads.status, 'audited');
    assert.equal(uploads.rules[0].metricsRead.length, 4);
    assert.equal(uploads.objects.byStatus.PENDING, 3);
  });

  it('limits the audit to --bucket and honours --sample', async () => {
    const { document } = await audit(
      `${WORLDS}demo-account.json`,
      '--bucket',
      'acme-user-uploads',
      '--sample',
      '1',
    );
    assert.deepEqual(
      document.buckets.map((bucket: { bucket: string }) => bucket.bucket),
      ['acme-user-uploads'],
    );
    assert.equal(document.buckets[0].objects.examined, 1);
    assert.ok(
      document.findings.every(
        (finding: { sourceBucket: string }) => finding.sourceBucket === 'acme-user-uploads',
      ),
    );
  });

  it('reports what the monitor may not read instead of calling it healthy', async () => {
    const world = exampleWorld('healthy-multi-rule');
    world.denied = [
      { action: 's3:GetBucketVersioning', resource: 'arn:aws:s3:::acme-orders-dr' },
      { action: 'cloudwatch:GetMetricData', resource: '*' },
    ];
    const { status, document } = await audit(worldFile(world));
    assert.equal(status, 1);
    const denied = document.findings.filter(
      (finding: { code: string }) => finding.code === 'MONITOR_ACCESS_DENIED',
    );
    assert.deepEqual([...new Set(denied.map((finding: { action: string }) => finding.action))].sort(), [
      'cloudwatch:GetMetricData',
      's3:GetBucketVersioning',
    ]);
    assert.ok(denied.every((finding: { principal: string }) => finding.principal === 'monitor'));
  });

  it('audits member accounts through their read role, and names the account and role a refusal is about', async () => {
    const { document } = await audit(`${WORLDS}organization-member-accounts.json`);
    assert.deepEqual(
      document.buckets.map((bucket: { bucket: string; status: string }) => [bucket.bucket, bucket.status]),
      [['acme-orders-prod', 'audited']],
      "the member account's bucket was discovered and read with its credentials",
    );
    const refused = document.findings.filter(
      (finding: { code: string }) => finding.code === 'MONITOR_ACCESS_DENIED',
    );
    assert.equal(refused.length, 1);
    assert.equal(refused[0].action, 'sts:AssumeRole');
    assert.equal(refused[0].resource, 'arn:aws:iam::777788889999:role/s3-replication-monitor-read');
    assert.match(refused[0].message, /account 777788889999/);
    const only = await audit(`${WORLDS}organization-member-accounts.json`, '--account', '444455556666');
    assert.equal(
      only.document.findings.filter((finding: { code: string }) => finding.code === 'MONITOR_ACCESS_DENIED')
        .length,
      0,
      '--account limits the member accounts to those named',
    );
  });

  it('reads a replica key policy in the account that owns the key: checked with the vault reached, not checked without', async () => {
    const reached = await audit(`${WORLDS}organization-vault-key-policy.json`);
    const missing = reached.document.findings.filter(
      (finding: { code: string }) => finding.code === 'KMS_PERMISSION_MISSING',
    );
    assert.deepEqual(
      missing.map((finding: { action: string; layer: string; severity: string }) => [
        finding.action,
        finding.layer,
        finding.severity,
      ]),
      [
        ['kms:Encrypt', 'key-policy', 'critical'],
        ['kms:Decrypt', 'key-policy', 'warning'],
      ],
    );
    const world = JSON.parse(readFileSync(`${WORLDS}organization-vault-key-policy.json`, 'utf8'));
    delete world.accounts;
    const alone = await audit(worldFile(world));
    assert.equal(
      alone.document.findings.some((finding: { code: string }) => finding.code === 'KMS_PERMISSION_MISSING'),
      false,
    );
    assert.match(
      JSON.stringify(alone.document.buckets),
      /key policy of arn:aws:kms:us-west-2:444455556666:key\/[^ ]+ not checked/,
    );
  });

  it('refuses to run for a requested bucket that does not exist, naming it (the Lambda reports it not-found instead)', async () => {
    const { status, stdout, stderr } = await audit(
      `${WORLDS}demo-account.json`,
      '--bucket',
      'no-such-bucket',
      '--bucket',
      'acme-web-assets',
    );
    assert.equal(status, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /no-such-bucket/);
  });

  it('publishes the notices with --notify into the simulated topic, one per incident opened', async () => {
    const { stdout } = await runCli([
      'audit',
      '--world',
      `${WORLDS}demo-account.json`,
      '--format',
      'table',
      '--notify',
    ]);
    // Failing objects and failed operations of one rule are one incident (3 affected), not two alerts.
    assert.match(stdout, /Notifications sent \(4\)/);
    assert.match(
      stdout,
      /Subject: \[CRITICAL\] Objects are failing to replicate \(3\): acme-payments-prod -> acme-payments-dr/,
    );
  });

  it('refuses a broken world with the path of each problem (exit 2)', async () => {
    const world = exampleWorld('healthy-multi-rule');
    (world.buckets[0] as Record<string, unknown>).versioning = 'Sometimes';
    const { status, stderr } = await runCli(['audit', '--world', worldFile(world)]);
    assert.equal(status, 2);
    assert.match(stderr, /buckets\[0\]\.versioning/);
  });
});
