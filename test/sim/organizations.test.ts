import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DescribeOrganizationCommand,
  ListParentsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { createOrganizationReader } from '../../shared/aws/organizations-reader.js';
import { observed } from '../../shared/model/observed.js';
import { parseWorld } from '../../shared/sim/load-world.js';
import { createSimulator } from '../../shared/sim/simulator.js';
import { fixtureWorldJson } from '../helpers/sim-fixture.js';

const ORGANIZATION = {
  id: 'o-a1b2c3d4e5',
  managementAccount: '999988887777',
  accounts: [
    {
      id: '111122223333',
      name: 'workloads',
      ouPath: 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-33333333/',
    },
    { id: '444455556666', name: 'vault', ouPath: 'o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/' },
  ],
};

function organizations(world: Record<string, unknown>, account?: string) {
  const simulator = createSimulator(parseWorld(JSON.stringify(world), 'organization.json'));
  return new OrganizationsClient(
    simulator.clientConfig('us-east-1', account === undefined ? {} : { account }),
  );
}

describe('simulated AWS Organizations', () => {
  it('describes the organization to a member account and refuses it ListParents, as AWS does', async () => {
    const client = organizations({ ...fixtureWorldJson(), organization: ORGANIZATION });

    const output = await client.send(new DescribeOrganizationCommand({}));

    assert.equal(output.Organization?.Id, 'o-a1b2c3d4e5');
    assert.equal(output.Organization?.MasterAccountId, '999988887777');
    await assert.rejects(client.send(new ListParentsCommand({ ChildId: '111122223333' })), {
      name: 'AccessDeniedException',
    });
  });

  it('answers ListParents to the management account up to the root', async () => {
    const client = organizations({ ...fixtureWorldJson(), organization: ORGANIZATION }, '999988887777');

    const first = await client.send(new ListParentsCommand({ ChildId: '111122223333' }));
    const second = await client.send(new ListParentsCommand({ ChildId: 'ou-ab12-33333333' }));
    const third = await client.send(new ListParentsCommand({ ChildId: 'ou-ab12-11111111' }));

    assert.deepEqual(first.Parents, [{ Id: 'ou-ab12-33333333', Type: 'ORGANIZATIONAL_UNIT' }]);
    assert.deepEqual(second.Parents, [{ Id: 'ou-ab12-11111111', Type: 'ORGANIZATIONAL_UNIT' }]);
    assert.deepEqual(third.Parents, [{ Id: 'r-ab12', Type: 'ROOT' }]);
  });

  it('answers AWSOrganizationsNotInUseException to an account in no organization', async () => {
    await assert.rejects(organizations(fixtureWorldJson()).send(new DescribeOrganizationCommand({})), {
      name: 'AWSOrganizationsNotInUseException',
    });
  });
});

describe('createOrganizationReader', () => {
  it('reads the organization of the monitor account, with its OU path from the management account', async () => {
    const world = { ...fixtureWorldJson(), organization: ORGANIZATION };
    const member = createOrganizationReader(organizations(world), async () => observed('111122223333'));
    const management = createOrganizationReader(organizations(world, '999988887777'), async () =>
      observed('999988887777'),
    );

    assert.deepEqual(await member('111122223333'), {
      ok: true,
      value: { id: 'o-a1b2c3d4e5', memberAccounts: ['111122223333'] },
    });
    const read = await management('999988887777');
    assert.ok(read.ok && read.value !== 'none');
  });

  it('walks the OU path up to the root where ListParents is answered', async () => {
    const world = {
      ...fixtureWorldJson(),
      monitor: { account: '999988887777', region: 'us-east-1' },
      organization: {
        ...ORGANIZATION,
        accounts: [...ORGANIZATION.accounts, { id: '999988887777', ouPath: 'o-a1b2c3d4e5/r-ab12/' }],
      },
    };
    const reader = createOrganizationReader(organizations(world), async () => observed('999988887777'));

    const read = await reader('999988887777');

    assert.deepEqual(read, {
      ok: true,
      value: {
        id: 'o-a1b2c3d4e5',
        memberAccounts: ['999988887777'],
        principalOrgPath: 'o-a1b2c3d4e5/r-ab12/',
      },
    });
  });

  it('answers none for an account in no organization, and a problem when refused or for another account', async () => {
    const none = createOrganizationReader(organizations(fixtureWorldJson()), async () =>
      observed('111122223333'),
    );
    assert.deepEqual(await none('111122223333'), { ok: true, value: 'none' });

    const refusedWorld = {
      ...fixtureWorldJson(),
      organization: ORGANIZATION,
      denied: [{ action: 'organizations:DescribeOrganization', resource: '*' }],
    };
    const refused = createOrganizationReader(organizations(refusedWorld), async () =>
      observed('111122223333'),
    );
    const read = await refused('111122223333');
    assert.ok(!read.ok);
    assert.equal(read.problem.kind, 'access-denied');

    const other = await none('444455556666');
    assert.ok(!other.ok);
    assert.match(other.problem.detail, /not the monitor's/);
  });
});
