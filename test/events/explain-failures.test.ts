import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KnownDiagnosis } from '../../shared/diagnosis/attach-diagnosis.js';
import {
  type EventProcessingOptions,
  processReplicationEvents,
} from '../../shared/events/process-replication-events.js';
import { fixedClock } from '../../shared/model/clock.js';
import type { Finding } from '../../shared/model/findings.js';
import { documentedRecord } from '../helpers/fixtures.js';

const options: EventProcessingOptions = {
  severityOverrides: {},
  minimumAlertSeverity: 'warning',
  alertSampleSize: 5,
  publishConcurrency: 2,
};

const trustMissing: Finding = {
  code: 'ROLE_TRUST_MISSING',
  severity: 'critical',
  sourceBucket: 'amzn-s3-demo-bucket1',
  principal: 'arn:aws:iam::111122223333:role/replication',
  layer: 'trust-policy',
  decision: 'implicitDeny',
  message: 'The trust policy of the role does not let s3.amazonaws.com assume it.',
  remediation: 'Add this statement to the role trust policy: {"Effect":"Allow"}',
};

describe('processReplicationEvents with the audit diagnosis', () => {
  it('names the diagnosed cause of a permission failure, reading each bucket once', async () => {
    const reads: string[] = [];
    const diagnoses = async (bucket: string): Promise<KnownDiagnosis | undefined> => {
      reads.push(bucket);
      return { computedAt: '2026-11-22T11:55:00.000Z', findings: [trustMissing] };
    };
    const second = documentedRecord();
    second.s3.object.key = 'another-object';
    const outcome = await processReplicationEvents(
      { Records: [documentedRecord(), second] },
      { clock: fixedClock('2026-11-22T12:00:00Z'), options, diagnoses },
    );
    assert.equal(outcome.findings.length, 2);
    for (const finding of outcome.findings) {
      assert.equal(finding.failureReason, 'AssumeRoleNotPermitted');
      assert.match(
        finding.remediation,
        /^The audit of 2026-11-22T11:55:00.000Z found the cause: The trust policy/,
      );
      assert.deepEqual(
        (finding.evidence?.diagnosis as { code: string }[] | undefined)?.map((cause) => cause.code),
        ['ROLE_TRUST_MISSING'],
      );
    }
    assert.deepEqual(reads, ['amzn-s3-demo-bucket1']);
  });

  it('sends the failure as it is when the diagnosis cannot be read', async () => {
    const outcome = await processReplicationEvents(
      { Records: [documentedRecord()] },
      {
        clock: fixedClock('2026-11-22T12:00:00Z'),
        options,
        diagnoses: async () => {
          throw new Error('table unavailable');
        },
      },
    );
    assert.equal(outcome.findings.length, 1);
    assert.equal(outcome.findings[0]?.evidence?.diagnosis, undefined);
    assert.doesNotMatch(outcome.findings[0]?.remediation ?? '', /found the cause/);
  });
});
