import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupIntoAlerts } from '../../shared/model/alerts.js';
import { failedFinding } from '../helpers/findings.js';

const options = { observedAt: new Date('2026-11-22T12:00:00Z'), sampleSize: 3 };

describe('groupIntoAlerts', () => {
  it('makes one alert of 10,000 failures with one cause, with a bounded sample', () => {
    const findings = Array.from({ length: 10_000 }, (_, index) =>
      failedFinding({
        key: `k${index}`,
        evidence: { eventTime: new Date(Date.UTC(2026, 10, 22, 10, 0, index % 3600)).toISOString() },
      }),
    );
    const alerts = groupIntoAlerts(findings, options);
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]?.count, 10_000);
    assert.deepEqual(alerts[0]?.samples, [
      { key: 'k0', versionId: 'v1' },
      { key: 'k1', versionId: 'v1' },
      { key: 'k2', versionId: 'v1' },
    ]);
    assert.equal(alerts[0]?.firstSeen, '2026-11-22T10:00:00.000Z');
    assert.equal(alerts[0]?.lastSeen, '2026-11-22T10:59:59.000Z');
  });

  it('separates causes and orders them by severity, then size', () => {
    const alerts = groupIntoAlerts(
      [
        failedFinding({ code: 'REPLICATION_COMPLETED_LATE', severity: 'info', failureReason: undefined }),
        failedFinding({ key: 'a' }),
        failedFinding({ failureReason: 'DstBucketUnversioned', key: 'b' }),
        failedFinding({ failureReason: 'DstBucketUnversioned', key: 'c' }),
      ],
      options,
    );
    assert.deepEqual(
      alerts.map((alert) => [alert.code, alert.failureReason, alert.count]),
      [
        ['REPLICATION_FAILED', 'DstBucketUnversioned', 2],
        ['REPLICATION_FAILED', 'DstPutObjectNotPermitted', 1],
        ['REPLICATION_COMPLETED_LATE', undefined, 1],
      ],
    );
  });

  it('uses the run time for findings that carry no event time', () => {
    const [alert] = groupIntoAlerts([failedFinding({ evidence: {} })], options);
    assert.equal(alert?.firstSeen, '2026-11-22T12:00:00.000Z');
  });
});
