import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { awsActionOf, FAULT_KINDS, faultResponse } from '../../shared/sim/faults.js';
import {
  auditEverything,
  type OnDemandReport,
  startAuditHarness,
} from '../helpers/reliability/audit-harness.js';
import { aboutFaulty, assertFaultReported, auditWithFault } from '../helpers/reliability/fault-matrix.js';
import { faultWorld } from '../helpers/reliability/fault-world.js';
import { tally } from '../helpers/reliability/figures.js';
import { transportFor } from '../helpers/reliability/sns-faults.js';

/** A call that hangs past the clients' timeouts fails the suite instead of stalling CI. */
const HANG = 180_000;

/**
 * Every call the audit makes about a bucket, its role and its keys. The first test keeps this list
 * honest: a call added to the audit and missing here fails it.
 */
const ACTIONS = [
  's3:ListAllMyBuckets',
  's3:GetBucketLocation',
  's3:GetReplicationConfiguration',
  's3:GetBucketVersioning',
  's3:GetBucketObjectLockConfiguration',
  's3:GetEncryptionConfiguration',
  's3:GetBucketRequestPayment',
  's3:GetBucketPolicy',
  's3:ListBucket',
  's3:GetObject',
  's3:GetObjectTagging',
  'cloudwatch:GetMetricData',
  'iam:GetRole',
  'iam:SimulatePrincipalPolicy',
  'kms:DescribeKey',
  'kms:GetKeyPolicy',
];

/** Calls whose failure does not keep another of the list from being made. */
const INDEPENDENT_GROUPS = [
  ['s3:ListAllMyBuckets'],
  ['s3:GetBucketLocation'],
  ['s3:GetReplicationConfiguration'],
  ['s3:ListBucket'],
  ['s3:GetObject'],
  ['iam:GetRole'],
  ['iam:SimulatePrincipalPolicy', 'kms:DescribeKey'],
  [
    's3:GetBucketVersioning',
    's3:GetBucketObjectLockConfiguration',
    's3:GetEncryptionConfiguration',
    's3:GetBucketRequestPayment',
    's3:GetBucketPolicy',
    's3:GetObjectTagging',
    'cloudwatch:GetMetricData',
    'kms:GetKeyPolicy',
  ],
];

describe('audit: faults injected on every AWS call it makes', { timeout: HANG }, () => {
  let baseline: OnDemandReport;
  const made = new Set<string>();
  before(async () => {
    const harness = await startAuditHarness({
      world: faultWorld(),
      onRequest: (request) => {
        if (aboutFaulty(request)) made.add(awsActionOf(request));
      },
    });
    baseline = await auditEverything(harness);
  });

  it('covers every call the audit makes', () => {
    made.delete('sns:Publish');
    assert.deepEqual([...made].sort(), [...ACTIONS].sort());
    assert.deepEqual(INDEPENDENT_GROUPS.flat().sort(), [...ACTIONS].sort());
    assert.deepEqual(
      baseline.findings.map((finding) => finding.code).sort(),
      [
        'OBJECT_REPLICATION_FAILED',
        'OBJECT_REPLICATION_FAILED',
        'OBJECT_REPLICATION_STUCK',
        'REPLICATION_LATENCY_HIGH',
        'REPLICATION_OPERATIONS_FAILED',
      ],
      'the fault-free audit sees exactly the planted problems',
    );
  });

  for (const kind of ['throttle', 'server-error', 'access-denied'] as const) {
    describe(`${kind} on every attempt`, () => {
      for (const action of ACTIONS) {
        it(`${action}: the audit finishes, reports it, and claims nothing it could not see`, async () => {
          const scenario = { actions: [action], kind };
          const { report, injected } = await auditWithFault(scenario);
          assert.ok(injected > 0, 'the fault was injected');
          assertFaultReported(baseline, report, scenario);
        });
      }
    });
  }

  // Over real sockets. To the audit a reset or a timeout is what a 500 is (an error after the SDK's
  // retries), so calls that do not gate one another fail together in one audit.
  for (const kind of ['reset', 'timeout'] as const) {
    describe(`${kind} on every attempt, over sockets`, { concurrency: 4 }, () => {
      for (const actions of INDEPENDENT_GROUPS) {
        it(`${actions.join(', ')}: the audit finishes and reports each`, async () => {
          const scenario = { actions, kind, transport: 'socket' as const };
          const { report, injected } = await auditWithFault(scenario);
          assert.ok(injected > 0, 'the fault was injected');
          assertFaultReported(baseline, report, scenario);
        });
      }
    });
  }

  // The monitor's own account (sts:GetCallerIdentity) only spares a GetKeyPolicy that KMS would
  // refuse for another account's key: without it every key policy is read, and nothing is lost.
  describe('sts:GetCallerIdentity on every attempt', () => {
    for (const kind of FAULT_KINDS) {
      it(`${kind}: the key policies are read all the same, and the report is the fault-free one`, async () => {
        let injected = 0;
        const harness = await startAuditHarness({
          world: faultWorld(),
          transport: transportFor(kind),
          fault: (request) => {
            if (request.service !== 'sts') return undefined;
            injected += 1;
            return faultResponse(kind, request);
          },
        });
        try {
          const report = await auditEverything(harness);
          assert.ok(injected > 0, 'the fault was injected');
          tally(`faults.${kind}`, injected);
          tally('faults.audits');
          assert.deepEqual(
            report.findings.map((finding) => finding.fingerprint).sort(),
            baseline.findings.map((finding) => finding.fingerprint).sort(),
          );
          assert.deepEqual(report.buckets, baseline.buckets);
        } finally {
          await harness.close();
        }
      });
    }
  });

  describe('transient faults: the first attempt of every call fails, over sockets', {
    concurrency: 4,
  }, () => {
    for (const kind of FAULT_KINDS.filter((kind) => kind !== 'access-denied')) {
      it(`${kind}: the SDK's retries absorb it and the report is the fault-free one`, async () => {
        const { report, injected } = await auditWithFault({
          actions: ['*'],
          kind,
          persistence: 'first-attempt',
          transport: 'socket',
        });
        assert.ok(injected >= 40, `faults injected on every call (${injected})`);
        assert.deepEqual(
          report.findings.map((finding) => finding.fingerprint).sort(),
          baseline.findings.map((finding) => finding.fingerprint).sort(),
        );
        assert.deepEqual(report.buckets, baseline.buckets);
      });
    }

    it('throttle on HeadObject and GetMetricData with the deployed retry settings (adaptive, 5 attempts): absorbed', async () => {
      const { report, injected } = await auditWithFault(
        {
          actions: ['s3:GetObject', 'cloudwatch:GetMetricData'],
          kind: 'throttle',
          persistence: 'first-attempt',
          transport: 'socket',
        },
        { productionRetries: true },
      );
      assert.ok(injected >= 7, `faults injected (${injected})`);
      assert.deepEqual(
        report.findings.map((finding) => finding.fingerprint).sort(),
        baseline.findings.map((finding) => finding.fingerprint).sort(),
      );
    });
  });
});
