import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbDiagnosisStore } from '../../shared/aws/dynamodb-diagnosis-store.js';
import type { BucketDiagnosis, IdentitySnapshot } from '../../shared/diagnosis/diagnosis-store.js';
import { fixedClock } from '../../shared/model/clock.js';
import type { Finding } from '../../shared/model/findings.js';
import { type DynaliteTable, startDynaliteTable } from '../helpers/dynalite.js';

const NOW = '2026-11-22T12:00:00.000Z';
const ROLE_ARN = 'arn:aws:iam::111122223333:role/service-role/replication';

function snapshot(overrides: Partial<IdentitySnapshot> = {}): IdentitySnapshot {
  return {
    role: {
      arn: ROLE_ARN,
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      },
      permissionsBoundaryArn: 'arn:aws:iam::111122223333:policy/replication-boundary',
    },
    results: [
      {
        action: 's3:ReplicateObject',
        resource: 'arn:aws:s3:::dst/logs/*',
        decision: 'implicitDeny',
        allowedByBoundary: false,
        matchedPolicies: [{ id: 'replication-inline', type: 'role' }],
      },
    ],
    computedAt: NOW,
    ...overrides,
  };
}

function permissionFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    code: 'ROLE_PERMISSION_MISSING',
    severity: 'critical',
    sourceBucket: 'src',
    ruleId: 'to-dr',
    destinationBucket: 'dst',
    action: 's3:ReplicateObject',
    resource: 'arn:aws:s3:::dst/logs/*',
    principal: ROLE_ARN,
    layer: 'identity-policy',
    decision: 'implicitDeny',
    message: 'The replication role may not s3:ReplicateObject on arn:aws:s3:::dst/logs/*.',
    remediation: 'Add this statement to a policy of role replication: {"Effect":"Allow"}',
    evidence: { context: {}, rules: ['to-dr'] },
    ...overrides,
  };
}

describe('createDynamoDbDiagnosisStore (against dynalite)', () => {
  let table: DynaliteTable;
  before(async () => {
    table = await startDynaliteTable();
  });
  after(() => table.close());

  const storeFor = (ttlSeconds?: number) =>
    createDynamoDbDiagnosisStore(table.client, {
      tableName: table.tableName,
      clock: fixedClock(NOW),
      ...(ttlSeconds === undefined ? {} : { ttlSeconds }),
    });
  const rawItem = async (pk: string, sk: string) =>
    (await table.client.send(new GetCommand({ TableName: table.tableName, Key: { pk, sk } }))).Item;

  it('rejects an empty table name', () => {
    assert.throws(() => createDynamoDbDiagnosisStore(table.client, { tableName: '' }), {
      name: 'TypeError',
      message: /tableName/,
    });
  });

  it('returns undefined for an identity or a diagnosis never saved', async () => {
    const store = storeFor();

    assert.equal(await store.loadIdentity(ROLE_ARN, 'never-saved'), undefined);
    assert.equal(await store.loadDiagnosis('never-saved'), undefined);
  });

  it('round-trips an identity snapshot per role and digest', async () => {
    const saved = snapshot();

    await storeFor().saveIdentity(ROLE_ARN, 'digest-a', saved);

    assert.deepEqual(await storeFor().loadIdentity(ROLE_ARN, 'digest-a'), saved);
  });

  it('keeps snapshots of other digests and other roles apart', async () => {
    const store = storeFor();
    const otherRole = 'arn:aws:iam::111122223333:role/other-replication';
    const first = snapshot();
    const second = snapshot({ results: [], computedAt: '2026-11-22T12:05:00.000Z' });
    const missingRole = snapshot({ role: null, results: [] });

    await store.saveIdentity(ROLE_ARN, 'digest-1', first);
    await store.saveIdentity(ROLE_ARN, 'digest-2', second);
    await store.saveIdentity(otherRole, 'digest-1', missingRole);

    assert.deepEqual(await store.loadIdentity(ROLE_ARN, 'digest-1'), first);
    assert.deepEqual(await store.loadIdentity(ROLE_ARN, 'digest-2'), second);
    assert.deepEqual(await store.loadIdentity(otherRole, 'digest-1'), missingRole);
    assert.equal(await store.loadIdentity(otherRole, 'digest-2'), undefined);
  });

  it('stores an identity snapshot under the role and digest keys with a TTL of 7 days by default', async () => {
    await storeFor().saveIdentity(ROLE_ARN, 'digest-ttl', snapshot());

    const item = await rawItem(`role#${ROLE_ARN}`, 'identity#digest-ttl');
    assert.equal(typeof item?.data, 'string');
    assert.equal(item?.expiresAt, Date.parse(NOW) / 1000 + 7 * 86_400);
  });

  it('round-trips a bucket diagnosis and replaces it on the next save', async () => {
    const store = storeFor();
    const first: BucketDiagnosis = { computedAt: NOW, findings: [permissionFinding()] };
    const second: BucketDiagnosis = { computedAt: '2026-11-22T12:05:00.000Z', findings: [] };

    await store.saveDiagnosis('round-trip', first);
    const loadedFirst = await storeFor().loadDiagnosis('round-trip');
    await store.saveDiagnosis('round-trip', second);

    assert.deepEqual(loadedFirst, first);
    assert.deepEqual(await storeFor().loadDiagnosis('round-trip'), second);
  });

  it('stores a bucket diagnosis under the bucket key with the configured TTL', async () => {
    await storeFor(3_600).saveDiagnosis('ttl', { computedAt: NOW, findings: [] });

    const item = await rawItem('bucket#ttl', 'diagnosis');
    assert.equal(item?.expiresAt, Date.parse(NOW) / 1000 + 3_600);
  });

  it('stores an oversized diagnosis truncated to its first findings, and loads it', async () => {
    const findings = Array.from({ length: 3_000 }, (_, index) =>
      permissionFinding({ key: `object-${index}`, message: `${index} `.padEnd(300, 'x') }),
    );

    await storeFor().saveDiagnosis('oversized', { computedAt: NOW, findings });

    const loaded = (await storeFor().loadDiagnosis('oversized')) as BucketDiagnosis & { truncated?: boolean };
    assert.ok(loaded.findings.length > 0);
    assert.ok(loaded.findings.length < findings.length);
    assert.deepEqual(loaded.findings, findings.slice(0, loaded.findings.length));
    assert.equal(loaded.truncated, true);
    assert.equal(loaded.computedAt, NOW);
    const item = await rawItem('bucket#oversized', 'diagnosis');
    assert.ok(Buffer.byteLength(String(item?.data)) <= 350_000);
  });

  it('does not mark a diagnosis that fits as truncated', async () => {
    await storeFor().saveDiagnosis('fits', { computedAt: NOW, findings: [permissionFinding()] });

    const loaded = (await storeFor().loadDiagnosis('fits')) as BucketDiagnosis & { truncated?: boolean };
    assert.equal(loaded.truncated, undefined);
  });
});
