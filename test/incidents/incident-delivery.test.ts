import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Incident } from '../../shared/incidents/incident.js';
import { defaultNoticeRenderer, type IncidentPublisher } from '../../shared/incidents/incident-delivery.js';
import { createInMemoryIncidentStore, type IncidentStore } from '../../shared/incidents/incident-store.js';
import { type IncidentDependencies, reportIncidents } from '../../shared/incidents/report-incidents.js';
import { DEFAULT_INCIDENT_SETTINGS } from '../../shared/incidents/settings.js';
import { fixedClock } from '../../shared/model/clock.js';
import {
  eventFailure,
  observe,
  pendingOf,
  recordingEventPublisher,
  recordingIncidentPublisher,
  SOURCE,
  T0,
} from '../helpers/incident-fakes.js';

function dependencies(
  store: IncidentStore,
  publisher: IncidentPublisher,
  events?: ReturnType<typeof recordingEventPublisher>['publisher'],
): IncidentDependencies {
  return {
    store,
    settings: DEFAULT_INCIDENT_SETTINGS,
    clock: fixedClock(T0),
    channels: {
      renderer: defaultNoticeRenderer,
      concurrency: 2,
      publisher,
      ...(events === undefined ? {} : { events: { busName: 'monitor-bus', publisher: events } }),
    },
    retry: { attempts: 4, pause: async () => undefined },
  };
}

const work = (...keys: string[]) => [
  {
    bucket: SOURCE,
    observations: observe(
      keys.map((key) => eventFailure(key)),
      'events',
    ),
  },
];
const stored = async (store: IncidentStore): Promise<Incident[]> => store.loadBucket(SOURCE);

describe('reportIncidents: delivery', () => {
  it('writes the incident with its notice pending before publishing, and clears it after', async () => {
    const store = createInMemoryIncidentStore();
    const seenAtPublish: number[] = [];
    const publisher: IncidentPublisher = {
      async publish() {
        seenAtPublish.push(pendingOf(await stored(store)).length);
      },
    };
    const report = await reportIncidents(work('a'), dependencies(store, publisher));
    assert.deepEqual(seenAtPublish, [1]);
    assert.deepEqual(pendingOf(await stored(store)), []);
    assert.equal(report.delivered, 1);
    assert.deepEqual(
      report.notices.map((notice) => notice.transition),
      ['opened'],
    );
  });

  it('keeps a notice whose publish failed, and the next attempt sends it once', async () => {
    const store = createInMemoryIncidentStore();
    const failing = recordingIncidentPublisher(() => true);
    const first = await reportIncidents(work('a'), dependencies(store, failing.publisher));
    assert.equal(first.failedIncidents.size, 1);
    const [pending] = pendingOf(await stored(store));
    assert.equal(pending?.transition, 'opened');
    assert.equal(pending?.people, true);
    assert.equal(pending?.claim, undefined, 'the claim is released for the retry');

    const working = recordingIncidentPublisher();
    const retry = await reportIncidents(work('a'), dependencies(store, working.publisher));
    assert.equal(retry.failedIncidents.size, 0);
    assert.deepEqual(
      working.published.map((notification) => notification.messageAttributes.transition?.StringValue),
      ['opened'],
    );
    await reportIncidents(work('a'), dependencies(store, working.publisher));
    assert.equal(working.published.length, 1, 'a third delivery sends nothing more');
    assert.equal((await stored(store))[0]?.affected, 1);
  });

  it('puts every transition on EventBridge, and retries there only what EventBridge missed', async () => {
    const store = createInMemoryIncidentStore();
    const sns = recordingIncidentPublisher();
    const broken = recordingEventPublisher(() => true);
    const first = await reportIncidents(work('a'), dependencies(store, sns.publisher, broken.publisher));
    assert.equal(first.failedIncidents.size, 1);
    assert.equal(sns.published.length, 1);
    assert.deepEqual(
      pendingOf(await stored(store)).map((notice) => [notice.people, notice.events]),
      [[false, true]],
    );
    const events = recordingEventPublisher();
    await reportIncidents(work('a'), dependencies(store, sns.publisher, events.publisher));
    assert.equal(sns.published.length, 1, 'people are not told twice');
    assert.deepEqual(
      events.put.map((entry) => [entry.DetailType, entry.EventBusName]),
      [['Replication Incident Opened', 'monitor-bus']],
    );
    assert.deepEqual(pendingOf(await stored(store)), []);
  });

  it('never sends a notice another invocation is still delivering', async () => {
    const store = createInMemoryIncidentStore();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow = recordingIncidentPublisher();
    const blocked: IncidentPublisher = {
      async publish(notification) {
        await gate;
        await slow.publisher.publish(notification);
      },
    };
    const first = reportIncidents(work('a'), dependencies(store, blocked));
    // Let the first invocation write its incident and start publishing.
    while (pendingOf(await stored(store)).length === 0) await new Promise((resolve) => setImmediate(resolve));
    const other = recordingIncidentPublisher();
    await reportIncidents(work('a', 'b'), dependencies(store, other.publisher));
    release();
    await first;
    assert.equal(other.published.length, 0);
    assert.equal(slow.published.length, 1);
    assert.equal((await stored(store))[0]?.affected, 2);
    assert.deepEqual(pendingOf(await stored(store)), []);
  });
});

describe('reportIncidents: conflicting writers', () => {
  /** A store whose first `conflicts` saves lose to another writer that counts object `b`. */
  function racingStore(conflicts: number): IncidentStore {
    const store = createInMemoryIncidentStore();
    let left = conflicts;
    return {
      ...store,
      async save(incident) {
        if (left > 0) {
          left -= 1;
          await reportIncidents(
            work(`racer-${left}`),
            dependencies(store, recordingIncidentPublisher().publisher),
          );
        }
        return store.save(incident);
      },
    };
  }

  it('reloads and applies its change again on a conflict, losing nothing and sending the opening once', async () => {
    const store = racingStore(1);
    const sns = recordingIncidentPublisher();
    const report = await reportIncidents(work('a'), dependencies(store, sns.publisher));
    assert.equal(report.failedBuckets.size, 0);
    const [incident] = await stored(store);
    assert.equal(incident?.affected, 2);
    // The racer opened it and sent the notice; this writer joined.
    assert.equal(sns.published.length, 0);
  });

  it('fails the bucket after the retry budget, so the invocation is retried', async () => {
    const report = await reportIncidents(
      work('a'),
      dependencies(racingStore(10), recordingIncidentPublisher().publisher),
    );
    assert.equal((report.failedBuckets.get(SOURCE) as Error).name, 'IncidentConflictError');
  });
});
