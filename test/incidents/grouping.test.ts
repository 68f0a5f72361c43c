import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { incidentIdFor, incidentKindOf, matchIncident } from '../../shared/incidents/grouping.js';
import type { Incident } from '../../shared/incidents/incident.js';
import { freshIncident } from '../../shared/incidents/observe.js';
import { FINDING_CODES } from '../../shared/model/findings.js';
import { causeFingerprint } from '../../shared/model/fingerprint.js';
import { eventFailure, metricsDisabled, objectFailed, observe, T0 } from '../helpers/incident-fakes.js';

function incidentFor(
  finding: Parameters<typeof incidentIdFor>[0],
  changes: Partial<Incident> = {},
): Incident {
  const [observation] = observe([finding], 'events');
  assert.ok(observation);
  return { ...freshIncident(observation, incidentIdFor(finding), T0), ...changes };
}

describe('incidentKindOf', () => {
  it('gathers failing and delayed replication, and gives every other code an incident per cause', () => {
    const kinds = Object.fromEntries(FINDING_CODES.map((code) => [code, incidentKindOf(code)]));
    const of = (kind: string) =>
      Object.keys(kinds)
        .filter((code) => kinds[code] === kind)
        .sort();
    assert.deepEqual(of('replication-failing'), [
      'OBJECT_REPLICATION_FAILED',
      'REPLICATION_FAILED',
      'REPLICATION_OPERATIONS_FAILED',
    ]);
    assert.deepEqual(of('replication-delayed'), [
      'OBJECT_REPLICATION_STUCK',
      'REPLICATION_BACKLOG',
      'REPLICATION_LATENCY_HIGH',
      'REPLICATION_THRESHOLD_MISSED',
    ]);
    assert.equal(kinds.REPLICATION_COMPLETED_LATE, 'finding');
    assert.equal(kinds.REPLICATION_NOT_TRACKED, 'finding');
  });
});

describe('incidentIdFor', () => {
  it('is the cause fingerprint for a finding incident, and stable per key for the others', () => {
    assert.equal(incidentIdFor(metricsDisabled()), causeFingerprint(metricsDisabled()));
    assert.equal(incidentIdFor(eventFailure('a')), incidentIdFor(eventFailure('b')));
    assert.notEqual(
      incidentIdFor(eventFailure('a')),
      incidentIdFor(eventFailure('a', { reason: 'DstBucketUnversioned' })),
    );
    assert.notEqual(incidentIdFor(eventFailure('a')), incidentIdFor(objectFailed('a')));
    assert.match(incidentIdFor(objectFailed('a')), /^[0-9a-f]{24}$/);
  });
});

describe('matchIncident', () => {
  const windowStart = '2026-11-22T10:00:00.000Z';

  it('joins an audit finding to any open incident of its rule and destination, whatever its reason', () => {
    const byEvents = incidentFor(eventFailure('a', { reason: 'DstKmsKeyInvalidState' }));
    assert.equal(matchIncident([byEvents], objectFailed('x'), windowStart), byEvents);
  });

  it('joins an event to the incident with its exact reason, else to one without a reason of its own', () => {
    const permission = incidentFor(eventFailure('a'));
    const byAudit = incidentFor(objectFailed('b'));
    const kms = eventFailure('c', { reason: 'DstKmsKeyInvalidState' });
    assert.equal(matchIncident([byAudit, permission], eventFailure('d'), windowStart), permission);
    assert.equal(matchIncident([byAudit, permission], kms, windowStart), byAudit);
    assert.equal(matchIncident([permission], kms, windowStart), undefined);
  });

  it('reopens only what was resolved within the window, preferring open incidents', () => {
    const recent = incidentFor(eventFailure('a'), {
      status: 'resolved',
      resolvedAt: '2026-11-22T11:00:00.000Z',
    });
    const old = incidentFor(metricsDisabled(), {
      status: 'resolved',
      resolvedAt: '2026-11-22T09:00:00.000Z',
    });
    assert.equal(matchIncident([recent], eventFailure('b'), windowStart), recent);
    assert.equal(matchIncident([old], metricsDisabled(), windowStart), undefined);
    const open = incidentFor(objectFailed('c'));
    assert.equal(matchIncident([recent, open], objectFailed('d'), windowStart), open);
  });
});
