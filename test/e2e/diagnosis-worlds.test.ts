import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runAudit } from '../../shared/audit/run-audit.js';
import { createInMemoryAuditStateStore } from '../../shared/audit/sampling/audit-state.js';
import { loadConfig } from '../../shared/config/config.js';
import { createInMemoryDiagnosisStore, type DiagnosisStore } from '../../shared/diagnosis/diagnosis-store.js';
import { fixedClock } from '../../shared/model/clock.js';
import type { Finding } from '../../shared/model/findings.js';
import { loadWorld } from '../../shared/sim/load-world.js';
import type { SimRequest } from '../../shared/sim/sim-http.js';
import { createSimulator } from '../../shared/sim/simulator.js';
import { createAuditDependencies } from '../../shared/wiring/audit.js';
import { createClientPool } from '../../shared/wiring/clients.js';
import { runCli } from '../helpers/cli.js';
import { WORLDS } from '../helpers/worlds.js';

const ROLE = 'arn:aws:iam::111122223333:role/service-role/s3-replication-orders';
const SOURCE_KEY = 'arn:aws:kms:us-east-1:111122223333:key/5f0e2c1a-7b3d-4e8f-9a6b-2c4d6e8f0a1b';
const REPLICA_KEY = 'arn:aws:kms:us-west-2:444455556666:key/9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const DR_ORDERS = 'arn:aws:s3:::acme-orders-dr/orders/*';
const DR_INVOICES = 'arn:aws:s3:::acme-orders-dr/invoices/*';

async function audit(name: string, store: DiagnosisStore = createInMemoryDiagnosisStore()) {
  const world = await loadWorld(`${WORLDS}${name}.json`);
  const requests: string[] = [];
  const simulator = createSimulator(world, {
    onRequest: (request: SimRequest) => requests.push(request.service),
  });
  const clients = createClientPool({ extraFor: (region) => simulator.clientConfig(region) });
  const config = loadConfig({});
  const report = await runAudit(
    { buckets: [] },
    createAuditDependencies({
      config,
      clients,
      clock: fixedClock(world.now),
      deadline: () => false,
      homeRegion: 'us-east-1',
      stateStore: createInMemoryAuditStateStore(),
      diagnosisStore: store,
    }),
  );
  return { report, requests };
}

type Shape = [
  code: string,
  action: string | undefined,
  resource: string | undefined,
  layer?: string,
  decision?: string,
  severity?: string,
];

const shapeOf = (finding: Finding): Shape => [
  finding.code,
  finding.action,
  finding.resource,
  finding.layer,
  finding.decision,
  finding.severity,
];

const diagnosisCodes = new Set([
  'ROLE_NOT_FOUND',
  'ROLE_TRUST_MISSING',
  'ROLE_PERMISSION_MISSING',
  'KMS_KEY_UNUSABLE',
  'KMS_PERMISSION_MISSING',
  'PERMISSION_NOT_VERIFIED',
]);

const missing = (
  action: string,
  resource: string,
  layer: string,
  decision: string,
  severity = 'critical',
  code = 'ROLE_PERMISSION_MISSING',
): Shape => [code, action, resource, layer, decision, severity];

/** The five gaps of a role that may write to neither prefix of acme-orders-dr, in one layer. */
const bothPrefixes = (layer: string): Shape[] => [
  missing('s3:ReplicateObject', DR_ORDERS, layer, 'implicitDeny'),
  missing('s3:ObjectOwnerOverrideToBucketOwner', DR_ORDERS, layer, 'implicitDeny'),
  // Delete markers only degrade replication: a warning (DstDelObjNotPermitted).
  missing('s3:ReplicateDelete', DR_ORDERS, layer, 'implicitDeny', 'warning'),
  missing('s3:ReplicateObject', DR_INVOICES, layer, 'implicitDeny'),
  missing('s3:ObjectOwnerOverrideToBucketOwner', DR_INVOICES, layer, 'implicitDeny'),
];

/** Every breakage world: exactly these diagnosis findings, nothing else of the kind. */
const EXPECTED: Record<string, Shape[]> = {
  'role-lost-replicate-object': [missing('s3:ReplicateObject', DR_ORDERS, 'identity-policy', 'implicitDeny')],
  'role-wrong-resource': bothPrefixes('identity-policy'),
  'role-explicit-deny': [
    missing('s3:ReplicateDelete', DR_ORDERS, 'identity-policy', 'explicitDeny', 'warning'),
  ],
  'destination-policy-deny': [
    missing('s3:ReplicateDelete', DR_ORDERS, 'bucket-policy', 'explicitDeny', 'warning'),
  ],
  'role-permissions-boundary': bothPrefixes('permissions-boundary'),
  'kms-viaservice-wrong-region': [
    missing(
      'kms:Encrypt',
      REPLICA_KEY,
      'identity-policy',
      'implicitDeny',
      'critical',
      'KMS_PERMISSION_MISSING',
    ),
    // AWS's pages disagree on kms:Decrypt with a destination Bucket Key: a warning that says so.
    missing(
      'kms:Decrypt',
      REPLICA_KEY,
      'identity-policy',
      'implicitDeny',
      'warning',
      'KMS_PERMISSION_MISSING',
    ),
  ],
  'kms-key-policy-no-delegation': [
    missing('kms:Decrypt', SOURCE_KEY, 'key-policy', 'implicitDeny', 'critical', 'KMS_PERMISSION_MISSING'),
  ],
  'role-trust-wrong-service': [
    ['ROLE_TRUST_MISSING', 'sts:AssumeRole', ROLE, 'trust-policy', 'implicitDeny', 'critical'],
  ],
  'cross-account-no-bucket-policy': [
    missing('s3:ReplicateObject', DR_ORDERS, 'bucket-policy', 'implicitDeny'),
    missing('s3:ObjectOwnerOverrideToBucketOwner', DR_ORDERS, 'bucket-policy', 'implicitDeny'),
    missing('s3:ReplicateDelete', DR_ORDERS, 'bucket-policy', 'implicitDeny', 'warning'),
  ],
  // s3:GetObjectVersion replicates no SSE-KMS object, and these rules opt in to them (RKMS).
  'role-get-object-version': [
    missing(
      's3:GetObjectVersionForReplication',
      'arn:aws:s3:::acme-orders-prod/orders/*',
      'identity-policy',
      'implicitDeny',
    ),
    missing(
      's3:GetObjectVersionForReplication',
      'arn:aws:s3:::acme-orders-prod/invoices/*',
      'identity-policy',
      'implicitDeny',
    ),
  ],
  // BucketOwnerEnforced owns replicas "without the need of" the permission: not certain, a warning.
  'owner-enforced-no-override': [
    missing('s3:ObjectOwnerOverrideToBucketOwner', DR_ORDERS, 'identity-policy', 'implicitDeny', 'warning'),
    missing('s3:ObjectOwnerOverrideToBucketOwner', DR_INVOICES, 'identity-policy', 'implicitDeny', 'warning'),
  ],
  'kms-key-pending-deletion': [['KMS_KEY_UNUSABLE', undefined, undefined, undefined, undefined, 'critical']],
  'healthy-lookalikes': [],
  'healthy-multi-rule': [],
};

/** The statement a remediation tells people to add, parsed back out of its text. */
function statementIn(remediation: string): Record<string, unknown> {
  const document = /--policy-document '([^']+)'/.exec(remediation)?.[1];
  if (document !== undefined) return JSON.parse(document).Statement[0];
  const start = remediation.lastIndexOf(': {');
  assert.ok(start > 0, `no JSON statement in: ${remediation}`);
  return JSON.parse(remediation.slice(start + 2));
}

describe('role and KMS diagnosis (example worlds)', () => {
  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`reports exactly the expected causes for ${name}`, async () => {
      const { report } = await audit(name);
      const diagnosed = report.findings.filter((finding) => diagnosisCodes.has(finding.code));
      const brief = (shape: Shape) => (shape[1] === undefined ? [shape[0], shape[5]] : shape);
      assert.deepEqual(diagnosed.map(shapeOf).map(brief), expected.map(brief));
      const actionable = report.findings.filter((finding) => finding.severity !== 'info');
      if (expected.length === 0) assert.deepEqual(actionable, []);
    });
  }

  it('reports SSE-C objects a destination blocking SSE-C refuses, naming the objects seen where there are some', async () => {
    const { report } = await audit('sse-c-blocked-destination');
    const blocked = report.findings.filter((finding) => finding.code === 'SSE_C_BLOCKED_AT_DESTINATION');
    assert.deepEqual(
      blocked.map((finding) => [finding.ruleId, finding.severity]),
      [
        ['orders-to-dr', 'warning'],
        ['invoices-tagged', 'warning'],
      ],
    );
    assert.deepEqual(blocked[0]?.evidence?.sseCKeys, [
      'orders/2026/11/22/customer-held-key-0001.bin',
      'orders/2026/11/22/customer-held-key-0002.bin',
    ]);
  });

  it('names the key and its state when a replica key is pending deletion', async () => {
    const { report } = await audit('kms-key-pending-deletion');
    const unusable = report.findings.find((finding) => finding.code === 'KMS_KEY_UNUSABLE');
    assert.equal(unusable?.kmsKeyArn, REPLICA_KEY);
    assert.equal(unusable?.keyState, 'PendingDeletion');
    assert.match(unusable?.remediation ?? '', /aws kms cancel-key-deletion --key-id arn:aws:kms:us-west-2:/);
  });

  it('gives the identity-policy fix as a statement scoped to the missing resource', async () => {
    const { report } = await audit('role-lost-replicate-object');
    const missing = report.findings.find((finding) => finding.code === 'ROLE_PERMISSION_MISSING');
    assert.equal(
      missing?.principal,
      'arn:aws:iam::111122223333:role/service-role/s3-replication-acme-orders-prod',
    );
    assert.deepEqual(statementIn(missing?.remediation ?? ''), {
      Effect: 'Allow',
      Action: 's3:ReplicateObject',
      Resource: DR_ORDERS,
    });
  });

  it('gives the bucket-policy fix with the role as principal and every missing action', async () => {
    const { report } = await audit('cross-account-no-bucket-policy');
    const missing = report.findings.find((finding) => finding.code === 'ROLE_PERMISSION_MISSING');
    assert.match(missing?.remediation ?? '', /bucket policy of acme-orders-dr \(account 444455556666\)/);
    assert.deepEqual(statementIn(missing?.remediation ?? ''), {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:role/service-role/s3-replication-acme-orders-prod' },
      Action: ['s3:ReplicateObject', 's3:ObjectOwnerOverrideToBucketOwner', 's3:ReplicateDelete'],
      Resource: DR_ORDERS,
    });
  });

  it('gives the KMS fix with kms:ViaService for the Region the key serves', async () => {
    const { report } = await audit('kms-viaservice-wrong-region');
    const missing = report.findings.find((finding) => finding.code === 'KMS_PERMISSION_MISSING');
    assert.equal(missing?.kmsKeyArn, REPLICA_KEY);
    assert.deepEqual(statementIn(missing?.remediation ?? ''), {
      Effect: 'Allow',
      Action: ['kms:Encrypt', 'kms:Decrypt'],
      Resource: REPLICA_KEY,
      Condition: { StringEquals: { 'kms:ViaService': 's3.us-west-2.amazonaws.com' } },
    });
  });

  it('gives a key-policy fix with Resource "*" when the key policy does not delegate to IAM', async () => {
    const { report } = await audit('kms-key-policy-no-delegation');
    const missing = report.findings.find((finding) => finding.code === 'KMS_PERMISSION_MISSING');
    const statement = statementIn(missing?.remediation ?? '');
    assert.deepEqual(statement.Principal, { AWS: ROLE });
    assert.equal(statement.Resource, '*');
  });

  it('gives a trust statement with the source account and bucket conditions', async () => {
    const { report } = await audit('role-trust-wrong-service');
    const trust = report.findings.find((finding) => finding.code === 'ROLE_TRUST_MISSING');
    assert.deepEqual(statementIn(trust?.remediation ?? ''), {
      Effect: 'Allow',
      Principal: { Service: 's3.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: {
        StringEquals: { 'aws:SourceAccount': '111122223333' },
        ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::acme-orders-prod' },
      },
    });
  });

  it("says in the coverage that another account's key policy was not checked", async () => {
    const { report } = await audit('healthy-multi-rule');
    const orders = report.buckets.find((bucket) => bucket.bucket === 'acme-orders-prod');
    assert.ok(
      orders?.checksSkipped.some((note) => note.includes(`key policy of ${REPLICA_KEY} not checked`)),
    );
  });

  it('pages once for every permission one change fixes: role-wrong-resource is one notice with one combined statement', async () => {
    const run = await runCli([
      'audit',
      '--world',
      `${WORLDS}role-wrong-resource.json`,
      '--notify',
      '--format',
      'table',
    ]);
    const subjects = run.stdout.split('\n').filter((line) => line.startsWith('--- Subject:'));
    assert.deepEqual(subjects, [
      '--- Subject: [CRITICAL] Replication is not allowed: acme-orders-prod -> acme-orders-dr',
    ]);
    const fixes = run.stdout.split('\n').filter((line) => line.includes('Fix'));
    assert.equal(fixes.length, 1);
    const document = JSON.parse(/--policy-document '([^']+)'/.exec(fixes[0] ?? '')?.[1] ?? '{}');
    assert.deepEqual(document.Statement, [
      {
        Effect: 'Allow',
        Action: ['s3:ReplicateObject', 's3:ObjectOwnerOverrideToBucketOwner', 's3:ReplicateDelete'],
        Resource: DR_ORDERS,
      },
      {
        Effect: 'Allow',
        Action: ['s3:ReplicateObject', 's3:ObjectOwnerOverrideToBucketOwner'],
        Resource: DR_INVOICES,
      },
    ]);
  });

  it('pages once for a bucket policy missing several grants, beside the failing objects', async () => {
    const run = await runCli([
      'audit',
      '--world',
      `${WORLDS}cross-account-no-bucket-policy.json`,
      '--notify',
      '--format',
      'table',
    ]);
    const subjects = run.stdout.split('\n').filter((line) => line.startsWith('--- Subject:'));
    assert.deepEqual(subjects.sort(), [
      '--- Subject: [CRITICAL] Objects are failing to replicate (3): acme-orders-prod -> acme-orders-dr',
      '--- Subject: [CRITICAL] Replication is not allowed: acme-orders-prod -> acme-orders-dr',
    ]);
  });

  it('reuses IAM answers from the cache on the next audit', async () => {
    const store = createInMemoryDiagnosisStore();
    const first = await audit('role-wrong-resource', store);
    const second = await audit('role-wrong-resource', store);
    assert.ok(first.requests.filter((service) => service === 'iam').length > 0);
    assert.equal(second.requests.filter((service) => service === 'iam').length, 0);
    assert.deepEqual(second.report.findings.map(shapeOf), first.report.findings.map(shapeOf));
  });
});
