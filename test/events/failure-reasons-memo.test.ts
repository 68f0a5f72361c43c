import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseFailure } from '../../shared/events/failure-reasons.js';

const ROLE = 'arn:aws:iam::111122223333:role/replication';

describe('diagnoseFailure (repeated)', () => {
  it('answers a repeated reason and context with the same diagnosis', () => {
    const context = { sourceBucket: 'src', destinationBucket: 'dst', ruleId: 'to-dr' };
    const first = diagnoseFailure('DstPutObjectNotPermitted', context);
    assert.equal(diagnoseFailure('DstPutObjectNotPermitted', { ...context }), first);
  });

  it('writes each bucket, destination, rule and role into its own text', () => {
    const base = { sourceBucket: 'src', destinationBucket: 'dst', ruleId: 'to-dr' };
    const text = (context: typeof base) => {
      const { meaning, remediation } = diagnoseFailure('DstBucketNotFound', context);
      return `${meaning} ${remediation}`;
    };
    const plain = text(base);
    for (const [field, value] of [
      ['sourceBucket', 'other-src'],
      ['destinationBucket', 'other-dst'],
      ['ruleId', 'other-rule'],
    ] as const) {
      assert.match(text({ ...base, [field]: value }), new RegExp(value), field);
      assert.doesNotMatch(plain, new RegExp(value), field);
    }
    const withRole = diagnoseFailure('DstPutObjectNotPermitted', { ...base, roleArn: ROLE }).remediation;
    assert.match(withRole, /role\/replication/);
    assert.doesNotMatch(diagnoseFailure('DstPutObjectNotPermitted', base).remediation, /role\/replication/);
  });

  it('hands out a diagnosis no caller can change for the next one', () => {
    const diagnosis = diagnoseFailure('AssumeRoleNotPermitted', { sourceBucket: 'src' });
    assert.throws(() => Object.assign(diagnosis, { meaning: 'changed' }), TypeError);
    assert.notEqual(diagnoseFailure('AssumeRoleNotPermitted', { sourceBucket: 'src' }).meaning, 'changed');
  });

  it('still rejects a context without a source bucket', () => {
    assert.throws(
      () => diagnoseFailure('AssumeRoleNotPermitted', { sourceBucket: '' }),
      /context\.sourceBucket/,
    );
  });
});
