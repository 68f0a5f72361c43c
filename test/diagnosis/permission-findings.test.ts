import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Need } from '../../shared/diagnosis/needs.js';
import { type PermissionGap, permissionFindings } from '../../shared/diagnosis/permission-findings.js';
import type { Requirement } from '../../shared/diagnosis/requirement.js';
import { grantStatements } from '../../shared/diagnosis/statements.js';

const ROLE_ARN = 'arn:aws:iam::111122223333:role/service-role/replication';
const REPLICA_KEY_ARN = 'arn:aws:kms:us-west-2:444455556666:key/3333cccc-3333-cccc-3333-cccc3333cccc';
const BOUNDARY_ARN = 'arn:aws:iam::111122223333:policy/replication-boundary';
const DOC = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html';
const FAILS: Need = { effect: 'fails', what: 'objects under rule to-dr', certain: true, documentation: DOC };

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
    need: FAILS,
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
  const base = overrides.requirement ?? requirement();
  return {
    sourceBucket: 'src',
    requirement: base,
    roleArn: ROLE_ARN,
    decision: 'implicitDeny',
    layer: 'identity-policy',
    reason: "IAM's policy simulation answers implicitDeny",
    need: base.need,
    verified: true,
    ...overrides,
  };
}

/** The statement(s) a remediation gives: the put-role-policy document's, or the JSON it ends with. */
function statementsIn(remediation: string): unknown {
  const document = /--policy-document '([^']+)'/.exec(remediation)?.[1];
  if (document !== undefined) {
    const statements = JSON.parse(document).Statement as unknown[];
    return statements.length === 1 ? statements[0] : statements;
  }
  const start = Math.max(remediation.lastIndexOf(': {'), remediation.lastIndexOf(': ['));
  assert.ok(start >= 0, `no statement in: ${remediation}`);
  return JSON.parse(remediation.slice(start + 2));
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
      impact: 'replication of objects under rule to-dr fails',
      certain: true,
      documentation: DOC,
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
    assert.deepEqual(statementsIn(remediation), statement);
  });

  it('gives a bucket-policy statement with the role as Principal, naming the bucket and its account', () => {
    const [finding] = permissionFindings([gap({ layer: 'bucket-policy', resourceAccount: '444455556666' })]);

    const remediation = finding?.remediation ?? '';
    assert.match(remediation, /^Add to the bucket policy of dst \(account 444455556666\): /);
    assert.deepEqual(statementsIn(remediation), {
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
    assert.deepEqual(statementsIn(remediation), {
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
    assert.match(remediation, new RegExp(`permissions boundary ${BOUNDARY_ARN} must allow them too`));
    assert.deepEqual(statementsIn(remediation), {
      Effect: 'Allow',
      Action: 's3:ReplicateObject',
      Resource: 'arn:aws:s3:::dst/logs/*',
    });
    assert.match(finding?.message ?? '', /not allowed by the permissions boundary/);
  });

  it('sends a service-control-policy gap to an organization administrator', () => {
    const [finding] = permissionFindings([gap({ layer: 'service-control-policy' })]);

    assert.match(
      finding?.remediation ?? '',
      /does not allow s3:ReplicateObject on arn:aws:s3:::dst\/logs\/\* for .*: an organization administrator must allow them/,
    );
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
    assert.doesNotMatch(finding?.remediation ?? '', /Add to/);
    assert.deepEqual(finding?.evidence?.matchedStatements, matched);
  });

  it('gives every finding of one fix target the same fix, listing every missing action and resource', () => {
    const onSource = (action: string) =>
      gap({
        requirement: requirement({ action, resource: 'arn:aws:s3:::src', side: 'source', bucket: 'src' }),
      });
    const gaps = [
      onSource('s3:GetReplicationConfiguration'),
      gap(),
      onSource('s3:ListBucket'),
      gap({ requirement: requirement({ action: 's3:ReplicateDelete' }) }),
      gap({ requirement: requirement({ resource: 'arn:aws:s3:::dst/invoices/*' }) }),
      { ...onSource('s3:ListBucket'), layer: 'bucket-policy' as const },
    ];

    const findings = permissionFindings(gaps);

    const identity = findings.filter((finding) => finding.layer === 'identity-policy');
    assert.equal(identity.length, 5);
    assert.equal(new Set(identity.map((finding) => finding.remediation)).size, 1);
    assert.deepEqual(statementsIn(identity[0]?.remediation ?? ''), [
      {
        Effect: 'Allow',
        Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
        Resource: 'arn:aws:s3:::src',
      },
      {
        Effect: 'Allow',
        Action: ['s3:ReplicateObject', 's3:ReplicateDelete'],
        Resource: 'arn:aws:s3:::dst/logs/*',
      },
      { Effect: 'Allow', Action: 's3:ReplicateObject', Resource: 'arn:aws:s3:::dst/invoices/*' },
    ]);
    const bucketPolicy = findings.find((finding) => finding.layer === 'bucket-policy');
    assert.deepEqual(statementsIn(bucketPolicy?.remediation ?? ''), {
      Effect: 'Allow',
      Principal: { AWS: ROLE_ARN },
      Action: 's3:ListBucket',
      Resource: 'arn:aws:s3:::src',
    });
  });

  it('shares one statement between resources missing the same actions under the same condition', () => {
    const findings = permissionFindings([
      gap(),
      gap({ requirement: requirement({ resource: 'arn:aws:s3:::dst/invoices/*' }) }),
      gap({ requirement: replicaKeyRequirement() }),
    ]);

    assert.deepEqual(statementsIn(findings[0]?.remediation ?? ''), [
      {
        Effect: 'Allow',
        Action: 's3:ReplicateObject',
        Resource: ['arn:aws:s3:::dst/logs/*', 'arn:aws:s3:::dst/invoices/*'],
      },
      {
        Effect: 'Allow',
        Action: 'kms:Encrypt',
        Resource: REPLICA_KEY_ARN,
        Condition: { StringEquals: { 'kms:ViaService': 's3.us-west-2.amazonaws.com' } },
      },
    ]);
  });

  it('is critical only for a certain failure: a degradation or an unseen case is a warning that says which', () => {
    const [tags, unseen, certain] = permissionFindings([
      gap({
        requirement: requirement({ action: 's3:GetObjectVersionTagging' }),
        need: {
          effect: 'degrades',
          what: 'tags of objects under rule to-dr are not replicated',
          certain: true,
          documentation: DOC,
        },
      }),
      gap({
        requirement: replicaKeyRequirement(),
        need: {
          effect: 'fails',
          what: 'SSE-KMS objects under rule to-dr',
          certain: false,
          when: 'once SSE-KMS objects are uploaded (none seen yet)',
          documentation: DOC,
        },
      }),
      gap(),
    ]);

    assert.equal(tags?.severity, 'warning');
    assert.match(tags?.message ?? '', /without it tags of objects under rule to-dr are not replicated/);
    assert.equal(unseen?.severity, 'warning');
    assert.match(unseen?.message ?? '', /fails once SSE-KMS objects are uploaded \(none seen yet\)/);
    assert.equal(unseen?.evidence?.certain, false);
    assert.equal(certain?.severity, 'critical');
  });

  it('merges the cases of one action on one resource into one finding with the strongest need', () => {
    const sseS3 = requirement({ context: { 's3:x-amz-server-side-encryption': 'AES256' } });
    const sseKms = requirement({ context: { 's3:x-amz-server-side-encryption': 'aws:kms' } });

    const findings = permissionFindings([
      gap({
        requirement: sseS3,
        need: { ...FAILS, certain: false, when: 'once SSE-S3 objects are uploaded' },
      }),
      gap({ requirement: sseKms }),
    ]);

    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.severity, 'critical');
  });

  it('reports a gap it could not decide as PERMISSION_NOT_VERIFIED (info), naming the unknown keys', () => {
    const [finding] = permissionFindings([
      gap({
        layer: 'bucket-policy',
        verified: false,
        unknownKeys: ['aws:SourceIp'],
        reason:
          'the bucket policy decides it through OnlyFromOffice, whose condition on aws:SourceIp cannot be evaluated',
      }),
    ]);

    assert.equal(finding?.code, 'PERMISSION_NOT_VERIFIED');
    assert.equal(finding?.severity, 'info');
    assert.equal(finding?.layer, 'bucket-policy');
    assert.deepEqual(finding?.evidence?.unknownKeys, ['aws:SourceIp']);
    assert.match(finding?.message ?? '', /could not be verified/);
    assert.match(finding?.remediation ?? '', /does not know aws:SourceIp/);
  });

  it('tells how to make organization conditions verifiable', () => {
    const [finding] = permissionFindings([gap({ verified: false, unknownKeys: ['aws:PrincipalOrgID'] })]);

    assert.match(finding?.remediation ?? '', /organizations:DescribeOrganization/);
  });

  it('returns one finding per gap, and none for no gaps', () => {
    assert.deepEqual(permissionFindings([]), []);
    assert.equal(
      permissionFindings([gap(), gap({ requirement: requirement({ resource: 'arn:aws:s3:::dst/*' }) })])
        .length,
      2,
    );
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

describe('grantStatements', () => {
  it('scopes a single action to the resource, without Principal for the role’s own policies', () => {
    assert.deepEqual(grantStatements([gap()], false), [
      { Effect: 'Allow', Action: 's3:ReplicateObject', Resource: 'arn:aws:s3:::dst/logs/*' },
    ]);
  });

  it('lists several actions and names the role as Principal for a resource policy', () => {
    const layer = 'bucket-policy' as const;
    assert.deepEqual(
      grantStatements(
        [gap({ layer }), gap({ layer, requirement: requirement({ action: 's3:ReplicateDelete' }) })],
        true,
      ),
      [
        {
          Effect: 'Allow',
          Principal: { AWS: ROLE_ARN },
          Action: ['s3:ReplicateObject', 's3:ReplicateDelete'],
          Resource: 'arn:aws:s3:::dst/logs/*',
        },
      ],
    );
  });

  it('uses Resource "*" in a key policy and the key ARN elsewhere, with the kms:ViaService condition', () => {
    const keyGap = gap({ requirement: replicaKeyRequirement() });
    const condition = { StringEquals: { 'kms:ViaService': 's3.us-west-2.amazonaws.com' } };

    assert.deepEqual(grantStatements([{ ...keyGap, layer: 'key-policy' }], true), [
      {
        Effect: 'Allow',
        Principal: { AWS: ROLE_ARN },
        Action: 'kms:Encrypt',
        Resource: '*',
        Condition: condition,
      },
    ]);
    assert.deepEqual(grantStatements([keyGap], false), [
      { Effect: 'Allow', Action: 'kms:Encrypt', Resource: REPLICA_KEY_ARN, Condition: condition },
    ]);
  });
});
