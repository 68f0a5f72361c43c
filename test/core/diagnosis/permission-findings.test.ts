import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  grantStatement,
  type PermissionGap,
  permissionFindings,
} from '../../../shared/core/diagnosis/permission-findings.js';
import type { Requirement } from '../../../shared/core/diagnosis/required-permissions.js';

const ROLE_ARN = 'arn:aws:iam::111122223333:role/service-role/replication';
const REPLICA_KEY_ARN = 'arn:aws:kms:us-west-2:444455556666:key/3333cccc-3333-cccc-3333-cccc3333cccc';
const BOUNDARY_ARN = 'arn:aws:iam::111122223333:policy/replication-boundary';

/** s3:ReplicateObject on the destination objects of one rule; tests override one field at a time. */
function requirement(overrides: Partial<Requirement> = {}): Requirement {
  return {
    action: 's3:ReplicateObject',
    resource: 'arn:aws:s3:::dst/logs/*',
    service: 's3',
    side: 'destination',
    bucket: 'dst',
    context: {},
    why: 'S3 writes each replica',
    ruleIds: ['to-dr'],
    destinationBuckets: ['dst'],
    ...overrides,
  };
}

function replicaKeyRequirement(overrides: Partial<Requirement> = {}): Requirement {
  return requirement({
    action: 'kms:Encrypt',
    resource: REPLICA_KEY_ARN,
    service: 'kms',
    kmsKeyArn: REPLICA_KEY_ARN,
    context: {
      'kms:ViaService': 's3.us-west-2.amazonaws.com',
      'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::dst/logs/',
    },
    why: 'S3 encrypts replicas with the replica key',
    ...overrides,
  });
}

function gap(overrides: Partial<PermissionGap> = {}): PermissionGap {
  return {
    sourceBucket: 'src',
    requirement: requirement(),
    roleArn: ROLE_ARN,
    decision: 'implicitDeny',
    layer: 'identity-policy',
    reason: "IAM's policy simulation answers implicitDeny",
    ...overrides,
  };
}

/** The statement a remediation ends with: the JSON after its last ': {'. */
function statementIn(remediation: string): Record<string, unknown> {
  const start = remediation.lastIndexOf(': {');
  assert.ok(start >= 0, `no statement in: ${remediation}`);
  return JSON.parse(remediation.slice(start + 2)) as Record<string, unknown>;
}

describe('permissionFindings', () => {
  it('reports an S3 gap as ROLE_PERMISSION_MISSING with the action, resource, role, layer and decision', () => {
    const [finding] = permissionFindings([gap()]);

    assert.equal(finding?.code, 'ROLE_PERMISSION_MISSING');
    assert.equal(finding?.severity, 'critical');
    assert.equal(finding?.sourceBucket, 'src');
    assert.equal(finding?.action, 's3:ReplicateObject');
    assert.equal(finding?.resource, 'arn:aws:s3:::dst/logs/*');
    assert.equal(finding?.principal, ROLE_ARN);
    assert.equal(finding?.layer, 'identity-policy');
    assert.equal(finding?.decision, 'implicitDeny');
    assert.equal(finding?.kmsKeyArn, undefined);
    assert.match(finding?.message ?? '', /not allowed by the identity policy/);
    assert.match(finding?.message ?? '', /S3 writes each replica/);
    assert.deepEqual(finding?.evidence, {
      requiredBecause: 'S3 writes each replica',
      context: {},
      rules: ['to-dr'],
    });
  });

  it('reports a KMS gap as KMS_PERMISSION_MISSING naming the key', () => {
    const [finding] = permissionFindings([gap({ requirement: replicaKeyRequirement() })]);

    assert.equal(finding?.code, 'KMS_PERMISSION_MISSING');
    assert.equal(finding?.kmsKeyArn, REPLICA_KEY_ARN);
    assert.equal(finding?.action, 'kms:Encrypt');
  });

  it('names the rule only when a single rule needs the permission', () => {
    const [single, shared] = permissionFindings([
      gap(),
      gap({ requirement: requirement({ resource: 'arn:aws:s3:::dst/*', ruleIds: ['to-dr', 'archive'] }) }),
    ]);

    assert.equal(single?.ruleId, 'to-dr');
    assert.equal(shared?.ruleId, undefined);
    assert.deepEqual(shared?.evidence?.rules, ['to-dr', 'archive']);
  });

  it('names the destination bucket only for a destination-side permission of a single destination', () => {
    const [destination, sourceSide, shared] = permissionFindings([
      gap(),
      gap({
        requirement: requirement({
          action: 's3:GetReplicationConfiguration',
          resource: 'arn:aws:s3:::src',
          side: 'source',
          bucket: 'src',
        }),
      }),
      gap({
        requirement: requirement({ resource: 'arn:aws:s3:::dst/*', destinationBuckets: ['dst', 'dst-b'] }),
      }),
    ]);

    assert.equal(destination?.destinationBucket, 'dst');
    assert.equal(sourceSide?.destinationBucket, undefined);
    assert.equal(shared?.destinationBucket, undefined);
  });

  it('gives a put-role-policy command and a statement without Principal for an identity-policy gap', () => {
    const [finding] = permissionFindings([gap()]);

    const remediation = finding?.remediation ?? '';
    const statement = {
      Effect: 'Allow',
      Action: 's3:ReplicateObject',
      Resource: 'arn:aws:s3:::dst/logs/*',
    };
    assert.match(
      remediation,
      /aws iam put-role-policy --role-name replication --policy-name s3-replication --policy-document '/,
    );
    const document = /--policy-document '([^']+)'/.exec(remediation)?.[1] ?? '';
    assert.deepEqual(JSON.parse(document), { Version: '2012-10-17', Statement: [statement] });
    assert.deepEqual(statementIn(remediation), statement);
  });

  it('gives a bucket-policy statement with the role as Principal, naming the bucket and its account', () => {
    const [finding] = permissionFindings([gap({ layer: 'bucket-policy', resourceAccount: '444455556666' })]);

    const remediation = finding?.remediation ?? '';
    assert.match(remediation, /^Add this statement to the bucket policy of dst \(account 444455556666\): /);
    assert.deepEqual(statementIn(remediation), {
      Effect: 'Allow',
      Principal: { AWS: ROLE_ARN },
      Action: 's3:ReplicateObject',
      Resource: 'arn:aws:s3:::dst/logs/*',
    });
  });

  it('gives a key-policy statement with Resource "*" and the kms:ViaService condition', () => {
    const [finding] = permissionFindings([
      gap({ requirement: replicaKeyRequirement(), layer: 'key-policy', resourceAccount: '444455556666' }),
    ]);

    const remediation = finding?.remediation ?? '';
    assert.match(remediation, new RegExp(`key policy of ${REPLICA_KEY_ARN} \\(account 444455556666\\)`));
    assert.deepEqual(statementIn(remediation), {
      Effect: 'Allow',
      Principal: { AWS: ROLE_ARN },
      Action: 'kms:Encrypt',
      Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': 's3.us-west-2.amazonaws.com' } },
    });
  });

  it('names the boundary policy and gives a statement without Principal for a permissions-boundary gap', () => {
    const [finding] = permissionFindings([gap({ layer: 'permissions-boundary', boundaryArn: BOUNDARY_ARN })]);

    const remediation = finding?.remediation ?? '';
    assert.match(remediation, new RegExp(`permissions boundary ${BOUNDARY_ARN} must allow it`));
    assert.deepEqual(statementIn(remediation), {
      Effect: 'Allow',
      Action: 's3:ReplicateObject',
      Resource: 'arn:aws:s3:::dst/logs/*',
    });
    assert.match(finding?.message ?? '', /not allowed by the permissions boundary/);
  });

  it('sends a service-control-policy gap to an organization administrator', () => {
    const [finding] = permissionFindings([gap({ layer: 'service-control-policy' })]);

    assert.match(finding?.remediation ?? '', /organization administrator must allow s3:ReplicateObject/);
    assert.match(finding?.remediation ?? '', new RegExp(`for ${ROLE_ARN}`));
    assert.doesNotMatch(finding?.remediation ?? '', /put-role-policy/);
  });

  it('tells to remove or narrow the Deny of an explicit deny, with the matched statements as evidence', () => {
    const matched = [{ policyName: 'bucket policy', index: 0, effect: 'Deny', sid: 'DenyOthers' }];

    const [finding] = permissionFindings([
      gap({ decision: 'explicitDeny', layer: 'bucket-policy', resourceAccount: '444455556666', matched }),
    ]);

    assert.equal(finding?.decision, 'explicitDeny');
    assert.match(finding?.message ?? '', /explicitly denied by the bucket policy/);
    assert.match(finding?.remediation ?? '', /^Remove or narrow the Deny statement in the bucket policy/);
    assert.doesNotMatch(finding?.remediation ?? '', /Add this statement/);
    assert.deepEqual(finding?.evidence?.matchedStatements, matched);
  });

  it('lists every action missing on the same resource, layer, decision and context in each statement', () => {
    const onSource = (action: string) =>
      gap({
        requirement: requirement({ action, resource: 'arn:aws:s3:::src', side: 'source', bucket: 'src' }),
      });
    const gaps = [
      onSource('s3:GetReplicationConfiguration'),
      gap(),
      onSource('s3:ListBucket'),
      { ...onSource('s3:ListBucket'), layer: 'bucket-policy' as const },
    ];

    const findings = permissionFindings(gaps);

    const actions = findings.map((finding) => statementIn(finding.remediation).Action);
    assert.deepEqual(actions, [
      ['s3:GetReplicationConfiguration', 's3:ListBucket'],
      's3:ReplicateObject',
      ['s3:GetReplicationConfiguration', 's3:ListBucket'],
      's3:ListBucket',
    ]);
  });

  it('keeps actions apart when the same key is needed with another request context', () => {
    const findings = permissionFindings([
      gap({ requirement: replicaKeyRequirement() }),
      gap({
        requirement: replicaKeyRequirement({
          action: 'kms:GenerateDataKey',
          context: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' },
        }),
      }),
      gap({ requirement: replicaKeyRequirement({ action: 'kms:GenerateDataKey' }) }),
    ]);

    const actions = findings.map((finding) => statementIn(finding.remediation).Action);
    assert.deepEqual(actions, [
      ['kms:Encrypt', 'kms:GenerateDataKey'],
      'kms:GenerateDataKey',
      ['kms:Encrypt', 'kms:GenerateDataKey'],
    ]);
  });

  it('returns one finding per gap, and none for no gaps', () => {
    assert.deepEqual(permissionFindings([]), []);
    assert.equal(permissionFindings([gap(), gap()]).length, 2);
  });

  it('applies severity overrides per code', () => {
    const findings = permissionFindings([gap(), gap({ requirement: replicaKeyRequirement() })], {
      KMS_PERMISSION_MISSING: 'warning',
    });

    assert.deepEqual(
      findings.map((finding) => finding.severity),
      ['critical', 'warning'],
    );
  });
});

describe('grantStatement', () => {
  it('scopes a single action to the resource, without Principal for the role’s own policies', () => {
    assert.deepEqual(grantStatement(gap(), ['s3:ReplicateObject'], false), {
      Effect: 'Allow',
      Action: 's3:ReplicateObject',
      Resource: 'arn:aws:s3:::dst/logs/*',
    });
  });

  it('lists several actions and names the role as Principal for a resource policy', () => {
    assert.deepEqual(
      grantStatement(gap({ layer: 'bucket-policy' }), ['s3:ReplicateObject', 's3:ReplicateDelete'], true),
      {
        Effect: 'Allow',
        Principal: { AWS: ROLE_ARN },
        Action: ['s3:ReplicateObject', 's3:ReplicateDelete'],
        Resource: 'arn:aws:s3:::dst/logs/*',
      },
    );
  });

  it('uses Resource "*" in a key policy and the key ARN elsewhere, with the kms:ViaService condition', () => {
    const keyGap = gap({ requirement: replicaKeyRequirement() });
    const condition = { StringEquals: { 'kms:ViaService': 's3.us-west-2.amazonaws.com' } };

    const inKeyPolicy = grantStatement({ ...keyGap, layer: 'key-policy' }, ['kms:Encrypt'], true);
    const inRolePolicy = grantStatement(keyGap, ['kms:Encrypt'], false);

    assert.deepEqual(inKeyPolicy, {
      Effect: 'Allow',
      Principal: { AWS: ROLE_ARN },
      Action: 'kms:Encrypt',
      Resource: '*',
      Condition: condition,
    });
    assert.deepEqual(inRolePolicy, {
      Effect: 'Allow',
      Action: 'kms:Encrypt',
      Resource: REPLICA_KEY_ARN,
      Condition: condition,
    });
  });
});
