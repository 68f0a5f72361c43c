import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyToBucket, type BucketChange } from '../../shared/incidents/apply.js';
import type { Incident, PendingNotice } from '../../shared/incidents/incident.js';
import { type AuditView, causeKey, metricKey } from '../../shared/incidents/resolution.js';
import { DEFAULT_INCIDENT_SETTINGS } from '../../shared/incidents/settings.js';
import {
  at,
  completedLate,
  eventFailure,
  metricsDisabled,
  objectFailed,
  objectStuck,
  observe,
  operationsFailed,
  RULE,
  T0,
} from '../helpers/incident-fakes.js';

const settings = { ...DEFAULT_INCIDENT_SETTINGS };
/** What an audit saw; each step's audit gets its own id and start (Timeline.step). */
type Seen = Omit<AuditView, 'auditId' | 'startedAt'>;
const complete: Seen = {
  complete: true,
  metricsRead: new Set([metricKey(RULE, 'OperationsFailedReplication')]),
  replicated: new Set(),
};
const incomplete: Seen = { ...complete, complete: false };

type Notice = Pick<PendingNotice, 'transition' | 'people' | 'events'> & {
  growth?: number;
  reopened?: boolean;
  incident: string;
};

/**
 * One bucket's incidents through successive changes, as the store would keep them. Each step's
 * notices are returned and then delivered (cleared), so every step shows only its own.
 */
class Timeline {
  incidents: Incident[] = [];

  step(
    minutes: number,
    change: Partial<Omit<BucketChange, 'now' | 'owner' | 'settings' | 'audit'>> & { audit?: Seen } = {},
  ): Notice[] {
    const { audit, ...rest } = change;
    const result = applyToBucket(this.incidents, {
      observations: [],
      ...rest,
      ...(audit === undefined
        ? {}
        : { audit: { auditId: `audit-${minutes}`, startedAt: at(minutes), ...audit } }),
      now: new Date(at(minutes)),
      owner: 'test',
      settings,
    });
    const notices = result.incidents.flatMap((incident) =>
      (incident.pendingNotices ?? []).map((notice) => ({
        transition: notice.transition,
        people: notice.people,
        events: notice.events,
        ...(notice.growth === undefined ? {} : { growth: notice.growth }),
        ...(notice.reopened === undefined ? {} : { reopened: notice.reopened }),
        incident: incident.id,
      })),
    );
    this.incidents = result.incidents.map(({ pendingNotices: _delivered, ...incident }) => incident);
    return notices;
  }

  only(): Incident {
    assert.equal(this.incidents.length, 1, 'one incident');
    return this.incidents[0] as Incident;
  }
}

const events = (...keys: string[]) =>
  observe(
    keys.map((key) => eventFailure(key)),
    'events',
  );
const transitions = (notices: Notice[]) => notices.map((notice) => [notice.transition, notice.people]);

describe('applyToBucket: opening', () => {
  it('opens an incident on first sight and pages people and EventBridge', () => {
    const timeline = new Timeline();
    const notices = timeline.step(0, { observations: events('a.csv', 'b.csv') });
    assert.deepEqual(
      notices.map(({ incident: _id, ...notice }) => notice),
      [{ transition: 'opened', people: true, events: true }],
    );
    const incident = timeline.only();
    assert.equal(incident.kind, 'replication-failing');
    assert.equal(incident.status, 'open');
    assert.equal(incident.affected, 2);
    assert.equal(incident.failureReason, 'DstPutObjectNotPermitted');
    assert.equal(incident.revision, 1);
    assert.equal(incident.lastNotifiedAt, T0);
  });

  it('tells EventBridge only about an info incident: it waits for the digest', () => {
    const timeline = new Timeline();
    assert.deepEqual(
      transitions(timeline.step(0, { observations: observe([completedLate('x')], 'events') })),
      [['opened', false]],
    );
    assert.equal(timeline.only().lastNotifiedAt, undefined);
  });

  it('opens one incident per failure reason when nothing is known yet', () => {
    const timeline = new Timeline();
    const observations = observe(
      [eventFailure('a'), eventFailure('b', { reason: 'DstKmsKeyInvalidState' }), eventFailure('c')],
      'events',
    );
    assert.equal(timeline.step(0, { observations }).length, 2);
    assert.deepEqual(
      timeline.incidents.map((incident) => [incident.failureReason, incident.affected]).sort(),
      [
        ['DstKmsKeyInvalidState', 1],
        ['DstPutObjectNotPermitted', 2],
      ],
    );
  });
});

describe('applyToBucket: counting', () => {
  it('counts a record delivered three times once, and keeps the latest event time whatever the order', () => {
    const timeline = new Timeline();
    const late = eventFailure('k', { time: at(5) });
    const early = eventFailure('k', { time: at(1) });
    timeline.step(10, { observations: observe([late, early, late], 'events') });
    assert.deepEqual(timeline.step(11, { observations: observe([early, late], 'events') }), []);
    const [cause] = timeline.only().causes;
    assert.equal(cause?.count, 1);
    assert.equal(cause?.firstSeen, at(1));
    assert.equal(cause?.lastSeen, at(5));
    assert.equal(timeline.only().affected, 1);
  });

  it('joins the audit to the incident the events opened, telling EventBridge of the new cause', () => {
    const timeline = new Timeline();
    timeline.step(0, { observations: events('a.csv') });
    const notices = timeline.step(5, {
      observations: observe([objectFailed('a.csv'), operationsFailed()], 'audit', at(5)),
      audit: complete,
    });
    assert.deepEqual(transitions(notices), [['updated', false]]);
    const incident = timeline.only();
    assert.deepEqual(
      incident.causes.map((cause) => [cause.code, cause.sources]),
      [
        ['REPLICATION_FAILED', ['events']],
        ['OBJECT_REPLICATION_FAILED', ['audit']],
        ['REPLICATION_OPERATIONS_FAILED', ['audit']],
      ],
    );
  });

  it('gives an incident the audit opened the reason of the first event, and another reason its own incident', () => {
    const timeline = new Timeline();
    timeline.step(0, { observations: observe([objectFailed('a.csv')], 'audit'), audit: complete });
    timeline.step(1, { observations: events('b.csv') });
    assert.equal(timeline.only().failureReason, 'DstPutObjectNotPermitted');
    const other = timeline.step(2, {
      observations: observe([eventFailure('c', { reason: 'DstBucketUnversioned' })], 'events'),
    });
    assert.deepEqual(transitions(other), [['opened', true]]);
    assert.equal(timeline.incidents.length, 2);
  });
});

describe('applyToBucket: reminders and updates', () => {
  it('reminds after the interval with the growth since the last notice, then waits a new interval', () => {
    const timeline = new Timeline();
    const audit = (minutes: number, ...keys: string[]) =>
      timeline.step(minutes, {
        observations: observe(keys.map(objectFailed), 'audit', at(minutes)),
        audit: complete,
      });
    assert.deepEqual(transitions(audit(0, 'a')), [['opened', true]]);
    assert.deepEqual(audit(60, 'a', 'b', 'c'), []);
    assert.deepEqual(audit(239, 'a', 'b', 'c'), []);
    const reminder = audit(240, 'a', 'b', 'c');
    assert.deepEqual(
      reminder.map((notice) => [notice.transition, notice.people, notice.growth]),
      [['reminder', true, 2]],
    );
    assert.deepEqual(audit(245, 'a', 'b', 'c'), []);
  });

  it('does not remind about an incident nobody saw since the last notice', () => {
    const timeline = new Timeline();
    timeline.step(0, { observations: observe([objectFailed('a')], 'audit'), audit: complete });
    // Incomplete audits neither see it nor count against it.
    assert.deepEqual(timeline.step(300, { audit: incomplete }), []);
    assert.equal(timeline.only().status, 'open');
  });

  it('pages when the severity rises, and tells only EventBridge of a new cause', () => {
    const timeline = new Timeline();
    timeline.step(0, { observations: observe([objectStuck('a')], 'audit'), audit: complete });
    const latency = {
      ...objectStuck('b'),
      code: 'REPLICATION_LATENCY_HIGH' as const,
      key: undefined,
      metric: 'ReplicationLatency',
    };
    delete latency.key;
    assert.deepEqual(
      transitions(timeline.step(5, { observations: observe([objectStuck('a'), latency], 'audit', at(5)) })),
      [['updated', false]],
    );
    const critical = { ...latency, severity: 'critical' as const };
    const rose = timeline.step(10, { observations: observe([objectStuck('a'), critical], 'audit', at(10)) });
    assert.deepEqual(transitions(rose), [['updated', true]]);
    assert.equal(timeline.only().severity, 'critical');
  });

  it('pages an info incident whose severity rises to warning', () => {
    const timeline = new Timeline();
    timeline.step(0, { observations: observe([metricsDisabled('info')], 'audit'), audit: complete });
    assert.deepEqual(
      transitions(
        timeline.step(5, { observations: observe([metricsDisabled('warning')], 'audit'), audit: complete }),
      ),
      [['updated', true]],
    );
  });
});

describe('applyToBucket: resolution', () => {
  it('resolves an audit cause after two complete audits no longer see it, with a notice', () => {
    const timeline = new Timeline();
    timeline.step(0, { observations: observe([metricsDisabled()], 'audit'), audit: complete });
    assert.deepEqual(timeline.step(5, { audit: complete }), []);
    assert.equal(timeline.only().missedAudits, 1);
    assert.deepEqual(transitions(timeline.step(10, { audit: complete })), [['resolved', true]]);
    assert.equal(timeline.only().status, 'resolved');
    assert.equal(timeline.only().resolvedAt, at(10));
  });

  it('resolves nothing on an incomplete audit, and does not count it', () => {
    const timeline = new Timeline();
    timeline.step(0, { observations: observe([metricsDisabled()], 'audit'), audit: complete });
    timeline.step(5, { audit: incomplete });
    timeline.step(10, { audit: incomplete });
    timeline.step(15, { audit: complete });
    assert.equal(timeline.only().status, 'open');
    assert.deepEqual(transitions(timeline.step(20, { audit: complete })), [['resolved', true]]);
  });

  it('counts a miss for a metric cause only when the metric was read', () => {
    const timeline = new Timeline();
    timeline.step(0, { observations: observe([operationsFailed()], 'audit'), audit: complete });
    const unread: Seen = { ...complete, metricsRead: new Set() };
    timeline.step(5, { audit: unread });
    timeline.step(10, { audit: unread });
    assert.equal(timeline.only().status, 'open');
    timeline.step(15, { audit: complete });
    assert.deepEqual(transitions(timeline.step(20, { audit: complete })), [['resolved', true]]);
  });

  it('counts audits that start less than half an audit interval apart once', () => {
    const timeline = new Timeline();
    timeline.step(0, { observations: observe([metricsDisabled()], 'audit'), audit: complete });
    assert.deepEqual(timeline.step(5, { audit: complete }), []);
    // An on-demand audit 20 s after the scheduled one: the same look at the bucket.
    const soon = { auditId: 'on-demand', startedAt: new Date(Date.parse(at(5)) + 20_000).toISOString() };
    const again = applyToBucket(timeline.incidents, {
      observations: [],
      audit: { ...complete, ...soon },
      now: new Date(soon.startedAt),
      owner: 'test',
      settings,
    });
    assert.equal(again.changed.length, 0, 'nothing counted, nothing written');
    assert.deepEqual(transitions(timeline.step(10, { audit: complete })), [['resolved', true]]);
  });

  it('counts one audit once when its change is applied again', () => {
    const timeline = new Timeline();
    timeline.step(0, { observations: observe([metricsDisabled()], 'audit'), audit: complete });
    const audit = { ...complete, auditId: 'audit-5', startedAt: at(5) };
    const change = { observations: [], audit, now: new Date(at(5)), owner: 'test', settings };
    const first = applyToBucket(timeline.incidents, change);
    const replayed = applyToBucket(first.incidents, change);
    assert.equal(first.incidents[0]?.missedAudits, 1);
    assert.equal(replayed.incidents[0]?.missedAudits, 1);
    assert.equal(replayed.changed.length, 0);
  });

  it('resets the count when a complete audit sees the cause again', () => {
    const timeline = new Timeline();
    timeline.step(0, { observations: observe([metricsDisabled()], 'audit'), audit: complete });
    timeline.step(5, { audit: complete });
    timeline.step(10, { observations: observe([metricsDisabled()], 'audit', at(10)), audit: complete });
    timeline.step(15, { audit: complete });
    assert.equal(timeline.only().status, 'open');
  });

  it('resolves an event-only cause after the quiet period, whatever the audits say', () => {
    const timeline = new Timeline();
    timeline.step(0, { observations: events('a') });
    assert.deepEqual(timeline.step(30, { audit: complete }), []);
    assert.deepEqual(timeline.step(59), []);
    assert.deepEqual(transitions(timeline.step(60)), [['resolved', true]]);
  });

  it('a redelivered record does not restart the quiet period', () => {
    const timeline = new Timeline();
    timeline.step(0, { observations: events('a') });
    timeline.step(45, { observations: events('a') });
    assert.deepEqual(transitions(timeline.step(60)), [['resolved', true]]);
  });

  it('resolves an event cause once its sampled objects re-check as replicated', () => {
    const timeline = new Timeline();
    timeline.step(0, { observations: events('a', 'b') });
    const incident = timeline.only();
    const cause = incident.causes[0];
    assert.ok(cause);
    assert.deepEqual(
      cause.samples?.map((sample) => sample.key),
      ['a', 'b'],
    );
    const replicated: Seen = { ...complete, replicated: new Set([causeKey(incident, cause)]) };
    assert.deepEqual(transitions(timeline.step(10, { audit: replicated })), [['resolved', true]]);
  });

  it('keeps an incident open while any cause is', () => {
    const timeline = new Timeline();
    timeline.step(0, { observations: events('a') });
    timeline.step(1, { observations: observe([operationsFailed()], 'audit', at(1)), audit: complete });
    timeline.step(70, { observations: observe([operationsFailed()], 'audit', at(70)), audit: complete });
    const incident = timeline.only();
    assert.equal(incident.status, 'open');
    assert.deepEqual(
      incident.causes.map((cause) => [cause.code, cause.resolvedAt]),
      [
        ['REPLICATION_FAILED', at(70)],
        ['REPLICATION_OPERATIONS_FAILED', undefined],
      ],
    );
  });
});

describe('applyToBucket: reopening and flapping', () => {
  /** Opens at `start` from one event, and lets the quiet period resolve it. */
  function cycle(timeline: Timeline, start: number, key: string): { opened: Notice[]; resolved: Notice[] } {
    const opened = timeline.step(start, { observations: events(key) });
    const resolved = timeline.step(start + 60);
    return { opened, resolved };
  }

  it('reopens the same incident when seen again within the flap window', () => {
    const timeline = new Timeline();
    const first = cycle(timeline, 0, 'a');
    const again = timeline.step(100, { observations: events('b') });
    assert.deepEqual(
      again.map((notice) => [notice.transition, notice.people, notice.reopened]),
      [['opened', true, true]],
    );
    assert.equal(again[0]?.incident, first.opened[0]?.incident);
    assert.equal(timeline.only().reopenCount, 1);
    assert.equal(timeline.only().affected, 2);
  });

  it('stops paging after three reopens within the window, EventBridge still told, until resolved a whole window', () => {
    const timeline = new Timeline();
    cycle(timeline, 0, 'a');
    const pages: boolean[] = [];
    for (const [index, start] of [70, 140, 210, 280].entries()) {
      const { opened, resolved } = cycle(timeline, start, `k${index}`);
      pages.push(...opened.map((notice) => notice.people), ...resolved.map((notice) => notice.people));
      assert.ok([...opened, ...resolved].every((notice) => notice.events));
    }
    // Reopens 1 to 3 page (the third says it is flapping); what follows is quiet.
    assert.deepEqual(pages, [true, true, true, true, true, false, false, false]);
    assert.equal(timeline.only().flapping, true);
    assert.equal(timeline.only().reopenCount, 4);
    // Resolved at 340; seen again after a whole quiet window: a fresh incident that pages.
    const fresh = timeline.step(340 + 121, { observations: events('later') });
    assert.deepEqual(
      fresh.map((notice) => [notice.transition, notice.people, notice.reopened]),
      [['opened', true, undefined]],
    );
    assert.equal(timeline.only().reopenCount, 0);
    assert.equal(timeline.only().flapping, undefined);
    assert.equal(timeline.only().affected, 1);
  });

  it('opens afresh under the same id when the problem comes back after the flap window', () => {
    const timeline = new Timeline();
    const { opened } = cycle(timeline, 0, 'a');
    // A new object failing: the old record redelivered is no news (next test).
    const back = timeline.step(60 + 121, { observations: events('b') });
    assert.deepEqual(
      back.map((notice) => [notice.transition, notice.reopened, notice.incident]),
      [['opened', undefined, opened[0]?.incident]],
    );
    assert.equal(timeline.only().openedAt, at(181));
    assert.equal(timeline.only().revision, 3);
  });
});

describe('applyToBucket: records delivered after their incident resolved', () => {
  const replicated = (timeline: Timeline): Seen => {
    const incident = timeline.only();
    const cause = incident.causes[0];
    assert.ok(cause);
    return { ...complete, replicated: new Set([causeKey(incident, cause)]) };
  };

  it('does not reopen or page again for a record redelivered after the audit saw its object replicated', () => {
    const timeline = new Timeline();
    timeline.step(0, { observations: events('a') });
    assert.deepEqual(transitions(timeline.step(10, { audit: replicated(timeline) })), [['resolved', true]]);
    assert.deepEqual(timeline.step(15, { observations: events('a') }), []);
    assert.equal(timeline.only().status, 'resolved');
    assert.equal(timeline.only().resolvedAt, at(10));
    assert.equal(timeline.only().reopenCount, 0);
  });

  it('counts no flap for redeliveries after a quiet resolution, so the next real failure still pages', () => {
    const timeline = new Timeline();
    timeline.step(0, { observations: events('a') });
    assert.deepEqual(transitions(timeline.step(61)), [['resolved', true]]);
    for (const minute of [65, 70, 75, 200])
      assert.deepEqual(timeline.step(minute, { observations: events('a') }), []);
    assert.equal(timeline.only().reopenCount, 0);
    assert.equal(timeline.only().flapping, undefined);
    assert.equal(timeline.only().resolvedAt, at(61));
    const back = timeline.step(80 + 200, { observations: events('b') });
    assert.deepEqual(
      back.map((notice) => [notice.transition, notice.people]),
      [['opened', true]],
    );
  });

  it('widens first and last seen from a late record of a counted object, as on time, without reopening', () => {
    const timeline = new Timeline();
    timeline.step(30, { observations: observe([eventFailure('k', { time: at(20) })], 'events') });
    timeline.step(91);
    const retried = observe(
      [eventFailure('k', { time: at(25) }), eventFailure('k', { time: at(10) })],
      'events',
    );
    assert.deepEqual(timeline.step(95, { observations: retried }), []);
    const [cause] = timeline.only().causes;
    assert.deepEqual([cause?.firstSeen, cause?.lastSeen, cause?.count], [at(10), at(25), 1]);
    assert.equal(timeline.only().lastSeenAt, at(25));
    assert.equal(timeline.only().status, 'resolved');
    assert.equal(timeline.only().reopenCount, 0);
  });

  it('reopens when the audit sees a resolved cause again', () => {
    const timeline = new Timeline();
    const seen = () => observe([objectFailed('a')], 'audit', at(0));
    timeline.step(0, { observations: seen(), audit: complete });
    timeline.step(10, { audit: complete });
    assert.deepEqual(transitions(timeline.step(20, { audit: complete })), [['resolved', true]]);
    const again = timeline.step(30, { observations: seen(), audit: complete });
    assert.deepEqual(
      again.map((notice) => [notice.transition, notice.reopened]),
      [['opened', true]],
    );
  });
});

describe('applyToBucket: idempotence and claims', () => {
  it('changes nothing when the same change is applied again to its own result', () => {
    const change = { observations: events('a', 'b'), now: new Date(T0), owner: 'one', settings };
    const first = applyToBucket([], change);
    const second = applyToBucket(first.incidents, change);
    assert.deepEqual(second.changed, []);
  });

  it('leaves a notice another live invocation is delivering, and takes over a stale one', () => {
    const first = applyToBucket([], { observations: events('a'), now: new Date(T0), owner: 'one', settings });
    const fresh = applyToBucket(first.incidents, {
      observations: [],
      now: new Date(at(1)),
      owner: 'two',
      settings,
    });
    assert.deepEqual(fresh.changed, []);
    const stale = applyToBucket(first.incidents, {
      observations: [],
      now: new Date(at(6)),
      owner: 'two',
      settings,
    });
    assert.equal(stale.changed[0]?.pendingNotices?.[0]?.claim?.owner, 'two');
  });
});
