import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeadlineExceededError, StoreCallError } from '../../shared/model/errors.js';
import type { Finding } from '../../shared/model/findings.js';
import {
  mergeTimeBudgetFindings,
  problemFinding,
  storeProblemOf,
  timeBudgetFinding,
} from '../../shared/model/observed.js';

const cutOff = (sourceBucket: string, action: string) =>
  problemFinding(
    {
      kind: 'cut-off',
      action,
      resource: `arn:aws:s3:::${sourceBucket}`,
      detail: "DeadlineExceededError: the audit's time budget ran out while this call was in flight",
      transient: true,
    },
    { sourceBucket, check: 'the configuration' },
  );

describe('mergeTimeBudgetFindings', () => {
  it('makes one finding per bucket of the checks not started and the reads cut off', () => {
    const failed: Finding = {
      code: 'OBJECT_REPLICATION_FAILED',
      severity: 'critical',
      sourceBucket: 'a',
      message: 'failed',
      remediation: 'retry',
    };
    const throttled = problemFinding(
      { kind: 'throttled', action: 's3:GetBucketPolicy', resource: 'arn:aws:s3:::a', detail: 'SlowDown' },
      { sourceBucket: 'a', check: 'the bucket policy' },
    );
    const merged = mergeTimeBudgetFindings([
      failed,
      cutOff('a', 's3:GetBucketVersioning'),
      timeBudgetFinding('a', ['the replication role and KMS keys']),
      throttled,
      cutOff('a', 's3:GetBucketVersioning'),
      timeBudgetFinding('b', ['the replication metrics']),
      timeBudgetFinding('a', ['the replication metrics']),
    ]);

    assert.deepEqual(merged.slice(0, 2), [failed, throttled], 'other findings are kept as they are');
    assert.deepEqual(
      merged.slice(2).map((finding) => [finding.sourceBucket, finding.evidence?.checks]),
      [
        [
          'a',
          [
            's3:GetBucketVersioning on arn:aws:s3:::a',
            'the replication role and KMS keys',
            'the replication metrics',
          ],
        ],
        ['b', ['the replication metrics']],
      ],
    );
    assert.equal(
      merged[2]?.message,
      "The audit's time budget ran out before it checked s3:GetBucketVersioning on arn:aws:s3:::a, the replication role and KMS keys and the replication metrics for a; that part is unknown this run, not healthy.",
    );
    assert.equal(merged[2]?.code, 'MONITOR_CHECK_INCOMPLETE');
  });

  it('leaves a list without time-budget findings unchanged', () => {
    const findings = [cutOff('a', 's3:GetBucketVersioning')].map((finding) => ({
      ...finding,
      evidence: { kind: 'error', detail: 'InternalError (HTTP 500): try again' },
    }));
    assert.deepEqual(mergeTimeBudgetFindings(findings), findings);
  });
});

describe('storeProblemOf', () => {
  it('keeps the classification of a StoreCallError, and calls anything else an error of the given action', () => {
    const problem = {
      kind: 'access-denied' as const,
      action: 'dynamodb:PutItem',
      resource: 'arn:aws:dynamodb:eu-west-1:111122223333:table/monitor',
      detail: 'AccessDeniedException',
    };
    assert.equal(storeProblemOf(new StoreCallError(problem), 'save', 'the table'), problem);
    assert.deepEqual(storeProblemOf(new TypeError('item is malformed'), 'load sampling state', 'the table'), {
      kind: 'error',
      action: 'load sampling state',
      resource: 'the table',
      detail: 'TypeError: item is malformed',
    });
  });

  it('calls a read abandoned at the deadline a cut-off, which passes by itself', () => {
    assert.deepEqual(storeProblemOf(new DeadlineExceededError(), 's3:GetObject', 'arn:aws:s3:::a/k'), {
      kind: 'cut-off',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::a/k',
      detail: "DeadlineExceededError: the audit's time budget ran out while this call was in flight",
      transient: true,
    });
  });
});

describe('problemFinding of a cut-off read', () => {
  it('says the read was cut off at the deadline, and is folded into the time-budget finding', () => {
    const finding = cutOff('a', 's3:GetBucketVersioning');
    assert.equal(finding.code, 'MONITOR_CHECK_INCOMPLETE');
    assert.match(finding.message, /was cut off at the audit's deadline/);
    assert.deepEqual(finding.evidence?.kind, 'cut-off');
    const merged = mergeTimeBudgetFindings([finding]);
    assert.deepEqual(
      merged.map((each) => each.evidence?.kind),
      ['time-budget'],
    );
  });
});
