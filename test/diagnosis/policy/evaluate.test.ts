// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} are IAM policy variables, not template placeholders.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { conditionContextOf } from '../../../shared/diagnosis/policy/context.js';
import { evaluatePolicy } from '../../../shared/diagnosis/policy/index.js';
import { parsePolicy } from '../../../shared/diagnosis/policy/parse.js';
import { statementApplies } from '../../../shared/diagnosis/policy/statement.js';
import {
  crossAccountBucketPolicy,
  DESTINATION_BUCKET,
  guardedTrustPolicy,
  ROLE_ARN,
  replicationRolePolicy,
  roleRequest,
  SOURCE_ACCOUNT,
  SOURCE_BUCKET,
  s3ServiceRequest,
} from '../../helpers/policy/fixtures.js';

const OBJECT = `${DESTINATION_BUCKET}/orders/a.csv`;

describe('evaluatePolicy', () => {
  it('lists the Allow statements of an identity policy that apply', () => {
    const result = evaluatePolicy(replicationRolePolicy(), roleRequest('s3:ReplicateObject', OBJECT), {
      kind: 'identity',
      policyName: 'replication-permissions',
    });

    assert.deepEqual(result, {
      allows: [{ policyName: 'replication-permissions', index: 2, effect: 'Allow' }],
      denies: [],
      undecided: [],
      problems: [],
    });
  });

  it('lists Deny statements separately, with their Sid', () => {
    const document = replicationRolePolicy();
    document.Statement.push({
      Sid: 'NoDeletes',
      Effect: 'Deny',
      Action: ['s3:ReplicateDelete'],
      Resource: '*',
    } as never);

    const result = evaluatePolicy(document, roleRequest('s3:ReplicateDelete', OBJECT), {
      kind: 'identity',
      policyName: 'inline',
    });

    assert.equal(result.allows.length, 1);
    assert.deepEqual(result.denies, [{ policyName: 'inline', index: 3, sid: 'NoDeletes', effect: 'Deny' }]);
  });

  it('marks bucket-policy matches that go through the account root', () => {
    const request = roleRequest('s3:ReplicateObject', OBJECT);

    const direct = evaluatePolicy(crossAccountBucketPolicy(), request, {
      kind: 'resource',
      policyName: 'bucket policy',
    });
    const root = evaluatePolicy(crossAccountBucketPolicy({ AWS: SOURCE_ACCOUNT }), request, {
      kind: 'resource',
      policyName: 'bucket policy',
    });

    assert.equal(direct.allows[0]?.viaAccountRoot, false);
    assert.equal(root.allows[0]?.viaAccountRoot, true);
  });

  it('needs the principal of a resource policy to match', () => {
    const request = {
      ...roleRequest('s3:ReplicateObject', OBJECT),
      principal: { kind: 'Service' as const, name: 's3.amazonaws.com' },
    };

    const result = evaluatePolicy(crossAccountBucketPolicy(), request, {
      kind: 'resource',
      policyName: 'bucket policy',
    });

    assert.deepEqual(result.allows, []);
  });

  it('evaluates a trust policy with its guards against the context', () => {
    const allowed = evaluatePolicy(
      guardedTrustPolicy(),
      s3ServiceRequest({ 'aws:SourceAccount': SOURCE_ACCOUNT, 'aws:SourceArn': SOURCE_BUCKET }),
      {
        kind: 'trust',
        policyName: 'trust policy',
      },
    );
    const unguarded = evaluatePolicy(guardedTrustPolicy(), s3ServiceRequest(), {
      kind: 'trust',
      policyName: 'trust policy',
    });

    assert.equal(allowed.allows.length, 1);
    assert.equal(unguarded.allows.length, 0);
  });

  it('skips unreadable statements and reports them, keeping the rest', () => {
    const document = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Action: 's3:ReplicateObject',
          Resource: '*',
          Condition: { StringMatches: { 'aws:SourceAccount': 'x' } },
        },
        { Effect: 'Allow', Action: 's3:ReplicateObject', Resource: '*' },
      ],
    };

    const result = evaluatePolicy(document, roleRequest('s3:ReplicateObject', OBJECT), {
      kind: 'identity',
      policyName: 'p',
    });

    assert.equal(result.denies.length, 0);
    assert.equal(result.allows.length, 1);
    assert.deepEqual(
      result.problems.map((problem) => [problem.path, problem.consequence]),
      [['Statement[0].Condition.StringMatches', 'statement skipped']],
    );
  });

  it('leaves ${…} literal under Version 2008-10-17', () => {
    const statement = {
      Effect: 'Allow',
      Action: 's3:ReplicateObject',
      Resource: `${DESTINATION_BUCKET}/\${aws:SourceAccount}/*`,
    };
    const request = roleRequest('s3:ReplicateObject', `${DESTINATION_BUCKET}/${SOURCE_ACCOUNT}/a`, {
      'aws:SourceAccount': SOURCE_ACCOUNT,
    });

    const current = evaluatePolicy({ Version: '2012-10-17', Statement: [statement] }, request, {
      kind: 'identity',
      policyName: 'p',
    });
    const legacy = evaluatePolicy({ Version: '2008-10-17', Statement: [statement] }, request, {
      kind: 'identity',
      policyName: 'p',
    });

    assert.equal(current.allows.length, 1);
    assert.equal(legacy.allows.length, 0);
  });

  it('matches a requested resource ending in a literal * against policy patterns', () => {
    const request = roleRequest('s3:ReplicateObject', `${DESTINATION_BUCKET}/orders/*`);

    const result = evaluatePolicy(replicationRolePolicy(), request, { kind: 'identity', policyName: 'p' });

    assert.equal(result.allows.length, 1);
  });
});

describe('statementApplies', () => {
  const input = (request = roleRequest('s3:ReplicateObject', OBJECT)) => {
    const context = conditionContextOf(request);
    return { request, context, variables: context.values };
  };
  const statementOf = (raw: Record<string, unknown>) => {
    const parsed = parsePolicy({ Version: '2012-10-17', Statement: [raw] }, 'resource');
    const [statement] = parsed.statements;
    assert.ok(statement, JSON.stringify(parsed.problems));
    return statement;
  };

  it('needs action, resource, principal and conditions to match', () => {
    const statement = statementOf({
      Effect: 'Allow',
      Principal: { AWS: ROLE_ARN },
      Action: 's3:Replicate*',
      Resource: `${DESTINATION_BUCKET}/*`,
    });

    assert.deepEqual(statementApplies(statement, input()), {
      applies: true,
      viaAccountRoot: false,
      viaNotPrincipal: false,
    });
    assert.equal(statementApplies(statement, input(roleRequest('s3:GetObject', OBJECT))), undefined);
    assert.equal(
      statementApplies(statement, input(roleRequest('s3:ReplicateObject', `${SOURCE_BUCKET}/a`))),
      undefined,
    );
  });

  it('reads NotAction and NotResource as exclusions', () => {
    const statement = statementOf({
      Effect: 'Deny',
      Principal: '*',
      NotAction: 's3:Get*',
      NotResource: `${SOURCE_BUCKET}/*`,
    });

    assert.notEqual(statementApplies(statement, input()), undefined);
    assert.equal(statementApplies(statement, input(roleRequest('s3:GetObject', OBJECT))), undefined);
    assert.equal(
      statementApplies(statement, input(roleRequest('s3:PutObject', `${SOURCE_BUCKET}/a`))),
      undefined,
    );
  });

  it('can ignore the principal, to explain what a statement grants to others', () => {
    const statement = statementOf({
      Effect: 'Allow',
      Principal: { AWS: '444455556666' },
      Action: 's3:*',
      Resource: '*',
    });

    assert.equal(statementApplies(statement, input()), undefined);
    assert.notEqual(statementApplies(statement, { ...input(), ignorePrincipal: true }), undefined);
  });
});
