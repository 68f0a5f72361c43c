import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requirementsOf } from '../../shared/diagnosis/required-permissions.js';
import {
  mergeRequirements,
  type Requirement,
  type RequirementInput,
} from '../../shared/diagnosis/requirement.js';
import { normaliseRule, type ReplicationRuleInput } from '../../shared/model/replication-rules.js';

const SOURCE_KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1111aaaa-1111-aaaa-1111-aaaa1111aaaa';
const OTHER_SOURCE_KEY = 'arn:aws:kms:eu-west-1:111122223333:key/2222bbbb-2222-bbbb-2222-bbbb2222bbbb';
const REPLICA_KEY = 'arn:aws:kms:us-west-2:444455556666:key/3333cccc-3333-cccc-3333-cccc3333cccc';

/** A V2 rule to arn:aws:s3:::dst under logs/; tests override one field at a time. */
function ruleInput(overrides: Partial<ReplicationRuleInput> = {}): ReplicationRuleInput {
  return {
    ID: 'to-dr',
    Status: 'Enabled',
    Priority: 1,
    Filter: { Prefix: 'logs/' },
    DeleteMarkerReplication: { Status: 'Disabled' },
    Destination: { Bucket: 'arn:aws:s3:::dst' },
    ...overrides,
  };
}

const KMS_OPT_IN: Partial<ReplicationRuleInput> = {
  SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
  Destination: {
    Bucket: 'arn:aws:s3:::dst',
    EncryptionConfiguration: { ReplicaKmsKeyID: REPLICA_KEY },
  },
};

function input(
  rule: Partial<ReplicationRuleInput> = {},
  overrides: Partial<RequirementInput> = {},
): RequirementInput {
  return {
    source: {
      name: 'src',
      region: 'eu-west-1',
      objectLock: false,
      bucketKeyEnabled: false,
      kmsKeyArns: [],
    },
    rule: normaliseRule(ruleInput(rule), 0),
    destination: { name: 'dst', region: 'us-west-2', bucketKeyEnabled: false },
    ...overrides,
  };
}

const pairs = (requirements: readonly Requirement[]) =>
  requirements.map((requirement) => [requirement.action, requirement.resource]);
const actions = (requirements: readonly Requirement[]) =>
  requirements.map((requirement) => requirement.action);
const only = (requirements: readonly Requirement[], action: string) =>
  requirements.filter((requirement) => requirement.action === action);

describe('requirementsOf', () => {
  it('requires the base actions on the source bucket, its objects and the destination objects under the rule prefix', () => {
    const requirements = requirementsOf(input());

    assert.deepEqual(pairs(requirements), [
      ['s3:GetReplicationConfiguration', 'arn:aws:s3:::src'],
      ['s3:ListBucket', 'arn:aws:s3:::src'],
      ['s3:GetObjectVersionForReplication', 'arn:aws:s3:::src/logs/*'],
      ['s3:GetObjectVersionAcl', 'arn:aws:s3:::src/logs/*'],
      ['s3:GetObjectVersionTagging', 'arn:aws:s3:::src/logs/*'],
      ['s3:ReplicateObject', 'arn:aws:s3:::dst/logs/*'],
    ]);
  });

  it('says what fails without each one, and cites the AWS page it rests on', () => {
    const byAction = new Map(
      requirementsOf(input()).map((requirement) => [requirement.action, requirement.need]),
    );

    assert.deepEqual(
      [...byAction].map(([action, need]) => [action, need.effect, need.certain]),
      [
        ['s3:GetReplicationConfiguration', 'fails', false],
        ['s3:ListBucket', 'fails', false],
        ['s3:GetObjectVersionForReplication', 'fails', true],
        ['s3:GetObjectVersionAcl', 'fails', true],
        ['s3:GetObjectVersionTagging', 'degrades', true],
        ['s3:ReplicateObject', 'fails', true],
      ],
    );
    for (const need of byAction.values())
      assert.match(need.documentation, /^https:\/\/docs\.aws\.amazon\.com\//);
    assert.match(byAction.get('s3:GetObjectVersionTagging')?.what ?? '', /tags .* not replicated/);
  });

  it('accepts s3:GetObjectVersion for everything but SSE-KMS objects, and only for those when the rule opts in', () => {
    const [plain] = only(requirementsOf(input()), 's3:GetObjectVersionForReplication');
    const base = input(KMS_OPT_IN);
    const [optedIn] = only(
      requirementsOf({ ...base, source: { ...base.source, kmsKeyArns: [SOURCE_KEY] } }),
      's3:GetObjectVersionForReplication',
    );
    const [optedInUnseen] = only(requirementsOf(base), 's3:GetObjectVersionForReplication');

    assert.deepEqual(plain?.alternative, { action: 's3:GetObjectVersion' });
    assert.equal(optedIn?.alternative?.action, 's3:GetObjectVersion');
    assert.equal(optedIn?.alternative?.leaves?.certain, true);
    assert.match(optedIn?.alternative?.leaves?.what ?? '', /SSE-KMS/);
    assert.equal(optedInUnseen?.alternative?.leaves?.certain, false);
  });

  it('describes each requirement with its service, side, bucket, rule and destination', () => {
    const [readConfiguration] = requirementsOf(input());
    const [replicate] = only(requirementsOf(input()), 's3:ReplicateObject');

    assert.deepEqual(
      { ...readConfiguration, why: undefined, need: undefined },
      {
        action: 's3:GetReplicationConfiguration',
        resource: 'arn:aws:s3:::src',
        service: 's3',
        side: 'source',
        bucket: 'src',
        context: {},
        why: undefined,
        need: undefined,
        ruleIds: ['to-dr'],
        destinationBuckets: ['dst'],
      },
    );
    assert.deepEqual(replicate?.context, { 's3:x-amz-server-side-encryption': 'AES256' });
    assert.equal(replicate?.side, 'destination');
    assert.equal(replicate?.bucket, 'dst');
    assert.equal(replicate?.kmsKeyArn, undefined);
    assert.ok(readConfiguration?.why);
  });

  it('scopes object actions to the whole bucket when the rule has no prefix', () => {
    const requirements = requirementsOf(input({ Filter: {} }));

    assert.equal(only(requirements, 's3:GetObjectVersionAcl')[0]?.resource, 'arn:aws:s3:::src/*');
    assert.equal(only(requirements, 's3:ReplicateObject')[0]?.resource, 'arn:aws:s3:::dst/*');
  });

  it('omits s3:ReplicateDelete when a V2 rule does not replicate delete markers', () => {
    const requirements = requirementsOf(input());

    assert.deepEqual(only(requirements, 's3:ReplicateDelete'), []);
  });

  it('requires s3:ReplicateDelete on the destination objects when a V2 rule replicates delete markers', () => {
    const requirements = requirementsOf(input({ DeleteMarkerReplication: { Status: 'Enabled' } }));

    assert.deepEqual(pairs(only(requirements, 's3:ReplicateDelete')), [
      ['s3:ReplicateDelete', 'arn:aws:s3:::dst/logs/*'],
    ]);
    assert.equal(only(requirements, 's3:ReplicateDelete')[0]?.side, 'destination');
    assert.equal(only(requirements, 's3:ReplicateDelete')[0]?.need.effect, 'degrades');
  });

  it('says s3:ListBucket is what delete markers need when the rule replicates them', () => {
    const [listBucket] = only(
      requirementsOf(input({ DeleteMarkerReplication: { Status: 'Enabled' } })),
      's3:ListBucket',
    );
    const [plain] = only(requirementsOf(input()), 's3:ListBucket');

    assert.deepEqual([listBucket?.need.effect, listBucket?.need.certain], ['degrades', true]);
    assert.match(listBucket?.need.what ?? '', /delete markers/);
    assert.deepEqual([plain?.need.effect, plain?.need.certain], ['fails', false]);
  });

  it('requires s3:ReplicateDelete for a V1 rule, which always replicates delete markers', () => {
    const v1: ReplicationRuleInput = {
      ID: 'legacy',
      Status: 'Enabled',
      Prefix: 'old/',
      Destination: { Bucket: 'arn:aws:s3:::dst' },
    };
    const requirements = requirementsOf({ ...input(), rule: normaliseRule(v1, 0) });

    assert.deepEqual(pairs(only(requirements, 's3:ReplicateDelete')), [
      ['s3:ReplicateDelete', 'arn:aws:s3:::dst/old/*'],
    ]);
  });

  it('requires no s3:ReplicateDelete for a V1 rule to another account: S3 does not replicate those delete markers by default', () => {
    const v1: ReplicationRuleInput = {
      ID: 'legacy',
      Status: 'Enabled',
      Prefix: 'old/',
      Destination: { Bucket: 'arn:aws:s3:::dst', Account: '444455556666' },
    };
    const base = input();
    const requirements = requirementsOf({
      ...base,
      rule: normaliseRule(v1, 0),
      destination: { ...base.destination, crossAccount: true },
    });

    assert.deepEqual(only(requirements, 's3:ReplicateDelete'), []);
  });

  it('requires s3:ObjectOwnerOverrideToBucketOwner only when the rule translates ownership', () => {
    const plain = requirementsOf(input());
    const translated = requirementsOf(
      input({
        Destination: {
          Bucket: 'arn:aws:s3:::dst',
          Account: '444455556666',
          AccessControlTranslation: { Owner: 'Destination' },
        },
      }),
    );

    assert.deepEqual(only(plain, 's3:ObjectOwnerOverrideToBucketOwner'), []);
    assert.deepEqual(pairs(only(translated, 's3:ObjectOwnerOverrideToBucketOwner')), [
      ['s3:ObjectOwnerOverrideToBucketOwner', 'arn:aws:s3:::dst/logs/*'],
    ]);
  });

  it('adds retention and legal-hold reads on the source only when it has Object Lock (AWS names no destination action)', () => {
    const base = input();
    const requirements = requirementsOf({ ...base, source: { ...base.source, objectLock: true } });

    const lock = requirements.filter((requirement) => /Retention|LegalHold/.test(requirement.action));
    assert.deepEqual(
      lock.map((requirement) => [requirement.side, requirement.action, requirement.resource]),
      [
        ['source', 's3:GetObjectRetention', 'arn:aws:s3:::src/logs/*'],
        ['source', 's3:GetObjectLegalHold', 'arn:aws:s3:::src/logs/*'],
      ],
    );
  });

  it('requires nothing for a disabled rule', () => {
    const base = input({ ...KMS_OPT_IN, Status: 'Disabled', DeleteMarkerReplication: { Status: 'Enabled' } });
    const requirements = requirementsOf({
      ...base,
      source: { ...base.source, objectLock: true, kmsKeyArns: [SOURCE_KEY] },
      replicaKeyArn: REPLICA_KEY,
    });

    assert.deepEqual(requirements, []);
  });

  it('requires no KMS action when the rule does not opt in to SSE-KMS objects', () => {
    const base = input();
    const requirements = requirementsOf({
      ...base,
      source: { ...base.source, kmsKeyArns: [SOURCE_KEY] },
      replicaKeyArn: REPLICA_KEY,
    });

    assert.deepEqual(
      requirements.filter((requirement) => requirement.service === 'kms'),
      [],
    );
  });

  it('requires kms:Decrypt on each source key via S3 of the source Region with the object ARN as context', () => {
    const base = input(KMS_OPT_IN);
    const requirements = requirementsOf({
      ...base,
      source: { ...base.source, kmsKeyArns: [SOURCE_KEY, OTHER_SOURCE_KEY] },
    });

    const decrypt = only(requirements, 'kms:Decrypt');
    assert.deepEqual(
      decrypt.map((requirement) => [requirement.resource, requirement.kmsKeyArn, requirement.side]),
      [
        [SOURCE_KEY, SOURCE_KEY, 'source'],
        [OTHER_SOURCE_KEY, OTHER_SOURCE_KEY, 'source'],
      ],
    );
    assert.equal(decrypt[0]?.service, 'kms');
    assert.equal(decrypt[0]?.bucket, 'src');
    assert.deepEqual(decrypt[0]?.context, {
      'kms:ViaService': 's3.eu-west-1.amazonaws.com',
      'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::src/logs/',
      'kms:EncryptionContextKeys': ['aws:s3:arn'],
    });
    assert.equal(decrypt[0]?.need.certain, true);
  });

  it('uses the source bucket ARN as encryption context when the source uses S3 Bucket Keys', () => {
    const base = input(KMS_OPT_IN);
    const requirements = requirementsOf({
      ...base,
      source: { ...base.source, bucketKeyEnabled: true, kmsKeyArns: [SOURCE_KEY] },
    });

    const [decrypt] = only(requirements, 'kms:Decrypt');
    assert.equal(decrypt?.context['kms:EncryptionContext:aws:s3:arn'], 'arn:aws:s3:::src');
    assert.equal(decrypt?.context['kms:ViaService'], 's3.eu-west-1.amazonaws.com');
  });

  it('requires kms:Encrypt (not kms:GenerateDataKey) on the replica key via S3 of the destination Region', () => {
    const base = input(KMS_OPT_IN);
    const requirements = requirementsOf({
      ...base,
      source: { ...base.source, kmsKeyArns: [SOURCE_KEY] },
      replicaKeyArn: REPLICA_KEY,
    });

    const replica = requirements.filter((requirement) => requirement.resource === REPLICA_KEY);
    assert.deepEqual(actions(replica), ['kms:Encrypt']);
    const [encrypt] = replica;
    assert.equal(encrypt?.side, 'destination');
    assert.equal(encrypt?.bucket, 'dst');
    assert.equal(encrypt?.kmsKeyArn, REPLICA_KEY);
    assert.equal(encrypt?.need.certain, true);
    assert.deepEqual(encrypt?.context, {
      'kms:ViaService': 's3.us-west-2.amazonaws.com',
      'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::dst/logs/',
      'kms:EncryptionContextKeys': ['aws:s3:arn'],
    });
  });

  it('makes the replica key a possible failure only while no SSE-KMS source object is known', () => {
    const requirements = requirementsOf({ ...input(KMS_OPT_IN), replicaKeyArn: REPLICA_KEY });

    const [encrypt] = only(requirements, 'kms:Encrypt');
    assert.equal(encrypt?.need.certain, false);
    assert.match(encrypt?.need.when ?? '', /once SSE-KMS objects are uploaded/);
  });

  it('writes replicas under one request context per encryption the source objects have', () => {
    const base = input(KMS_OPT_IN);
    const requirements = requirementsOf({
      ...base,
      source: { ...base.source, kmsKeyArns: [SOURCE_KEY], sseS3Objects: false },
      replicaKeyArn: REPLICA_KEY,
    });

    const writes = only(requirements, 's3:ReplicateObject');
    assert.deepEqual(
      writes.map((requirement) => [requirement.context, requirement.need.certain]),
      [
        [{ 's3:x-amz-server-side-encryption': 'AES256' }, false],
        [
          {
            's3:x-amz-server-side-encryption': 'aws:kms',
            's3:x-amz-server-side-encryption-aws-kms-key-id': REPLICA_KEY,
          },
          true,
        ],
      ],
    );
  });

  it('adds kms:Decrypt on the replica key, with the bucket ARN as context, when the destination uses a Bucket Key', () => {
    const requirements = requirementsOf({
      ...input(KMS_OPT_IN),
      destination: { name: 'dst', region: 'us-west-2', bucketKeyEnabled: true },
      replicaKeyArn: REPLICA_KEY,
    });

    const replica = requirements.filter((requirement) => requirement.resource === REPLICA_KEY);
    assert.deepEqual(actions(replica), ['kms:Encrypt', 'kms:Decrypt']);
    for (const requirement of replica)
      assert.equal(requirement.context['kms:EncryptionContext:aws:s3:arn'], 'arn:aws:s3:::dst');
  });

  it('requires nothing of the replica key when the destination Region is unknown', () => {
    const requirements = requirementsOf({
      ...input(KMS_OPT_IN),
      destination: { name: 'dst', bucketKeyEnabled: false },
      replicaKeyArn: REPLICA_KEY,
    });

    assert.deepEqual(
      requirements.filter((requirement) => requirement.resource === REPLICA_KEY),
      [],
    );
    assert.ok(requirements.some((requirement) => requirement.action === 's3:ReplicateObject'));
  });

  it('requires nothing of a replica key that could not be resolved', () => {
    const requirements = requirementsOf(input(KMS_OPT_IN));

    assert.deepEqual(
      requirements.filter((requirement) => requirement.service === 'kms'),
      [],
    );
  });
});

describe('mergeRequirements', () => {
  const toA = () =>
    requirementsOf(
      input(
        { ID: 'to-a', Filter: { Prefix: 'logs/' }, Destination: { Bucket: 'arn:aws:s3:::dst-a' } },
        { destination: { name: 'dst-a', region: 'us-west-2', bucketKeyEnabled: false } },
      ),
    );
  const toB = () =>
    requirementsOf(
      input(
        { ID: 'to-b', Filter: { Prefix: 'logs/' }, Destination: { Bucket: 'arn:aws:s3:::dst-b' } },
        { destination: { name: 'dst-b', region: 'us-west-2', bucketKeyEnabled: false } },
      ),
    );

  it('keeps each (action, resource, context) once, with every rule and destination that needs it', () => {
    const merged = mergeRequirements([toA(), toB()]);

    assert.deepEqual(pairs(merged), [
      ['s3:GetReplicationConfiguration', 'arn:aws:s3:::src'],
      ['s3:ListBucket', 'arn:aws:s3:::src'],
      ['s3:GetObjectVersionForReplication', 'arn:aws:s3:::src/logs/*'],
      ['s3:GetObjectVersionAcl', 'arn:aws:s3:::src/logs/*'],
      ['s3:GetObjectVersionTagging', 'arn:aws:s3:::src/logs/*'],
      ['s3:ReplicateObject', 'arn:aws:s3:::dst-a/logs/*'],
      ['s3:ReplicateObject', 'arn:aws:s3:::dst-b/logs/*'],
    ]);
    assert.deepEqual(merged[0]?.ruleIds, ['to-a', 'to-b']);
    assert.deepEqual(merged[0]?.destinationBuckets, ['dst-a', 'dst-b']);
    assert.deepEqual(merged[5]?.ruleIds, ['to-a']);
    assert.deepEqual(merged[6]?.ruleIds, ['to-b']);
    assert.deepEqual(merged[6]?.destinationBuckets, ['dst-b']);
  });

  it('lists rules and destinations in order of first appearance, each once', () => {
    const merged = mergeRequirements([toB(), toA(), toB()]);

    assert.deepEqual(merged[0]?.ruleIds, ['to-b', 'to-a']);
    assert.deepEqual(merged[0]?.destinationBuckets, ['dst-b', 'dst-a']);
  });

  it('keeps requirements on the same key apart when their request contexts differ', () => {
    const logs = input({ ...KMS_OPT_IN, ID: 'logs' });
    const images = input({ ...KMS_OPT_IN, ID: 'images', Filter: { Prefix: 'images/' } });
    const withKey = (base: RequirementInput) =>
      requirementsOf({ ...base, source: { ...base.source, kmsKeyArns: [SOURCE_KEY] } });

    const merged = mergeRequirements([withKey(logs), withKey(images), withKey(logs)]);

    const decrypt = only(merged, 'kms:Decrypt');
    assert.deepEqual(
      decrypt.map((requirement) => [
        requirement.context['kms:EncryptionContext:aws:s3:arn'],
        requirement.ruleIds,
      ]),
      [
        ['arn:aws:s3:::src/logs/', ['logs']],
        ['arn:aws:s3:::src/images/', ['images']],
      ],
    );
  });

  it('returns nothing for no rules', () => {
    assert.deepEqual(mergeRequirements([]), []);
    assert.deepEqual(mergeRequirements([[], []]), []);
  });

  it('does not change the requirements it was given', () => {
    const a = toA();
    const b = toB();

    mergeRequirements([a, b]);

    assert.deepEqual(a[0]?.ruleIds, ['to-a']);
    assert.deepEqual(b[0]?.ruleIds, ['to-b']);
    assert.deepEqual(a[0]?.destinationBuckets, ['dst-a']);
    assert.deepEqual(mergeRequirements([a])[0]?.destinationBuckets, ['dst-a']);
  });
});
