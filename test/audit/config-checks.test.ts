import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkRuleConfiguration,
  checkSourceBucket,
  type DestinationFacts,
  type SourceFacts,
} from '../../shared/audit/config-checks.js';
import { observed, unobserved } from '../../shared/model/observed.js';
import { normaliseRule, type ReplicationRuleInput } from '../../shared/model/replication-rules.js';

function source(overrides: Partial<SourceFacts> = {}): SourceFacts {
  return {
    name: 'src',
    region: 'us-east-1',
    versioning: observed('Enabled'),
    objectLock: observed(false),
    encryption: observed({ algorithm: 'AES256', bucketKeyEnabled: false }),
    kmsObjectsSeen: false,
    ...overrides,
  };
}

function destination(overrides: Partial<DestinationFacts> = {}): DestinationFacts {
  return {
    name: 'dst',
    exists: observed(true),
    versioning: observed('Enabled'),
    objectLock: observed(false),
    requesterPays: observed(false),
    ...overrides,
  };
}

function rule(overrides: Partial<ReplicationRuleInput> = {}) {
  return normaliseRule(
    {
      ID: 'to-dr',
      Status: 'Enabled',
      Priority: 1,
      Filter: { Prefix: '' },
      DeleteMarkerReplication: { Status: 'Enabled' },
      Destination: {
        Bucket: 'arn:aws:s3:::dst',
        Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
      },
      ...overrides,
    },
    0,
  );
}

const codes = (findings: { code: string }[]) => findings.map((finding) => finding.code);
const denied = unobserved<never>({
  kind: 'access-denied',
  action: 's3:GetBucketVersioning',
  resource: 'arn:aws:s3:::dst',
  detail: 'AccessDenied (HTTP 403)',
});

describe('checkRuleConfiguration', () => {
  it('finds nothing wrong with a healthy rule', () => {
    assert.deepEqual(checkRuleConfiguration(source(), rule(), destination()), []);
  });

  it('reports a disabled rule as information only', () => {
    assert.deepEqual(
      codes(
        checkRuleConfiguration(
          source(),
          rule({ Status: 'Disabled' }),
          destination({ exists: observed(false) }),
        ),
      ),
      ['RULE_DISABLED'],
    );
  });

  it('warns that a rule without metrics sends no failure events', () => {
    const [finding] = checkRuleConfiguration(
      source(),
      rule({ Destination: { Bucket: 'arn:aws:s3:::dst' } }),
      destination(),
    );
    assert.equal(finding?.code, 'REPLICATION_METRICS_DISABLED');
    assert.equal(finding?.severity, 'warning');
    assert.match(finding?.message ?? '', /no failure events/);
  });

  it('flags SSE-KMS objects the rule does not opt in to, by default encryption or by samples', () => {
    const kms = observed({
      algorithm: 'aws:kms',
      kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/k',
      bucketKeyEnabled: true,
    });
    assert.deepEqual(codes(checkRuleConfiguration(source({ encryption: kms }), rule(), destination())), [
      'KMS_OBJECTS_NOT_REPLICATED',
    ]);
    assert.deepEqual(codes(checkRuleConfiguration(source({ kmsObjectsSeen: true }), rule(), destination())), [
      'KMS_OBJECTS_NOT_REPLICATED',
    ]);
  });

  it('requires a replica key when the rule opts in to SSE-KMS objects', () => {
    const optIn = { SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } } };
    assert.deepEqual(codes(checkRuleConfiguration(source(), rule(optIn), destination())), [
      'REPLICA_KMS_KEY_NOT_SET',
    ]);
    const withKey = rule({
      ...optIn,
      Destination: {
        Bucket: 'arn:aws:s3:::dst',
        Metrics: { Status: 'Enabled' },
        EncryptionConfiguration: { ReplicaKmsKeyID: 'arn:aws:kms:us-west-2:111122223333:key/r' },
      },
    });
    assert.deepEqual(checkRuleConfiguration(source(), withKey, destination()), []);
  });

  it('checks the destination: existence, versioning, Object Lock parity, Requester Pays', () => {
    assert.deepEqual(
      codes(checkRuleConfiguration(source(), rule(), destination({ exists: observed(false) }))),
      ['DESTINATION_BUCKET_NOT_FOUND'],
    );
    assert.deepEqual(
      codes(checkRuleConfiguration(source(), rule(), destination({ versioning: observed('Suspended') }))),
      ['DESTINATION_VERSIONING_NOT_ENABLED'],
    );
    assert.deepEqual(
      codes(checkRuleConfiguration(source({ objectLock: observed(true) }), rule(), destination())),
      ['OBJECT_LOCK_MISMATCH'],
    );
    assert.deepEqual(
      codes(
        checkRuleConfiguration(
          source({ objectLock: observed(true) }),
          rule(),
          destination({ objectLock: observed(true) }),
        ),
      ),
      [],
    );
    assert.deepEqual(
      codes(checkRuleConfiguration(source(), rule(), destination({ requesterPays: observed(true) }))),
      ['DESTINATION_REQUESTER_PAYS'],
    );
  });

  it('is sure a Requester Pays destination breaks replication only when it belongs to another account', () => {
    const [crossAccount] = checkRuleConfiguration(
      source(),
      rule(),
      destination({ requesterPays: observed(true), crossAccount: true }),
    );
    const [sameAccount] = checkRuleConfiguration(
      source(),
      rule(),
      destination({ requesterPays: observed(true) }),
    );

    assert.equal(crossAccount?.severity, 'critical');
    assert.equal(sameAccount?.severity, 'warning');
    assert.match(sameAccount?.message ?? '', /not documented/);
  });

  it('reports what it could not read instead of calling it healthy', () => {
    const [finding] = checkRuleConfiguration(source(), rule(), destination({ versioning: denied }));
    assert.equal(finding?.code, 'MONITOR_ACCESS_DENIED');
    assert.equal(finding?.action, 's3:GetBucketVersioning');
    assert.equal(finding?.principal, 'monitor');
    assert.match(
      finding?.remediation ?? '',
      /"Action":"s3:GetBucketVersioning","Resource":"arn:aws:s3:::dst"/,
    );
    const throttled = unobserved<boolean>({
      kind: 'throttled',
      action: 's3:GetBucketRequestPayment',
      resource: 'arn:aws:s3:::dst',
      detail: 'SlowDown',
    });
    assert.deepEqual(
      codes(checkRuleConfiguration(source(), rule(), destination({ requesterPays: throttled }))),
      ['MONITOR_CHECK_INCOMPLETE'],
    );
  });
});

describe('checkSourceBucket', () => {
  it('requires source versioning', () => {
    assert.deepEqual(checkSourceBucket(source()), []);
    const [finding] = checkSourceBucket(source({ versioning: observed(undefined) }));
    assert.equal(finding?.code, 'SOURCE_VERSIONING_NOT_ENABLED');
    assert.match(finding?.message ?? '', /never enabled/);
    assert.match(finding?.remediation ?? '', /put-bucket-versioning --bucket src/);
  });
});
