import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { principalContextOf, resourceContextOf } from '../../shared/diagnosis/request-context.js';

const ROLE = 'arn:aws:iam::111122223333:role/service-role/replication';
const ORGANIZATION = { id: 'o-a1b2c3d4e5', memberAccounts: ['111122223333'] };

describe('principalContextOf', () => {
  it('gives the role session keys IAM documents, and aws:userid by the role id only', () => {
    const principal = principalContextOf({ roleArn: ROLE, roleId: 'AROAEXAMPLEROLE12345' });

    assert.deepEqual(principal.context, {
      'aws:PrincipalArn': ROLE,
      'aws:PrincipalAccount': '111122223333',
      'aws:PrincipalType': 'AssumedRole',
      'aws:PrincipalIsAWSService': false,
      'aws:SecureTransport': true,
    });
    assert.deepEqual(principal.knownPrefixes, { 'aws:userid': 'AROAEXAMPLEROLE12345:' });
    assert.deepEqual(principal.absentKeys, []);
  });

  it('gives the organization keys when the organization was read', () => {
    const principal = principalContextOf({
      roleArn: ROLE,
      organization: { ...ORGANIZATION, principalOrgPath: 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/' },
    });

    assert.equal(principal.context['aws:PrincipalOrgID'], 'o-a1b2c3d4e5');
    assert.deepEqual(principal.context['aws:PrincipalOrgPaths'], ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/']);
  });

  it('makes the organization keys absent for an account in no organization, and unknown when unread', () => {
    assert.ok(
      principalContextOf({ roleArn: ROLE, organization: 'none' }).absentKeys.includes('aws:PrincipalOrgID'),
    );
    const unread = principalContextOf({ roleArn: ROLE });
    assert.equal(unread.context['aws:PrincipalOrgID'], undefined);
    assert.deepEqual(unread.absentKeys, []);
  });
});

describe('resourceContextOf', () => {
  it('names the resource account, and its organization when it is a known member', () => {
    assert.deepEqual(resourceContextOf('111122223333', ORGANIZATION), {
      'aws:ResourceAccount': '111122223333',
      'aws:ResourceOrgID': 'o-a1b2c3d4e5',
    });
    assert.deepEqual(resourceContextOf('444455556666', ORGANIZATION), {
      'aws:ResourceAccount': '444455556666',
    });
    assert.deepEqual(resourceContextOf(undefined, ORGANIZATION), {});
  });
});
