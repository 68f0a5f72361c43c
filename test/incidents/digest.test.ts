import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { digestDue, digestOf } from '../../shared/incidents/digest.js';
import { incidentIdFor } from '../../shared/incidents/grouping.js';
import type { Incident } from '../../shared/incidents/incident.js';
import { freshIncident } from '../../shared/incidents/observe.js';
import { DEFAULT_INCIDENT_SETTINGS } from '../../shared/incidents/settings.js';
import { at, completedLate, eventFailure, metricsDisabled, observe, T0 } from '../helpers/incident-fakes.js';

const settings = { ...DEFAULT_INCIDENT_SETTINGS };
const now = new Date(T0);

function incidentOf(finding: Parameters<typeof incidentIdFor>[0], changes: Partial<Incident> = {}): Incident {
  const [observation] = observe([finding], 'events');
  assert.ok(observation);
  return {
    ...freshIncident(observation, incidentIdFor(finding), T0),
    severity: finding.severity,
    ...changes,
  };
}

describe('digestDue', () => {
  it('is due when never sent, or once the interval passed, unless another audit holds a fresh claim', () => {
    assert.equal(digestDue(undefined, now, settings), true);
    assert.equal(digestDue({ revision: 1, sentAt: at(-1439) }, now, settings), false);
    assert.equal(digestDue({ revision: 1, sentAt: at(-1440) }, now, settings), true);
    assert.equal(digestDue({ revision: 2, claim: { owner: 'x', at: at(-1) } }, now, settings), false);
    assert.equal(digestDue({ revision: 2, claim: { owner: 'x', at: at(-6) } }, now, settings), true);
  });
});

describe('digestOf', () => {
  it('lists what pages nobody: open info incidents and those resolved since the last digest', () => {
    const open = incidentOf(completedLate('a'));
    const resolvedSince = incidentOf(completedLate('b'), {
      id: 'b',
      status: 'resolved',
      resolvedAt: at(-10),
    });
    const resolvedBefore = incidentOf(completedLate('c'), {
      id: 'c',
      status: 'resolved',
      resolvedAt: at(-2000),
    });
    const paging = incidentOf(eventFailure('d'));
    const digest = digestOf(
      [open, resolvedSince, resolvedBefore, paging],
      { revision: 1, sentAt: at(-1440) },
      now,
      settings,
    );
    assert.deepEqual(digest?.incidents.map((incident) => incident.id).sort(), [open.id, 'b'].sort());
    assert.equal(digest?.at, T0);
  });

  it('is undefined with nothing to tell, and leaves out what ALERT_MIN_SEVERITY excludes', () => {
    assert.equal(digestOf([incidentOf(eventFailure('a'))], undefined, now, settings), undefined);
    const warningOnly = { ...settings, digestMinSeverity: 'warning' as const };
    assert.equal(digestOf([incidentOf(completedLate('a'))], undefined, now, warningOnly), undefined);
    const critical = { ...settings, pageMinSeverity: 'critical' as const };
    assert.equal(digestOf([incidentOf(metricsDisabled())], undefined, now, critical)?.incidents.length, 1);
  });
});
