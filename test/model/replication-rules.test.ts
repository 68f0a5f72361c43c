import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normaliseRules, ruleCovers } from '../../shared/model/replication-rules.js';

describe('normaliseRules', () => {
  it('reads a V1 rule: top-level prefix, delete markers always replicated', () => {
    const [rule] = normaliseRules({
      Role: 'arn:aws:iam::111122223333:role/example-role',
      Rules: [
        {
          ID: 'v1',
          Prefix: 'Tax',
          Status: 'Enabled',
          Destination: { Bucket: 'arn:aws:s3:::destination-bucket' },
        },
      ],
    });
    assert.equal(rule?.schemaVersion, 1);
    assert.equal(rule?.prefix, 'Tax');
    assert.equal(rule?.replicatesDeleteMarkers, true);
    assert.equal(rule?.metricsEnabled, false);
    assert.deepEqual(rule?.destination, {
      bucket: 'destination-bucket',
      bucketArn: 'arn:aws:s3:::destination-bucket',
    });
  });

  it('reads every rule of a V2 configuration with filters, KMS, RTC and ownership', () => {
    const rules = normaliseRules({
      Rules: [
        {
          ID: 'tax-to-dr',
          Priority: 1,
          Status: 'Enabled',
          Filter: { And: { Prefix: 'Tax/', Tags: [{ Key: 'replicate', Value: 'true' }] } },
          DeleteMarkerReplication: { Status: 'Disabled' },
          SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
          Destination: {
            Bucket: 'arn:aws:s3:::dst',
            Account: '444455556666',
            AccessControlTranslation: { Owner: 'Destination' },
            EncryptionConfiguration: {
              ReplicaKmsKeyID: 'arn:aws:kms:us-west-2:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab',
            },
            ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
            Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
          },
        },
        {
          ID: 'logs',
          Status: 'Disabled',
          Filter: { Tag: { Key: 'k', Value: 'v' } },
          DeleteMarkerReplication: { Status: 'Enabled' },
          Destination: { Bucket: 'arn:aws:s3:::dst2' },
        },
      ],
    });
    assert.equal(rules.length, 2);
    const [first, second] = rules;
    assert.deepEqual(
      [
        first?.prefix,
        first?.tags,
        first?.kmsObjectsOptIn,
        first?.replicationTimeControl,
        first?.metricsEnabled,
        first?.ownershipOverride,
        first?.destination.account,
        first?.replicatesDeleteMarkers,
      ],
      ['Tax/', [{ key: 'replicate', value: 'true' }], true, true, true, true, '444455556666', false],
    );
    assert.deepEqual(
      [second?.enabled, second?.prefix, second?.tags, second?.replicatesDeleteMarkers],
      [false, '', [{ key: 'k', value: 'v' }], true],
    );
  });
});

describe('ruleCovers', () => {
  const [rule] = normaliseRules({
    Rules: [
      {
        ID: 'r',
        Status: 'Enabled',
        Filter: { And: { Prefix: 'Tax/', Tags: [{ Key: 'replicate', Value: 'true' }] } },
        Destination: { Bucket: 'arn:aws:s3:::d' },
      },
    ],
  });
  it('needs the prefix and every tag', () => {
    assert.ok(rule);
    assert.equal(ruleCovers(rule, 'Tax/a.pdf', { replicate: 'true' }), true);
    assert.equal(ruleCovers(rule, 'Tax/a.pdf', { replicate: 'false' }), false);
    assert.equal(ruleCovers(rule, 'Other/a.pdf', { replicate: 'true' }), false);
    assert.equal(ruleCovers(rule, 'Tax/a.pdf'), false);
  });
});
