import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePolicy } from '../../../shared/diagnosis/policy/parse.js';
import { parseConditions, parseOperatorName } from '../../../shared/diagnosis/policy/parse-condition.js';
import { parsePrincipal } from '../../../shared/diagnosis/policy/parse-principal.js';
import { parseStatement } from '../../../shared/diagnosis/policy/parse-statement.js';
import {
  isRecord,
  readScalars,
  readStrings,
  type StatementIssue,
} from '../../../shared/diagnosis/policy/parse-values.js';
import {
  crossAccountBucketPolicy,
  ROLE_ARN,
  replicationRolePolicy,
  replicationTrustPolicy,
} from '../../helpers/policy/fixtures.js';

describe('parsePolicy', () => {
  it('reads every statement of a valid bucket policy with no problems', () => {
    const parsed = parsePolicy(crossAccountBucketPolicy(), 'resource');

    assert.equal(parsed.statements.length, 2);
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.substitutesVariables, true);
    assert.deepEqual(parsed.statements[0]?.action, {
      negated: false,
      values: ['s3:ReplicateDelete', 's3:ReplicateObject'],
    });
    assert.equal(parsed.statements[0]?.sid, 'Permissions on objects');
  });

  it('accepts a single Statement object and a JSON string', () => {
    const text = JSON.stringify({ Version: '2012-10-17', Statement: replicationTrustPolicy().Statement[0] });

    const parsed = parsePolicy(text, 'trust');

    assert.equal(parsed.statements.length, 1);
    assert.deepEqual(parsed.statements[0]?.principal, {
      negated: false,
      entries: [{ kind: 'service', name: 's3.amazonaws.com' }],
    });
  });

  it('reports invalid JSON as a problem instead of throwing', () => {
    const parsed = parsePolicy('{"Statement": [', 'resource');

    assert.equal(parsed.statements.length, 0);
    assert.equal(parsed.problems[0]?.code, 'invalid-json');
    assert.equal(parsed.problems[0]?.consequence, 'policy not evaluated');
  });

  it('reports a document without Statement and one that is not an object', () => {
    const missing = parsePolicy({ Version: '2012-10-17' }, 'resource');
    const notObject = parsePolicy(['Allow'], 'resource');

    assert.deepEqual(
      missing.problems.map((problem) => [problem.code, problem.path]),
      [['missing-element', 'Statement']],
    );
    assert.equal(notObject.problems[0]?.code, 'invalid-document');
  });

  it('skips only the unreadable statement, naming its JSON path and index', () => {
    const document = replicationRolePolicy();
    document.Statement[1] = { ...document.Statement[1], Effect: 'allow' } as (typeof document.Statement)[1];

    const parsed = parsePolicy(document, 'identity');

    assert.deepEqual(
      parsed.statements.map((statement) => statement.index),
      [0, 2],
    );
    assert.equal(parsed.problems.length, 1);
    assert.equal(parsed.problems[0]?.path, 'Statement[1].Effect');
    assert.equal(parsed.problems[0]?.statementIndex, 1);
    assert.equal(parsed.problems[0]?.consequence, 'statement skipped');
  });

  it('reads policy variables literally without Version 2012-10-17', () => {
    const { Version: _version, ...unversioned } = replicationRolePolicy();

    const parsed = parsePolicy(unversioned, 'identity');

    assert.equal(parsed.substitutesVariables, false);
    assert.deepEqual(parsed.problems, []);
  });

  it('ignores unknown top-level elements but says so', () => {
    const parsed = parsePolicy({ ...replicationRolePolicy(), Statment: [] }, 'identity');

    assert.equal(parsed.statements.length, 3);
    assert.deepEqual(
      parsed.problems.map((problem) => [problem.code, problem.consequence]),
      [['unknown-element', 'ignored']],
    );
  });
});

describe('parseStatement', () => {
  it('refuses both Action and NotAction', () => {
    const { statement, issues } = parseStatement(
      { Effect: 'Allow', Action: 's3:*', NotAction: 's3:Get*', Resource: '*' },
      0,
      'Statement[0]',
      'identity',
    );

    assert.equal(statement, undefined);
    assert.deepEqual(
      issues.map((issue) => issue.code),
      ['conflicting-elements'],
    );
  });

  it('refuses an action without a service prefix, naming the array item', () => {
    const { issues } = parseStatement(
      { Effect: 'Allow', Action: ['s3:GetObject', 'GetObject'], Resource: '*' },
      2,
      'Statement[2]',
      'identity',
    );

    assert.deepEqual(
      issues.map((issue) => issue.path),
      ['Statement[2].Action[1]'],
    );
  });

  it('requires a Resource except in trust policies, which may not have one', () => {
    const withoutResource = { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' };

    const resource = parseStatement(withoutResource, 0, 'Statement', 'resource');
    const trust = parseStatement(withoutResource, 0, 'Statement', 'trust');
    const trustWithResource = parseStatement({ ...withoutResource, Resource: '*' }, 0, 'Statement', 'trust');

    assert.equal(resource.issues[0]?.code, 'missing-element');
    assert.deepEqual(trust.issues, []);
    assert.equal(trustWithResource.issues[0]?.code, 'element-not-allowed');
  });

  it('refuses a Resource that is neither * nor an ARN, and completes a short wildcard ARN', () => {
    const bad = parseStatement(
      { Effect: 'Allow', Action: 's3:*', Resource: 'dst-bucket' },
      0,
      'Statement',
      'identity',
    );
    const short = parseStatement(
      { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:*' },
      0,
      'Statement',
      'identity',
    );

    assert.deepEqual(
      bad.issues.map((issue) => issue.path),
      ['Statement.Resource'],
    );
    assert.deepEqual(short.issues, []);
  });

  it('reports unknown statement elements', () => {
    const { issues } = parseStatement(
      { Effect: 'Allow', Action: 's3:*', Resource: '*', Conditions: {} },
      0,
      'Statement',
      'identity',
    );

    assert.deepEqual(
      issues.map((issue) => [issue.code, issue.path]),
      [['unknown-element', 'Statement.Conditions']],
    );
  });
});

describe('parsePrincipal', () => {
  const read = (statement: Record<string, unknown>, kind: 'identity' | 'resource' | 'trust' = 'resource') => {
    const issues: StatementIssue[] = [];
    const effect = statement.Effect === 'Deny' ? 'Deny' : 'Allow';
    const element = parsePrincipal(statement, 'Statement[0]', { kind, effect }, issues);
    return { element, issues };
  };

  it('classifies "*", account ids, account roots, role ARNs and services', () => {
    const { element } = read({
      Principal: {
        AWS: ['*', '111122223333', 'arn:aws:iam::444455556666:root', ROLE_ARN, 'AROAEXAMPLEID'],
        Service: 's3.amazonaws.com',
      },
    });

    assert.deepEqual(element?.entries, [
      { kind: 'everyone' },
      { kind: 'account', account: '111122223333' },
      { kind: 'account', account: '444455556666' },
      { kind: 'arn', arn: ROLE_ARN },
      { kind: 'other', value: 'AROAEXAMPLEID' },
      { kind: 'service', name: 's3.amazonaws.com' },
    ]);
  });

  it('refuses a principal in an identity policy', () => {
    const { element, issues } = read({ Principal: '*' }, 'identity');

    assert.equal(element, undefined);
    assert.equal(issues[0]?.code, 'element-not-allowed');
  });

  it('refuses NotPrincipal with Allow and in trust policies, as AWS documents', () => {
    const allow = read({ Effect: 'Allow', NotPrincipal: { AWS: ROLE_ARN } });
    const trust = read({ Effect: 'Deny', NotPrincipal: { AWS: ROLE_ARN } }, 'trust');
    const deny = read({ Effect: 'Deny', NotPrincipal: { AWS: ROLE_ARN } });

    assert.equal(allow.issues[0]?.code, 'element-not-allowed');
    assert.equal(trust.issues[0]?.code, 'element-not-allowed');
    assert.equal(deny.element?.negated, true);
  });

  it('refuses wildcards inside principal ARNs and a bare ARN string', () => {
    const wildcard = read({ Principal: { AWS: 'arn:aws:iam::111122223333:role/*' } });
    const bare = read({ Principal: ROLE_ARN });

    assert.equal(wildcard.issues[0]?.path, 'Statement[0].Principal.AWS');
    assert.equal(bare.issues[0]?.code, 'invalid-value');
  });
});

describe('parseConditions', () => {
  it('gives one clause per operator and key, with values as strings', () => {
    const issues: StatementIssue[] = [];

    const clauses = parseConditions(
      {
        StringLike: { 'kms:ViaService': 's3.*.amazonaws.com', 'aws:SourceArn': ['a', 'b'] },
        Bool: { 'aws:SecureTransport': false },
      },
      'Statement[0].Condition',
      issues,
    );

    assert.deepEqual(issues, []);
    assert.deepEqual(clauses, [
      { operator: 'StringLike', ifExists: false, key: 'kms:ViaService', values: ['s3.*.amazonaws.com'] },
      { operator: 'StringLike', ifExists: false, key: 'aws:SourceArn', values: ['a', 'b'] },
      { operator: 'Bool', ifExists: false, key: 'aws:SecureTransport', values: ['false'] },
    ]);
  });

  it('reports an unknown operator with its path', () => {
    const issues: StatementIssue[] = [];

    parseConditions(
      { StringMatches: { 'aws:SourceAccount': '111122223333' } },
      'Statement[3].Condition',
      issues,
    );

    assert.deepEqual(issues, [
      {
        code: 'unknown-operator',
        path: 'Statement[3].Condition.StringMatches',
        message: 'Statement[3].Condition.StringMatches: unknown condition operator',
      },
    ]);
  });
});

describe('parseOperatorName', () => {
  it('reads set qualifiers, IfExists and the base operator case-insensitively', () => {
    assert.deepEqual(parseOperatorName('ForAnyValue:StringLikeIfExists'), {
      operator: 'StringLike',
      qualifier: 'ForAnyValue',
      ifExists: true,
    });
    assert.deepEqual(parseOperatorName('stringequals'), { operator: 'StringEquals', ifExists: false });
  });

  it('refuses unknown qualifiers and NullIfExists', () => {
    assert.equal(parseOperatorName('ForSomeValues:StringLike'), undefined);
    assert.equal(parseOperatorName('NullIfExists'), undefined);
    assert.equal(parseOperatorName('IfExists'), undefined);
  });
});

describe('readStrings', () => {
  it('turns a string into an array and refuses empty arrays and non-strings', () => {
    const issues: StatementIssue[] = [];

    assert.deepEqual(readStrings('s3:*', 'Action', issues), ['s3:*']);
    assert.equal(readStrings([], 'Action', issues), undefined);
    assert.equal(readStrings(['s3:*', 3], 'Action', issues), undefined);
    assert.deepEqual(
      issues.map((issue) => issue.code),
      ['invalid-value', 'invalid-type'],
    );
  });
});

describe('readScalars', () => {
  it('stringifies numbers and booleans and refuses objects', () => {
    const issues: StatementIssue[] = [];

    assert.deepEqual(readScalars([true, 3600, 'x'], 'v', issues), ['true', '3600', 'x']);
    assert.equal(readScalars({ nested: true }, 'v', issues), undefined);
    assert.equal(issues.length, 1);
  });
});

describe('isRecord', () => {
  it('accepts plain objects only', () => {
    assert.equal(isRecord({}), true);
    assert.equal(isRecord([]), false);
    assert.equal(isRecord(null), false);
    assert.equal(isRecord('Statement'), false);
  });
});
