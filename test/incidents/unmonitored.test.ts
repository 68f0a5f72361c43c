import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openWorld } from '../../shared/cli/world-session.js';
import { loadConfig } from '../../shared/config/config.js';
import type { Incident } from '../../shared/incidents/incident.js';
import { createInMemoryIncidentStore, type IncidentStore } from '../../shared/incidents/incident-store.js';
import { reportIncidents } from '../../shared/incidents/report-incidents.js';
import { applyUnmonitored, coveredAgain } from '../../shared/incidents/resolution.js';
import { DEFAULT_INCIDENT_SETTINGS } from '../../shared/incidents/settings.js';
import { fixedClock } from '../../shared/model/clock.js';
import { at, eventFailure, metricsDisabled, observe } from '../helpers/incident-fakes.js';
import { auditHandlerOn, incidentDependencies, recordingChannels } from '../helpers/incident-handlers.js';
import { exampleWorld, worldFile } from '../helpers/worlds.js';

const RETIRED = 'acme-retired-prod';
const settings = { ...DEFAULT_INCIDENT_SETTINGS, unmonitoredGraceMinutes: 60 };

/** An open incident of RETIRED with one audit cause and one event cause, as last written. */
async function openIncidentOf(store: IncidentStore, findings: 'audit' | 'both'): Promise<Incident> {
  const observations = observe([{ ...metricsDisabled(), sourceBucket: RETIRED }], 'audit', at(0));
  if (findings === 'both')
    observations.push(
      ...observe([{ ...eventFailure('a', { time: at(0) }), sourceBucket: RETIRED }], 'events'),
    );
  const channels = recordingChannels();
  await reportIncidents(
    [
      {
        bucket: RETIRED,
        observations,
        audit: {
          auditId: 'seed',
          startedAt: at(0),
          complete: true,
          metricsRead: new Set(),
          replicated: new Set(),
        },
      },
    ],
    { ...incidentDependencies(store, fixedClock(at(0)), channels), settings },
  );
  const [incident] = (await store.loadBucket(RETIRED)).filter((item) => item.code === metricsDisabled().code);
  assert.ok(incident);
  return incident;
}

describe('applyUnmonitored', () => {
  it('starts the grace period at the first full audit without the bucket and resolves once it has passed', async () => {
    const incident = await openIncidentOf(createInMemoryIncidentStore(), 'audit');
    applyUnmonitored(incident, at(10), new Date(at(10)), settings);
    assert.equal(incident.unmonitoredSince, at(10));
    applyUnmonitored(incident, at(60), new Date(at(60)), settings);
    assert.equal(incident.status, 'open', '50 minutes of 60');
    assert.equal(incident.unmonitoredSince, at(10), 'later audits do not restart it');
    applyUnmonitored(incident, at(70), new Date(at(70)), settings);
    assert.equal(incident.status, 'resolved');
    assert.equal(incident.resolvedBecause, 'unmonitored');
    assert.equal(incident.resolvedAt, at(70));
  });

  it('keeps a cause observed since the bucket left the audited set open, and ends the grace when the bucket is audited again', async () => {
    const incident = await openIncidentOf(createInMemoryIncidentStore(), 'audit');
    applyUnmonitored(incident, at(10), new Date(at(10)), settings);
    const [cause] = incident.causes;
    assert.ok(cause);
    cause.lastObservedAt = at(20);
    applyUnmonitored(incident, at(80), new Date(at(80)), settings);
    assert.equal(incident.status, 'open', 'observed after the audit stopped covering the bucket');
    coveredAgain(incident);
    assert.equal(incident.unmonitoredSince, undefined);
  });
});

describe('a bucket that leaves the audited set (the scheduled audit handler, a simulated account)', () => {
  const config = loadConfig({
    ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:replication-alerts',
    INCIDENT_UNMONITORED_GRACE_MINUTES: '60',
  });
  const world = (now: string) => worldFile({ ...exampleWorld('healthy-multi-rule'), now });
  async function audit(store: IncidentStore, now: string, payload: unknown) {
    const session = await openWorld(world(now));
    const channels = recordingChannels();
    const handler = auditHandlerOn(session, config, {
      ...incidentDependencies(store, session.clock, channels),
      settings,
    });
    await handler(payload, { getRemainingTimeInMillis: () => 300_000 });
    return channels;
  }
  const scheduled = { source: 'aws.events', 'detail-type': 'Scheduled Event' };

  it('resolves its incident with a "no longer monitored" notice after the grace period; an audit of chosen buckets starts no grace', async () => {
    const store = createInMemoryIncidentStore();
    await openIncidentOf(store, 'audit');
    const incident = async () =>
      (await store.loadBucket(RETIRED)).find((item) => item.code === metricsDisabled().code);

    await audit(store, at(5), { buckets: ['acme-orders-prod'] });
    assert.equal((await incident())?.unmonitoredSince, undefined, 'an on-demand audit of chosen buckets');

    await audit(store, at(10), scheduled);
    assert.equal((await incident())?.unmonitoredSince, at(10));
    const early = await audit(store, at(65), scheduled);
    assert.equal((await incident())?.status, 'open');
    assert.deepEqual(early.sns, []);

    const late = await audit(store, at(75), scheduled);
    const resolved = await incident();
    assert.equal(resolved?.status, 'resolved');
    assert.equal(resolved?.resolvedBecause, 'unmonitored');
    assert.equal(late.sns.length, 1);
    const [notice] = late.sns;
    assert.match(notice?.subject ?? '', /^\[NO LONGER MONITORED\]/);
    assert.match(
      notice?.message.email ?? '',
      /Why: {4}No longer monitored: the scheduled audit stopped covering this bucket/,
    );
    assert.equal(JSON.parse(notice?.message.default ?? '{}').resolvedBecause, 'unmonitored');
    const event = late.events.find((entry) => entry.DetailType === 'Replication Incident Resolved');
    assert.equal(JSON.parse(event?.Detail ?? '{}').resolvedBecause, 'unmonitored');
  });
});
