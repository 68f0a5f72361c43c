import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkTrust, type TrustInput } from '../../shared/diagnosis/trust-check.js';

const ROLE_ARN = 'arn:aws:iam::111122223333:role/service-role/replication';

type Statement = Record<string, unknown>;

function trustPolicy(...statements: Statement[]) {
  return { Version: '2012-10-17', Statement: statements };
}

function allowService(service: string, extra: Statement = {}): Statement {
  return { Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole', ...extra };
}

function input(overrides: Partial<TrustInput> = {}): TrustInput {
  return {
    roleArn: ROLE_ARN,
    trustPolicy: trustPolicy(allowService('s3.amazonaws.com')),
    sourceBucket: 'src',
    sourceAccount: '111122223333',
    ...overrides,
  };
}

/** The statement a remediation ends with: the JSON after its last ': {'. */
function statementIn(remediation: string): unknown {
  return JSON.parse(remediation.slice(remediation.lastIndexOf(': {') + 2));
}

const RECOMMENDED_STATEMENT = {
  Effect: 'Allow',
  Principal: { Service: 's3.amazonaws.com' },
  Action: 'sts:AssumeRole',
  Condition: {
    StringEquals: { 'aws:SourceAccount': '111122223333' },
    ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::src' },
  },
};

describe('checkTrust', () => {
  it('returns undefined when the trust policy lets s3.amazonaws.com assume the role', () => {
    assert.equal(checkTrust(input()), undefined);
  });

  it('reports ROLE_TRUST_MISSING as an implicit deny when another service is trusted', () => {
    const finding = checkTrust(
      input({ trustPolicy: trustPolicy(allowService('batchoperations.s3.amazonaws.com')) }),
    );

    assert.equal(finding?.code, 'ROLE_TRUST_MISSING');
    assert.equal(finding?.severity, 'critical');
    assert.equal(finding?.sourceBucket, 'src');
    assert.equal(finding?.principal, ROLE_ARN);
    assert.equal(finding?.action, 'sts:AssumeRole');
    assert.equal(finding?.resource, ROLE_ARN);
    assert.equal(finding?.layer, 'trust-policy');
    assert.equal(finding?.decision, 'implicitDeny');
    assert.match(finding?.remediation ?? '', /update-assume-role-policy --role-name replication /);
  });

  it('recommends a statement restricted by aws:SourceAccount and aws:SourceArn', () => {
    const finding = checkTrust(input({ trustPolicy: trustPolicy(allowService('ec2.amazonaws.com')) }));

    assert.deepEqual(statementIn(finding?.remediation ?? ''), RECOMMENDED_STATEMENT);
  });

  it('returns undefined when the trust conditions match the source account and bucket', () => {
    const conditioned = allowService('s3.amazonaws.com', {
      Condition: {
        StringEquals: { 'aws:SourceAccount': '111122223333' },
        ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::src*' },
      },
    });

    assert.equal(checkTrust(input({ trustPolicy: trustPolicy(conditioned) })), undefined);
    assert.equal(checkTrust(input({ trustPolicy: trustPolicy(RECOMMENDED_STATEMENT) })), undefined);
  });

  it('reports the trust as missing when its condition names another account', () => {
    const otherAccount = allowService('s3.amazonaws.com', {
      Condition: { StringEquals: { 'aws:SourceAccount': '444455556666' } },
    });

    const finding = checkTrust(input({ trustPolicy: trustPolicy(otherAccount) }));

    assert.equal(finding?.code, 'ROLE_TRUST_MISSING');
    assert.equal(finding?.decision, 'implicitDeny');
  });

  it('reports the trust as missing when its condition names another bucket', () => {
    const otherBucket = allowService('s3.amazonaws.com', {
      Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::other-bucket' } },
    });

    assert.equal(checkTrust(input({ trustPolicy: trustPolicy(otherBucket) }))?.decision, 'implicitDeny');
  });

  it('reports an explicit deny, with the Deny statement as evidence, even beside an allow', () => {
    const deny = { Sid: 'NoS3', Effect: 'Deny', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:*' };

    const finding = checkTrust(input({ trustPolicy: trustPolicy(allowService('s3.amazonaws.com'), deny) }));

    assert.equal(finding?.code, 'ROLE_TRUST_MISSING');
    assert.equal(finding?.decision, 'explicitDeny');
    assert.match(finding?.message ?? '', /a Deny statement matches/);
    const matched = finding?.evidence?.matchedStatements as { sid?: string; effect: string }[];
    assert.equal(matched.length, 1);
    assert.equal(matched[0]?.sid, 'NoS3');
    assert.equal(matched[0]?.effect, 'Deny');
  });

  for (const [label, document] of [
    ['a string', 'not a policy'],
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['a policy whose Statement is not a list of statements', { Statement: 'Allow everything' }],
  ] as const) {
    it(`reports the trust as missing, without throwing, when the trust policy is ${label}`, () => {
      const finding = checkTrust(input({ trustPolicy: document }));

      assert.equal(finding?.code, 'ROLE_TRUST_MISSING');
      assert.equal(finding?.decision, 'implicitDeny');
      assert.equal(finding?.evidence?.trustPolicy, document);
    });
  }

  it('applies a severity override', () => {
    const finding = checkTrust(input({ trustPolicy: trustPolicy() }), { ROLE_TRUST_MISSING: 'warning' });

    assert.equal(finding?.severity, 'warning');
  });
});

describe('checkTrust with keys the monitor may not know', () => {
  const orgCondition = { Condition: { StringEquals: { 'aws:SourceOrgID': 'o-a1b2c3d4e5' } } };

  it('decides aws:SourceOrgID from the organization when it was read', () => {
    const policy = trustPolicy(allowService('s3.amazonaws.com', orgCondition));

    assert.equal(checkTrust(input({ trustPolicy: policy, organization: { id: 'o-a1b2c3d4e5' } })), undefined);
    assert.equal(
      checkTrust(input({ trustPolicy: policy, organization: { id: 'o-z9y8x7w6v5' } }))?.code,
      'ROLE_TRUST_MISSING',
    );
    assert.equal(
      checkTrust(input({ trustPolicy: policy, organization: 'none' }))?.code,
      'ROLE_TRUST_MISSING',
    );
  });

  it('reports a trust policy resting on a key it does not know as not verified, never as missing', () => {
    const unread = checkTrust(
      input({ trustPolicy: trustPolicy(allowService('s3.amazonaws.com', orgCondition)) }),
    );
    const vpce = checkTrust(
      input({
        trustPolicy: trustPolicy(allowService('s3.amazonaws.com'), {
          Effect: 'Deny',
          Principal: '*',
          Action: 'sts:AssumeRole',
          Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
        }),
      }),
    );

    assert.deepEqual([unread?.code, unread?.severity], ['PERMISSION_NOT_VERIFIED', 'info']);
    assert.deepEqual(unread?.evidence?.unknownKeys, ['aws:SourceOrgID']);
    assert.equal(vpce?.code, 'PERMISSION_NOT_VERIFIED');
    assert.equal(vpce?.layer, 'trust-policy');
  });
});
