import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DestinationState, ReplicatedBucket } from '../../shared/audit/read-bucket-facts.js';
import type { RoleFacts, RoleReader, SimulatedDecision } from '../../shared/aws/iam-role-reader.js';
import type { KeyPolicyRead, KeyReader } from '../../shared/aws/kms-key-reader.js';
import {
  type DiagnosisDependencies,
  diagnoseReplication,
} from '../../shared/diagnosis/diagnose-replication.js';
import {
  createInMemoryDiagnosisStore,
  type DiagnosisStore,
  type IdentitySnapshot,
} from '../../shared/diagnosis/diagnosis-store.js';
import type { KeyFacts } from '../../shared/diagnosis/key-findings.js';
import { type Clock, fixedClock } from '../../shared/model/clock.js';
import { StoreCallError } from '../../shared/model/errors.js';
import { type Observed, observed, type ReadProblem, unobserved } from '../../shared/model/observed.js';
import { normaliseRule, type ReplicationRuleInput } from '../../shared/model/replication-rules.js';

const NOW = '2026-11-22T12:00:00.000Z';
const ROLE_ARN = 'arn:aws:iam::111122223333:role/replication';
const SOURCE_KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1111aaaa-1111-aaaa-1111-aaaa1111aaaa';
const REPLICA_KEY_ARN = 'arn:aws:kms:us-west-2:444455556666:key/3333cccc-3333-cccc-3333-cccc3333cccc';
const S3_TRUST = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

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

function destination(overrides: Partial<DestinationState> = {}): DestinationState {
  return {
    name: 'dst',
    region: 'us-west-2',
    exists: observed(true),
    versioning: observed('Enabled'),
    objectLock: observed(false),
    requesterPays: observed(false),
    encryption: observed({ algorithm: 'AES256', bucketKeyEnabled: false }),
    ...overrides,
  };
}

function replicatedBucket(rules: ReplicationRuleInput[] = [ruleInput()]): ReplicatedBucket {
  return {
    source: {
      name: 'src',
      region: 'us-east-1',
      versioning: observed('Enabled'),
      objectLock: observed(false),
      encryption: observed({ algorithm: 'AES256', bucketKeyEnabled: false }),
      kmsObjectsSeen: false,
    },
    roleArn: ROLE_ARN,
    rules: rules.map(normaliseRule),
    destinations: new Map([['dst', destination()]]),
  };
}

/** A RoleReader that counts IAM calls; every action is allowed unless `decide` says otherwise. */
function fakeRoles(
  options: {
    role?: Observed<RoleFacts | undefined>;
    decide?: (action: string, resource: string) => SimulatedDecision;
    simulateProblem?: ReadProblem;
    missing?: (action: string) => string[];
  } = {},
) {
  const roleCalls: string[] = [];
  const simulateCalls: { actions: readonly string[]; resources: readonly string[] }[] = [];
  const reader: RoleReader = {
    role: async (arn) => {
      roleCalls.push(arn);
      return options.role ?? observed({ arn, trustPolicy: S3_TRUST });
    },
    simulate: async (_roleArn, actions, resources) => {
      simulateCalls.push({ actions, resources });
      if (options.simulateProblem !== undefined) return unobserved(options.simulateProblem);
      const decide = options.decide ?? (() => 'allowed' as const);
      return observed(
        resources.flatMap((resource) =>
          actions.map((action) => ({
            action,
            resource,
            decision: decide(action, resource),
            matchedPolicies: [],
            missingContextValues: options.missing?.(action) ?? [],
          })),
        ),
      );
    },
  };
  return { reader, roleCalls, simulateCalls };
}

/** A KeyReader keeping KMS's rule: GetKeyPolicy only for a key of the monitor's own account. */
function fakeKeys(keys: Record<string, KeyFacts> = {}, policies: Record<string, unknown> = {}) {
  const policyCalls: { arn: string; monitorAccount: string | undefined }[] = [];
  const policyReads: string[] = [];
  const reader: KeyReader = {
    describe: async (keyId) => observed(keys[keyId]),
    policy: async (key, monitorAccount): Promise<Observed<KeyPolicyRead>> => {
      policyCalls.push({ arn: key.arn, monitorAccount });
      if (monitorAccount !== undefined && key.account !== monitorAccount) {
        return observed({ kind: 'other-account' });
      }
      policyReads.push(key.arn);
      return observed({ kind: 'policy', document: policies[key.arn] });
    },
  };
  return { reader, policyCalls, policyReads };
}

/** The in-memory store, counting identity saves. */
function countingStore() {
  const inner = createInMemoryDiagnosisStore();
  const identitySaves: IdentitySnapshot[] = [];
  const store: DiagnosisStore = {
    ...inner,
    saveIdentity: async (roleArn, digest, snapshot) => {
      identitySaves.push(snapshot);
      await inner.saveIdentity(roleArn, digest, snapshot);
    },
  };
  return { store, identitySaves };
}

function dependencies(overrides: Partial<DiagnosisDependencies> = {}): DiagnosisDependencies {
  return {
    roles: fakeRoles().reader,
    keys: fakeKeys().reader,
    bucketPolicy: async () => observed(undefined),
    callerAccount: async () => observed('111122223333'),
    store: createInMemoryDiagnosisStore(),
    clock: fixedClock(NOW),
    identityTtlSeconds: 3_600,
    severityOverrides: {},
    ...overrides,
  };
}

/** What sampling saw: nothing. */
const SAMPLED = { kmsKeyIds: [], sseS3Seen: false };

const codes = (diagnosis: { findings: { code: string }[] }) =>
  diagnosis.findings.map((finding) => finding.code);

describe('diagnoseReplication', () => {
  it('returns nothing and asks nothing of IAM for a bucket without a role ARN', async () => {
    const bucket = replicatedBucket();
    delete bucket.roleArn;
    const roles = fakeRoles();
    const store = createInMemoryDiagnosisStore();

    const diagnosis = await diagnoseReplication(
      bucket,
      SAMPLED,
      dependencies({ roles: roles.reader, store }),
    );

    assert.deepEqual(diagnosis, { findings: [], notes: [], cached: false });
    assert.deepEqual(roles.roleCalls, []);
    assert.equal(await store.loadDiagnosis('src'), undefined);
  });

  it('reports nothing when the role is trusted and allowed everything replication needs', async () => {
    const roles = fakeRoles();

    const diagnosis = await diagnoseReplication(
      replicatedBucket(),
      SAMPLED,
      dependencies({ roles: roles.reader }),
    );

    assert.deepEqual(diagnosis, { findings: [], notes: [], cached: false });
    assert.deepEqual(roles.roleCalls, [ROLE_ARN]);
    assert.ok(roles.simulateCalls.length > 0);
  });

  it('reports ROLE_NOT_FOUND without simulating a role that does not exist', async () => {
    const roles = fakeRoles({ role: observed(undefined) });

    const diagnosis = await diagnoseReplication(
      replicatedBucket(),
      SAMPLED,
      dependencies({ roles: roles.reader }),
    );

    assert.deepEqual(codes(diagnosis), ['ROLE_NOT_FOUND']);
    assert.equal(diagnosis.findings[0]?.principal, ROLE_ARN);
    assert.equal(diagnosis.findings[0]?.sourceBucket, 'src');
    assert.deepEqual(roles.simulateCalls, []);
  });

  it('reports MONITOR_ACCESS_DENIED when GetRole is refused, caches nothing and asks IAM again next time', async () => {
    const refused: ReadProblem = {
      kind: 'access-denied',
      action: 'iam:GetRole',
      resource: ROLE_ARN,
      detail: 'AccessDenied (HTTP 403): not authorized',
    };
    const roles = fakeRoles({ role: unobserved(refused) });
    const { store, identitySaves } = countingStore();
    const deps = dependencies({ roles: roles.reader, store });

    const first = await diagnoseReplication(replicatedBucket(), SAMPLED, deps);
    const second = await diagnoseReplication(replicatedBucket(), SAMPLED, deps);

    assert.deepEqual(codes(first), ['MONITOR_ACCESS_DENIED']);
    assert.equal(first.findings[0]?.action, 'iam:GetRole');
    assert.equal(first.findings[0]?.resource, ROLE_ARN);
    assert.deepEqual(identitySaves, []);
    assert.deepEqual(roles.roleCalls, [ROLE_ARN, ROLE_ARN]);
    assert.equal(second.cached, false);
    assert.deepEqual(roles.simulateCalls, []);
  });

  it('reuses IAM’s cached answers while they are fresher than identityTtlSeconds', async () => {
    const roles = fakeRoles({
      decide: (action) => (action === 's3:ReplicateObject' ? 'implicitDeny' : 'allowed'),
    });
    const store = createInMemoryDiagnosisStore();
    const at = (clock: Clock) => dependencies({ roles: roles.reader, store, clock });

    const first = await diagnoseReplication(replicatedBucket(), SAMPLED, at(fixedClock(NOW)));
    const simulated = roles.simulateCalls.length;
    const second = await diagnoseReplication(
      replicatedBucket(),
      SAMPLED,
      at(fixedClock('2026-11-22T12:59:59.000Z')),
    );

    assert.equal(first.cached, false);
    assert.equal(second.cached, true);
    assert.deepEqual(roles.roleCalls, [ROLE_ARN]);
    assert.equal(roles.simulateCalls.length, simulated);
    assert.deepEqual(codes(second), ['ROLE_PERMISSION_MISSING']);
    assert.deepEqual(second.findings, first.findings);
  });

  it('asks IAM again once identityTtlSeconds have passed', async () => {
    const roles = fakeRoles();
    const store = createInMemoryDiagnosisStore();
    const at = (clock: Clock) => dependencies({ roles: roles.reader, store, clock });

    await diagnoseReplication(replicatedBucket(), SAMPLED, at(fixedClock(NOW)));
    const later = await diagnoseReplication(
      replicatedBucket(),
      SAMPLED,
      at(fixedClock('2026-11-22T13:00:00.000Z')),
    );

    assert.equal(later.cached, false);
    assert.deepEqual(roles.roleCalls, [ROLE_ARN, ROLE_ARN]);
  });

  it('asks IAM again at once when the rules ask for other permissions', async () => {
    const roles = fakeRoles();
    const deps = dependencies({ roles: roles.reader, store: createInMemoryDiagnosisStore() });

    await diagnoseReplication(replicatedBucket(), SAMPLED, deps);
    const changed = await diagnoseReplication(
      replicatedBucket([ruleInput({ DeleteMarkerReplication: { Status: 'Enabled' } })]),
      SAMPLED,
      deps,
    );

    assert.equal(changed.cached, false);
    assert.equal(roles.roleCalls.length, 2);
  });

  it('reports an action the identity policies do not allow as ROLE_PERMISSION_MISSING for the rule', async () => {
    const roles = fakeRoles({
      decide: (action) => (action === 's3:ReplicateObject' ? 'implicitDeny' : 'allowed'),
    });

    const diagnosis = await diagnoseReplication(
      replicatedBucket(),
      SAMPLED,
      dependencies({ roles: roles.reader }),
    );

    assert.deepEqual(codes(diagnosis), ['ROLE_PERMISSION_MISSING']);
    const [finding] = diagnosis.findings;
    assert.equal(finding?.action, 's3:ReplicateObject');
    assert.equal(finding?.resource, 'arn:aws:s3:::dst/logs/*');
    assert.equal(finding?.layer, 'identity-policy');
    assert.equal(finding?.ruleId, 'to-dr');
    assert.equal(finding?.destinationBucket, 'dst');
  });

  it('accepts s3:GetObjectVersion in place of s3:GetObjectVersionForReplication when the rule replicates no SSE-KMS object', async () => {
    const roles = fakeRoles({
      decide: (action) => (action === 's3:GetObjectVersionForReplication' ? 'implicitDeny' : 'allowed'),
    });

    const diagnosis = await diagnoseReplication(
      replicatedBucket(),
      SAMPLED,
      dependencies({ roles: roles.reader }),
    );

    assert.deepEqual(diagnosis.findings, []);
  });

  it('reports what IAM denies only for want of a context key it was not given as not verified, never as missing', async () => {
    const roles = fakeRoles({
      decide: (action) => (action === 's3:ReplicateObject' ? 'implicitDeny' : 'allowed'),
      missing: (action) => (action === 's3:ReplicateObject' ? ['aws:SourceVpce'] : []),
    });

    const diagnosis = await diagnoseReplication(
      replicatedBucket(),
      SAMPLED,
      dependencies({ roles: roles.reader }),
    );

    assert.deepEqual(codes(diagnosis), ['PERMISSION_NOT_VERIFIED']);
    assert.equal(diagnosis.findings[0]?.severity, 'info');
    assert.deepEqual(diagnosis.findings[0]?.evidence?.unknownKeys, ['aws:SourceVpce']);
  });

  it('lets no bucket-policy grant through an explicit deny IAM could only decide without a context key', async () => {
    const roles = fakeRoles({
      decide: (action) => (action === 's3:ReplicateObject' ? 'explicitDeny' : 'allowed'),
      missing: (action) => (action === 's3:ReplicateObject' ? ['aws:SourceVpce'] : []),
    });
    const grant = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: ROLE_ARN },
          Action: 's3:ReplicateObject',
          Resource: 'arn:aws:s3:::dst/*',
        },
      ],
    };

    const diagnosis = await diagnoseReplication(
      replicatedBucket(),
      SAMPLED,
      dependencies({ roles: roles.reader, bucketPolicy: async () => observed(grant) }),
    );

    assert.deepEqual(codes(diagnosis), ['PERMISSION_NOT_VERIFIED']);
    assert.equal(diagnosis.findings[0]?.layer, 'identity-policy');
  });

  it('does not read the policy of a key in another account, and says so in the notes', async () => {
    const bucket = replicatedBucket([
      ruleInput({
        SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
        Destination: {
          Bucket: 'arn:aws:s3:::dst',
          EncryptionConfiguration: { ReplicaKmsKeyID: REPLICA_KEY_ARN },
        },
      }),
    ]);
    bucket.source.encryption = observed({
      algorithm: 'aws:kms',
      kmsKeyId: SOURCE_KEY_ARN,
      bucketKeyEnabled: false,
    });
    const key = (arn: string, account: string, region: string): KeyFacts => ({
      arn,
      account,
      region,
      state: 'Enabled',
      keyManager: 'CUSTOMER',
      keySpec: 'SYMMETRIC_DEFAULT',
    });
    const sourceKeyPolicy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:root' },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    };
    const keys = fakeKeys(
      {
        [SOURCE_KEY_ARN]: key(SOURCE_KEY_ARN, '111122223333', 'us-east-1'),
        [REPLICA_KEY_ARN]: key(REPLICA_KEY_ARN, '444455556666', 'us-west-2'),
      },
      { [SOURCE_KEY_ARN]: sourceKeyPolicy },
    );

    const diagnosis = await diagnoseReplication(bucket, SAMPLED, dependencies({ keys: keys.reader }));

    assert.deepEqual(diagnosis.findings, []);
    assert.deepEqual(keys.policyReads, [SOURCE_KEY_ARN]);
    assert.deepEqual(
      keys.policyCalls.map((call) => call.monitorAccount),
      keys.policyCalls.map(() => '111122223333'),
    );
    assert.equal(diagnosis.notes.length, 1);
    assert.match(diagnosis.notes[0] ?? '', new RegExp(`key policy of ${REPLICA_KEY_ARN} not checked`));
    assert.match(diagnosis.notes[0] ?? '', /444455556666/);
  });

  it('reports a failed simulation as MONITOR_ACCESS_DENIED and asks IAM again next time', async () => {
    const roles = fakeRoles({
      simulateProblem: {
        kind: 'access-denied',
        action: 'iam:SimulatePrincipalPolicy',
        resource: ROLE_ARN,
        detail: 'AccessDenied (HTTP 403): not authorized',
      },
    });
    const { store, identitySaves } = countingStore();
    const deps = dependencies({ roles: roles.reader, store });

    const first = await diagnoseReplication(replicatedBucket(), SAMPLED, deps);
    const second = await diagnoseReplication(replicatedBucket(), SAMPLED, deps);

    assert.ok(first.findings.length > 0);
    for (const finding of first.findings) {
      assert.equal(finding.code, 'MONITOR_ACCESS_DENIED');
      assert.equal(finding.action, 'iam:SimulatePrincipalPolicy');
    }
    assert.deepEqual(identitySaves, []);
    assert.equal(second.cached, false);
    assert.deepEqual(roles.roleCalls, [ROLE_ARN, ROLE_ARN]);
  });

  it('reports a throttled simulation as MONITOR_CHECK_INCOMPLETE', async () => {
    const roles = fakeRoles({
      simulateProblem: {
        kind: 'throttled',
        action: 'iam:SimulatePrincipalPolicy',
        resource: ROLE_ARN,
        detail: 'Throttling (HTTP 400): Rate exceeded',
      },
    });

    const diagnosis = await diagnoseReplication(
      replicatedBucket(),
      SAMPLED,
      dependencies({ roles: roles.reader }),
    );

    assert.ok(diagnosis.findings.length > 0);
    assert.ok(diagnosis.findings.every((finding) => finding.code === 'MONITOR_CHECK_INCOMPLETE'));
  });

  it('saves the bucket’s diagnosis with its findings at the clock’s time', async () => {
    const roles = fakeRoles({
      role: observed({ arn: ROLE_ARN, trustPolicy: { Statement: [] } }),
    });
    const store = createInMemoryDiagnosisStore();

    const diagnosis = await diagnoseReplication(
      replicatedBucket(),
      SAMPLED,
      dependencies({ roles: roles.reader, store }),
    );

    assert.deepEqual(codes(diagnosis), ['ROLE_TRUST_MISSING']);
    assert.deepEqual(await store.loadDiagnosis('src'), { computedAt: NOW, findings: diagnosis.findings });
  });

  describe('when the diagnosis cache (the state table) fails', () => {
    const TABLE = 'arn:aws:dynamodb:us-east-1:111122223333:table/monitor';
    const failing = (kind: ReadProblem['kind']): DiagnosisStore => {
      const fail = (action: string) => () =>
        Promise.reject(
          new StoreCallError({ kind, action, resource: TABLE, detail: `${kind} from DynamoDB` }),
        );
      return {
        loadIdentity: fail('dynamodb:GetItem'),
        saveIdentity: fail('dynamodb:PutItem'),
        loadDiagnosis: fail('dynamodb:GetItem'),
        saveDiagnosis: fail('dynamodb:PutItem'),
      };
    };
    const denying = (action: string) => (candidate: string) =>
      candidate === action ? ('implicitDeny' as const) : ('allowed' as const);

    it('asks IAM directly and finds the same gaps, with a refusal reported once per action', async () => {
      const roles = fakeRoles({ decide: denying('s3:ReplicateObject') });

      const diagnosis = await diagnoseReplication(
        replicatedBucket(),
        SAMPLED,
        dependencies({ roles: roles.reader, store: failing('access-denied') }),
      );

      assert.deepEqual(roles.roleCalls, [ROLE_ARN]);
      assert.deepEqual(
        diagnosis.findings.map((finding) => [finding.code, finding.action]),
        [
          ['ROLE_PERMISSION_MISSING', 's3:ReplicateObject'],
          ['MONITOR_ACCESS_DENIED', 'dynamodb:GetItem'],
          ['MONITOR_ACCESS_DENIED', 'dynamodb:PutItem'],
        ],
      );
      assert.match(diagnosis.findings[1]?.remediation ?? '', new RegExp(`"Resource":"${TABLE}"`));
    });

    it('a transient failure is a note, not a finding: the diagnosis itself is complete', async () => {
      const diagnosis = await diagnoseReplication(
        replicatedBucket(),
        SAMPLED,
        dependencies({ store: failing('throttled') }),
      );

      assert.deepEqual(diagnosis.findings, []);
      assert.equal(diagnosis.notes.length, 2);
      for (const note of diagnosis.notes)
        assert.match(note, /diagnosis cache: dynamodb:(Get|Put)Item failed/);
    });
  });
});
