import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultNoticeRenderer } from '../../shared/incidents/incident-delivery.js';
import { createInMemoryIncidentStore, type IncidentStore } from '../../shared/incidents/incident-store.js';
import {
  eventTimeOf,
  type IncidentDependencies,
  observationsByBucket,
  reportIncidents,
  withFingerprints,
} from '../../shared/incidents/report-incidents.js';
import { DEFAULT_INCIDENT_SETTINGS } from '../../shared/incidents/settings.js';
import { fixedClock } from '../../shared/model/clock.js';
import type { Finding } from '../../shared/model/findings.js';
import { fingerprint } from '../../shared/model/fingerprint.js';
import {
  eventFailure,
  metricsDisabled,
  objectFailed,
  observe,
  recordingIncidentPublisher,
  SOURCE,
  T0,
} from '../helpers/incident-fakes.js';

const OTHER = 'acme-ledger-prod';

function dependencies(
  store: IncidentStore,
  publisher = recordingIncidentPublisher().publisher,
): IncidentDependencies {
  return {
    store,
    settings: DEFAULT_INCIDENT_SETTINGS,
    clock: fixedClock(T0),
    channels: { renderer: defaultNoticeRenderer, concurrency: 2, publisher },
    retry: { attempts: 2, pause: async () => undefined },
  };
}

/** The same finding, for another source bucket. */
const inBucket = (finding: Finding, sourceBucket: string): Finding => ({ ...finding, sourceBucket });

/** A store whose writes fail (not a conflict: the table is unavailable) for the incidents `fails` picks. */
function failingStore(fails: (incident: { sourceBucket: string; kind: string }) => boolean): IncidentStore {
  const store = createInMemoryIncidentStore();
  return {
    ...store,
    save: async (incident) => {
      if (fails(incident))
        throw Object.assign(new Error('table unavailable'), { name: 'InternalServerError' });
      return store.save(incident);
    },
  };
}

describe('observationsByBucket', () => {
  it('groups findings by source bucket, each seen at its event time or else the run time', () => {
    const event = eventFailure('a', { time: '2026-11-22T11:58:30+00:00' });
    const sampled = inBucket(objectFailed('b'), OTHER);
    const garbled = { ...eventFailure('c'), evidence: { eventTime: 'yesterday' } };

    const grouped = observationsByBucket(
      withFingerprints([event, sampled, garbled]),
      'events',
      new Date('2026-11-22T12:05:00Z'),
    );

    assert.deepEqual([...grouped.keys()], [SOURCE, OTHER]);
    assert.deepEqual(
      grouped
        .get(SOURCE)
        ?.map((observation) => [observation.finding.key, observation.seenAt, observation.source]),
      [
        ['a', '2026-11-22T11:58:30.000Z', 'events'],
        ['c', '2026-11-22T12:05:00.000Z', 'events'],
      ],
    );
    assert.equal(grouped.get(OTHER)?.[0]?.id, fingerprint(sampled));
  });

  it('reads an event time only from a valid timestamp', () => {
    assert.equal(
      eventTimeOf(eventFailure('a', { time: '2026-11-22T12:00:00Z' })),
      '2026-11-22T12:00:00.000Z',
    );
    assert.equal(eventTimeOf(objectFailed('a')), undefined);
    assert.equal(eventTimeOf({ ...objectFailed('a'), evidence: { eventTime: 42 } }), undefined);
  });
});

describe('reportIncidents across buckets', () => {
  it('opens one incident per bucket, maps every finding to its incident, and delivers each opening once', async () => {
    const store = createInMemoryIncidentStore();
    const { publisher, published } = recordingIncidentPublisher();
    const findings = [eventFailure('a'), eventFailure('b'), inBucket(eventFailure('c'), OTHER)];

    const report = await reportIncidents(
      [...observationsByBucket(withFingerprints(findings), 'events', new Date(T0))].map(
        ([bucket, observations]) => ({
          bucket,
          observations,
        }),
      ),
      dependencies(store, publisher),
    );

    assert.equal(report.incidents.length, 2);
    assert.deepEqual(
      report.notices.map((notice) => notice.transition),
      ['opened', 'opened'],
    );
    assert.equal(published.length, 2);
    assert.equal(report.delivered, 2);
    const byBucket = new Map(report.incidents.map((incident) => [incident.sourceBucket, incident.id]));
    assert.deepEqual(
      findings.map((finding) => report.assignments.get(fingerprint(finding))),
      [byBucket.get(SOURCE), byBucket.get(SOURCE), byBucket.get(OTHER)],
    );
    assert.deepEqual([...report.failedBuckets.keys()], []);
  });

  it("fails only the bucket whose incidents cannot be written; the other's are written and delivered", async () => {
    const store = failingStore((incident) => incident.sourceBucket === OTHER);
    const { publisher, published } = recordingIncidentPublisher();

    const report = await reportIncidents(
      [
        { bucket: OTHER, observations: observe([inBucket(eventFailure('x'), OTHER)], 'events') },
        { bucket: SOURCE, observations: observe([eventFailure('a')], 'events') },
      ],
      dependencies(store, publisher),
    );

    assert.deepEqual([...report.failedBuckets.keys()], [OTHER]);
    assert.equal((report.failedBuckets.get(OTHER) as Error).name, 'IncidentWriteError');
    assert.deepEqual(
      report.incidents.map((incident) => incident.sourceBucket),
      [SOURCE],
    );
    assert.equal(published.length, 1);
    assert.equal((await store.loadBucket(SOURCE)).length, 1);
  });

  it('delivers the notices of the incidents written before a bucket failed part-way, and fails the bucket', async () => {
    // Two causes in one bucket: the failing replication is written, the metrics warning is not.
    const store = failingStore((incident) => incident.kind !== 'replication-failing');
    const { publisher, published } = recordingIncidentPublisher();

    const report = await reportIncidents(
      [{ bucket: SOURCE, observations: observe([eventFailure('a'), metricsDisabled()], 'audit') }],
      dependencies(store, publisher),
    );

    assert.deepEqual([...report.failedBuckets.keys()], [SOURCE]);
    assert.deepEqual(
      report.incidents.map((incident) => incident.kind),
      ['replication-failing'],
    );
    assert.equal(published.length, 1, 'the written incident is announced now, not left to a takeover');
    assert.equal(report.delivered, 1);
  });
});
