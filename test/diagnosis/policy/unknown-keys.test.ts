import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateResourceAccess } from '../../../shared/diagnosis/policy/access.js';
import { evaluatePolicy } from '../../../shared/diagnosis/policy/evaluate.js';
import { prefixMatch } from '../../../shared/diagnosis/policy/prefix-match.js';
import type { AccessRequest } from '../../../shared/diagnosis/policy/types.js';

const ROLE = 'arn:aws:iam::111122223333:role/service-role/s3-replication-orders';
const OBJECTS = 'arn:aws:s3:::acme-orders-dr/orders/*';

/** A replication request as the diagnosis builds it: keys it does not list are unknown. */
const request = (extra: Partial<AccessRequest> = {}): AccessRequest => ({
  principal: { kind: 'AWS', arn: ROLE },
  action: 's3:ReplicateObject',
  resource: OBJECTS,
  context: {
    'aws:PrincipalArn': ROLE,
    'aws:PrincipalAccount': '111122223333',
    'aws:SecureTransport': true,
  },
  missingKeys: 'unknown',
  knownPrefixes: { 'aws:userid': 'AROAEXAMPLEROLEID123:' },
  ...extra,
});

const policy = (...statements: object[]) => ({ Version: '2012-10-17', Statement: statements });
const allowRole = {
  Sid: 'Replication',
  Effect: 'Allow',
  Principal: { AWS: ROLE },
  Action: 's3:ReplicateObject',
  Resource: 'arn:aws:s3:::acme-orders-dr/*',
};
/** A Deny of every S3 action on the DR bucket's objects under one condition: the usual guard rail. */
const denyAll = (sid: string, condition: object, action: string | string[] = 's3:*') => ({
  Sid: sid,
  Effect: 'Deny',
  Principal: '*',
  Action: action,
  Resource: 'arn:aws:s3:::acme-orders-dr/*',
  Condition: condition,
});
const access = (document: unknown, extra: Partial<AccessRequest> = {}) =>
  evaluateResourceAccess({
    request: request(extra),
    resourcePolicy: document,
    resourceAccount: '444455556666',
    resourceKind: 's3',
    identityAllows: true,
  });

describe('evaluatePolicy with unknown keys', () => {
  it('sets a statement on an unknown key aside as undecided, naming the key', () => {
    const deny = denyAll('OnlyFromOffice', { NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } });

    const result = evaluatePolicy(policy(deny), request(), { kind: 'resource', policyName: 'bucket policy' });

    assert.deepEqual(result.denies, []);
    assert.deepEqual(
      result.undecided.map((match) => [match.sid, match.unknownKeys]),
      [['OnlyFromOffice', ['aws:SourceIp']]],
    );
  });

  it('decides a statement whose known clause is false, whatever the unknown one says', () => {
    const allow = {
      ...allowRole,
      Condition: {
        StringEquals: { 'aws:PrincipalAccount': '999988887777' },
        IpAddress: { 'aws:SourceIp': '192.0.2.0/24' },
      },
    };

    const result = evaluatePolicy(policy(allow), request(), {
      kind: 'resource',
      policyName: 'bucket policy',
    });

    assert.deepEqual([result.allows, result.undecided], [[], []]);
  });

  it('reads a missing key as absent unless the request says it is unknown', () => {
    const deny = {
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: '*',
      Condition: { Null: { 'aws:SourceVpce': 'true' } },
    };

    const absent = evaluatePolicy(policy(deny), request({ missingKeys: 'absent' }), {
      kind: 'resource',
      policyName: 'bucket policy',
    });
    const unknown = evaluatePolicy(policy(deny), request(), {
      kind: 'resource',
      policyName: 'bucket policy',
    });
    const declared = evaluatePolicy(policy(deny), request({ absentKeys: ['aws:sourcevpce'] }), {
      kind: 'resource',
      policyName: 'bucket policy',
    });

    assert.equal(absent.denies.length, 1);
    assert.equal(unknown.undecided.length, 1);
    assert.equal(declared.denies.length, 1);
  });

  it('decides aws:userid conditions from the role id when the session name does not matter', () => {
    const denyOthers = (pattern: string, operator = 'StringNotLike') =>
      denyAll('OnlyTheReplicationRole', { [operator]: { 'aws:userid': pattern } });
    const evaluate = (statement: object) =>
      evaluatePolicy(policy(statement), request(), { kind: 'resource', policyName: 'bucket policy' });

    assert.equal(evaluate(denyOthers('AROAEXAMPLEROLEID123:*')).denies.length, 0);
    assert.equal(evaluate(denyOthers('AROAEXAMPLEROLEID123:*')).undecided.length, 0);
    assert.equal(evaluate(denyOthers('AROAANOTHERROLEID999:*')).denies.length, 1);
    assert.equal(
      evaluate(denyOthers('AROAEXAMPLEROLEID123:one-session', 'StringNotEquals')).undecided.length,
      1,
    );
  });
});

describe('evaluateResourceAccess with unknown keys', () => {
  it('stays decided when the undecided statement cannot change the outcome', () => {
    const allowOnVpce = {
      ...allowRole,
      Sid: 'AlsoFromTheVpc',
      Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
    };

    const result = access(policy(allowRole, allowOnVpce));

    assert.equal(result.decision, 'allowed');
    assert.equal(result.undecided, undefined);
  });

  it('reports the keys an undecided Deny rests on, and both possible decisions', () => {
    const deny = denyAll('OnlyFromOffice', { NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } });

    const result = access(policy(allowRole, deny));

    assert.equal(result.decision, 'explicitDeny');
    assert.deepEqual(result.undecided, { unknownKeys: ['aws:SourceIp'], otherwise: 'allowed' });
    assert.match(result.reason, /OnlyFromOffice.*aws:SourceIp.*cannot be evaluated/);
  });

  it('allows the healthy guard rails that name the replication role or its accounts', () => {
    const guardRails = [
      { NotPrincipalArn: { ArnNotLike: { 'aws:PrincipalArn': ROLE } } },
      { IfExists: { ArnNotLikeIfExists: { 'aws:PrincipalArn': ROLE } } },
      { Accounts: { StringNotEquals: { 'aws:PrincipalAccount': ['111122223333', '444455556666'] } } },
      { Tls: { Bool: { 'aws:SecureTransport': 'false' } } },
    ];
    for (const guardRail of guardRails) {
      const [[name, condition]] = Object.entries(guardRail) as [[string, object]];
      const deny = denyAll(name, condition);
      const result = access(policy(allowRole, deny));
      assert.equal(result.decision, 'allowed', name);
      assert.equal(result.undecided, undefined, name);
    }
  });
});

describe('prefixMatch', () => {
  const options = { wildcards: true, ignoreCase: false, variables: undefined };

  it('knows every value with the prefix matches a pattern that continues with *', () => {
    assert.equal(prefixMatch('AROA1:', 'AROA1:*', options), 'all');
    assert.equal(prefixMatch('AROA1:', 'AROA*', options), 'all');
    assert.equal(prefixMatch('AROA1:', '*', options), 'all');
  });

  it('knows no value with the prefix matches a contradicting or shorter literal', () => {
    assert.equal(prefixMatch('AROA1:', 'AROA2:*', options), 'none');
    assert.equal(prefixMatch('AROA1:', 'AROA1', options), 'none');
  });

  it('cannot tell for a pattern that depends on the rest of the value', () => {
    assert.equal(prefixMatch('AROA1:', 'AROA1:s3-*', options), 'some');
    assert.equal(prefixMatch('AROA1:', 'AROA1:session', options), 'some');
    assert.equal(prefixMatch('AROA1:', '*:session', options), 'some');
  });
});
