import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { selectAccounts } from '../../shared/audit/accounts/member-accounts.js';
import { createAssumedRoleCredentials } from '../../shared/aws/assumed-role-credentials.js';
import { createOrganizationAccounts } from '../../shared/aws/organization-accounts.js';
import { parseWorld } from '../../shared/sim/load-world.js';
import type { SimRequest } from '../../shared/sim/sim-http.js';
import { createSimulator } from '../../shared/sim/simulator.js';

const MANAGEMENT = '999988887777';
const MONITOR = '111122223333';
const VAULT = '444455556666';
const REFUSING = '777788889999';
const ROOT = 'r-ab12';
const WORKLOADS_OU = 'ou-ab12-11111111';
const NESTED_OU = 'ou-ab12-33333333';
const VAULT_OU = 'ou-ab12-22222222';

/** Five accounts: two under a nested OU, one per other OU, one under the root. */
function organizationWorld(requests: SimRequest[] = []) {
  const path = (...units: string[]) => `o-a1b2c3d4e5/${ROOT}/${units.map((unit) => `${unit}/`).join('')}`;
  return createSimulator(
    parseWorld(
      JSON.stringify({
        now: '2026-11-22T12:00:00Z',
        monitor: { account: MANAGEMENT, region: 'us-east-1' },
        organization: {
          id: 'o-a1b2c3d4e5',
          managementAccount: MANAGEMENT,
          accounts: [
            { id: MANAGEMENT, name: 'management', ouPath: path() },
            { id: MONITOR, name: 'workloads-prod', ouPath: path(WORKLOADS_OU, NESTED_OU) },
            { id: '222233334444', name: 'workloads-dev', ouPath: path(WORKLOADS_OU, NESTED_OU) },
            { id: VAULT, name: 'backup-vault', ouPath: path(VAULT_OU) },
            { id: REFUSING, name: 'legacy', ouPath: path(WORKLOADS_OU) },
          ],
        },
        accounts: [{ id: VAULT }, { id: REFUSING, access: 'none' }],
        buckets: [
          { name: 'workloads-data', region: 'us-east-1', account: MONITOR, versioning: 'Enabled' },
          { name: 'vault-replica', region: 'us-east-1', account: VAULT, versioning: 'Enabled' },
        ],
      }),
      'organization.json',
    ),
    { onRequest: (request) => requests.push(request) },
  );
}

describe('createOrganizationAccounts (simulated Organizations)', () => {
  const accountsOf = (account?: string) => {
    const simulator = organizationWorld();
    return createOrganizationAccounts(
      new OrganizationsClient(simulator.clientConfig('us-east-1', account === undefined ? {} : { account })),
    );
  };

  it('lists every active account through every page of ListAccounts', async () => {
    const listed = await accountsOf().list([]);
    assert.ok(listed.ok);
    assert.deepEqual(listed.value.map((account) => account.id).sort(), [
      '111122223333',
      '222233334444',
      '444455556666',
      '777788889999',
      '999988887777',
    ]);
  });

  it('lists the accounts under an OU, nested OUs included, and under the root everything', async () => {
    const workloads = await accountsOf().list([WORKLOADS_OU]);
    assert.ok(workloads.ok);
    assert.deepEqual(workloads.value.map((account) => account.name).sort(), [
      'legacy',
      'workloads-dev',
      'workloads-prod',
    ]);
    const everything = await accountsOf().list([ROOT]);
    assert.ok(everything.ok);
    assert.equal(everything.value.length, 5);
  });

  it('reports a member account’s refused listing as access-denied, naming the action', async () => {
    const refused = await accountsOf(MONITOR).list([]);
    assert.equal(refused.ok, false);
    assert.ok(!refused.ok);
    assert.equal(refused.problem.kind, 'access-denied');
    assert.equal(refused.problem.action, 'organizations:ListAccounts');
  });
});

describe('selectAccounts', () => {
  const listed = [
    { id: '444455556666', name: 'backup-vault' },
    { id: '111122223333', name: 'workloads-prod' },
    { id: '222233334444', name: 'workloads-dev' },
    { id: '111122223333', name: 'workloads-prod' },
  ];
  it('keeps what an include pattern matches (by id or name) and no exclude pattern does, once each, in id order', () => {
    assert.deepEqual(
      selectAccounts(listed, { include: ['workloads-*', '4444*'], exclude: ['*-dev'] }).map((a) => a.id),
      ['111122223333', '444455556666'],
    );
    assert.equal(selectAccounts(listed, { include: [], exclude: [] }).length, 3, 'no include: every account');
    assert.deepEqual(selectAccounts(listed, { include: [], exclude: ['*'] }), []);
  });
});

describe('createAssumedRoleCredentials (simulated STS)', () => {
  const roleName = 'monitor/s3-replication-monitor-read';

  it('reaches a member account once, and its clients are answered as that account', async () => {
    const requests: SimRequest[] = [];
    const simulator = organizationWorld(requests);
    const access = createAssumedRoleCredentials(new STSClient(simulator.clientConfig('us-east-1')), {
      roleName,
      sessionName: 's3-replication-monitor',
    });
    assert.deepEqual(await access.reach(VAULT), { ok: true, value: undefined });
    const { requestHandler } = simulator.clientConfig('us-east-1');
    const s3 = new S3Client({ region: 'us-east-1', requestHandler, credentials: access.provider(VAULT) });
    const listed = await s3.send(new ListBucketsCommand({}));
    assert.deepEqual(
      listed.Buckets?.map((bucket) => bucket.Name),
      ['vault-replica'],
    );
    await Promise.all([1, 2, 3].map(() => access.provider(VAULT)()));
    const assumptions = requests.filter((request) => request.body.includes('Action=AssumeRole'));
    assert.equal(assumptions.length, 1, 'one AssumeRole for every client and call of the account');
    assert.match(assumptions[0]?.body ?? '', /RoleSessionName=s3-replication-monitor/);
  });

  it('assumes the role again five minutes before the credentials end', async () => {
    const requests: SimRequest[] = [];
    const simulator = organizationWorld(requests);
    let clock = Date.now();
    const access = createAssumedRoleCredentials(new STSClient(simulator.clientConfig('us-east-1')), {
      roleName,
      sessionName: 's3-replication-monitor',
      now: () => clock,
    });
    await access.provider(VAULT)();
    clock += 54 * 60_000;
    await access.provider(VAULT)();
    clock += 2 * 60_000;
    await access.provider(VAULT)();
    assert.equal(requests.filter((request) => request.body.includes('Action=AssumeRole')).length, 2);
  });

  it('reports a refused assumption as access-denied on sts:AssumeRole, naming the role', async () => {
    const simulator = organizationWorld();
    const access = createAssumedRoleCredentials(new STSClient(simulator.clientConfig('us-east-1')), {
      roleName,
      sessionName: 's3-replication-monitor',
      externalId: 'acme-monitor',
    });
    const refused = await access.reach(REFUSING);
    assert.ok(!refused.ok);
    assert.equal(refused.problem.kind, 'access-denied');
    assert.equal(refused.problem.action, 'sts:AssumeRole');
    assert.equal(refused.problem.resource, `arn:aws:iam::${REFUSING}:role/${roleName}`);
  });
});
