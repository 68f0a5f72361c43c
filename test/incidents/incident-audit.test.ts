import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditReport, BucketCoverage } from '../../shared/audit/audit-report.js';
import type { ObjectReader, ReplicationStatus } from '../../shared/audit/sampling/object-reader.js';
import { applyToBucket } from '../../shared/incidents/apply.js';
import type { Incident, PendingNotice } from '../../shared/incidents/incident.js';
import {
  auditWork,
  forgetSettledBuckets,
  recheckEventSamples,
} from '../../shared/incidents/incident-audit.js';
import { createInMemoryIncidentStore } from '../../shared/incidents/incident-store.js';
import { causeKey, metricKey } from '../../shared/incidents/resolution.js';
import { DEFAULT_INCIDENT_SETTINGS } from '../../shared/incidents/settings.js';
import { eventFailure, metricsDisabled, observe, RULE, SOURCE, T0 } from '../helpers/incident-fakes.js';

function coverage(changes: Partial<BucketCoverage> = {}): BucketCoverage {
  return {
    bucket: SOURCE,
    region: 'us-east-1',
    status: 'audited',
    rules: [
      {
        ruleId: RULE,
        enabled: true,
        destinationBucket: 'acme-payments-dr',
        metricsEnabled: true,
        metricsRead: ['OperationsFailedReplication'],
        objects: { PENDING: 0, COMPLETED: 3, FAILED: 0, REPLICA: 0, NONE: 0 },
      },
    ],
    objects: {
      examined: 3,
      rechecked: 0,
      listedPages: 1,
      complete: true,
      unreadable: 0,
      byStatus: { PENDING: 0, COMPLETED: 3, FAILED: 0, REPLICA: 0, NONE: 0 },
    },
    checksSkipped: [],
    ...changes,
  };
}

const report = (buckets: BucketCoverage[], findings: AuditReport['findings'] = []): AuditReport => ({
  startedAt: T0,
  findings,
  buckets,
  metricRequests: 1,
});

/** The context of one scheduled audit's incident work, SOURCE known, with `changes`. */
const context = (
  changes: Partial<Parameters<typeof auditWork>[1]> = {},
): Parameters<typeof auditWork>[1] => ({
  auditId: 'audit-1',
  knownBuckets: [SOURCE],
  replicated: new Map(),
  discovered: false,
  full: false,
  ...changes,
});

const viewOf = (work: ReturnType<typeof auditWork>, bucket = SOURCE) =>
  work.find((item) => item.bucket === bucket)?.audit;

describe('auditWork', () => {
  it('sees an audited bucket completely, with the metrics it read', () => {
    const view = viewOf(auditWork(report([coverage()]), context()));
    assert.equal(view?.complete, true);
    assert.deepEqual([...(view?.metricsRead ?? [])], [metricKey(RULE, 'OperationsFailedReplication')]);
  });

  it('calls a bucket incomplete when a MONITOR_* finding names it or sampling was cut short', () => {
    const denied = { ...metricsDisabled(), code: 'MONITOR_ACCESS_DENIED' as const };
    assert.equal(viewOf(auditWork(report([coverage()], [denied]), context()))?.complete, false);
    const cut = coverage({
      objects: { ...(coverage().objects as NonNullable<BucketCoverage['objects']>), stoppedBy: 'deadline' },
    });
    assert.equal(viewOf(auditWork(report([cut]), context()))?.complete, false);
    for (const pace of ['maxObjects', 'timeShare'] as const) {
      const paced = coverage({
        objects: { ...(coverage().objects as NonNullable<BucketCoverage['objects']>), stoppedBy: pace },
      });
      assert.equal(viewOf(auditWork(report([paced]), context()))?.complete, true, pace);
    }
    assert.equal(viewOf(auditWork(report([coverage({ status: 'unreadable' })]), context()))?.complete, false);
  });

  it('visits buckets with incidents the audit did not cover (a tick), and skips clean ones without any', () => {
    const work = auditWork(
      report([coverage({ bucket: 'clean-bucket' })], [metricsDisabled()]),
      context({ knownBuckets: ['events-only-bucket'] }),
    );
    assert.deepEqual(
      work.map((item) => [item.bucket, item.observations.length, item.audit !== undefined]).sort(),
      [
        [SOURCE, 1, false],
        ['events-only-bucket', 0, false],
      ],
    );
  });

  it('tells the known buckets a full audit did not cover that they left the audited set, and only then', () => {
    const unmonitored = (work: ReturnType<typeof auditWork>) =>
      work.flatMap((item) => (item.unmonitoredAt === undefined ? [] : [[item.bucket, item.unmonitoredAt]]));
    const known = { knownBuckets: [SOURCE, 'retired-bucket', '*'] };
    assert.deepEqual(unmonitored(auditWork(report([coverage()]), context({ ...known, full: true }))), [
      ['retired-bucket', T0],
    ]);
    assert.deepEqual(unmonitored(auditWork(report([coverage()]), context(known))), [], 'chosen buckets only');
    const unlisted: AuditReport['findings'][number] = {
      code: 'MONITOR_ACCESS_DENIED',
      severity: 'critical',
      sourceBucket: '*',
      message: 'ListBuckets was refused',
      remediation: 'Allow s3:ListAllMyBuckets',
    };
    assert.deepEqual(
      unmonitored(auditWork(report([coverage()], [unlisted]), context({ ...known, full: true }))),
      [],
      'the buckets could not be listed',
    );
  });

  it('can end findings about discovery itself only when the audit discovered buckets', () => {
    assert.equal(
      viewOf(auditWork(report([]), context({ knownBuckets: ['*'], discovered: true, full: true })), '*')
        ?.complete,
      true,
    );
    assert.equal(viewOf(auditWork(report([]), context({ knownBuckets: ['*'] })), '*'), undefined);
  });
});

describe('recheckEventSamples', () => {
  async function storeWithEventIncident() {
    const store = createInMemoryIncidentStore();
    const { changed } = applyToBucket([], {
      observations: observe([eventFailure('a'), eventFailure('b')], 'events'),
      now: new Date(T0),
      owner: 'test',
      settings: DEFAULT_INCIDENT_SETTINGS,
    });
    for (const incident of changed) await store.save(incident);
    const [incident] = changed;
    assert.ok(incident?.causes[0]);
    return { store, key: causeKey(incident, incident.causes[0]) };
  }

  function reader(status: (key: string) => ReplicationStatus | 'denied', heads: string[] = []): ObjectReader {
    return {
      listPage: async () => ({ ok: true, value: { objects: [] } }),
      tags: async () => ({ ok: true, value: {} }),
      head: async (location) => {
        heads.push(`${location.key}@${location.versionId}`);
        const answer = status(location.key);
        if (answer === 'denied')
          return {
            ok: false,
            problem: {
              kind: 'access-denied',
              action: 's3:GetObjectVersion',
              resource: 'x',
              detail: 'denied',
            },
          };
        return { ok: true, value: { replicationStatus: answer, lastModified: new Date(T0) } };
      },
    };
  }

  it('confirms an event cause whose sampled versions all replicated', async () => {
    const { store, key } = await storeWithEventIncident();
    const heads: string[] = [];
    const replicated = await recheckEventSamples({
      store,
      report: report([coverage()]),
      knownBuckets: [SOURCE],
      reader: reader(() => 'COMPLETED', heads),
      deadline: () => false,
    });
    assert.deepEqual([...(replicated.get(SOURCE) ?? [])], [key]);
    assert.deepEqual(heads, ['a@v-a', 'b@v-b']);
  });

  it('reads no object with no budget (sampling turned off)', async () => {
    const { store } = await storeWithEventIncident();
    const heads: string[] = [];
    const replicated = await recheckEventSamples({
      store,
      report: report([coverage()]),
      knownBuckets: [SOURCE],
      reader: reader(() => 'COMPLETED', heads),
      deadline: () => false,
      budget: 0,
    });
    assert.deepEqual(heads, []);
    assert.deepEqual([...(replicated.get(SOURCE) ?? [])], []);
  });

  it('confirms nothing while a sampled object failed, could not be read, or time ran out', async () => {
    const { store } = await storeWithEventIncident();
    const input = { store, report: report([coverage()]), knownBuckets: [SOURCE], deadline: () => false };
    const failed = await recheckEventSamples({
      ...input,
      reader: reader((key) => (key === 'b' ? 'FAILED' : 'COMPLETED')),
    });
    assert.deepEqual([...(failed.get(SOURCE) ?? [])], []);
    const denied = await recheckEventSamples({ ...input, reader: reader(() => 'denied') });
    assert.deepEqual([...(denied.get(SOURCE) ?? [])], []);
    const late = await recheckEventSamples({
      ...input,
      reader: reader(() => 'COMPLETED'),
      deadline: () => true,
    });
    assert.equal(late.get(SOURCE), undefined);
  });
});

describe('forgetSettledBuckets', () => {
  const now = new Date('2026-11-22T15:00:00.000Z');
  const incidentIn = (bucket: string, changes: Partial<Incident> = {}): Incident => {
    const [incident] = applyToBucket([], {
      observations: observe([{ ...eventFailure('a.csv'), sourceBucket: bucket }], 'events'),
      now: new Date(T0),
      owner: 'test',
      settings: DEFAULT_INCIDENT_SETTINGS,
    }).changed;
    assert.ok(incident);
    delete incident.pendingNotices;
    return { ...incident, ...changes };
  };
  const resolved = { status: 'resolved', resolvedAt: '2026-11-22T13:00:00.000Z' } as const;

  it('forgets the known buckets left with nothing open or pending, and keeps the rest', async () => {
    const store = createInMemoryIncidentStore();
    const longAgo = '2026-11-22T12:00:00.000Z';
    for (const bucket of ['settled', 'open', 'pending', 'failed', 'just-registered'])
      await store.rememberBucket(bucket, longAgo);
    await store.rememberBucket('just-registered', '2026-11-22T14:30:00.000Z');
    const incidents = [
      incidentIn('settled', resolved),
      incidentIn('open'),
      incidentIn('pending', { ...resolved, pendingNotices: [pendingResolved()] }),
      incidentIn('failed', resolved),
      incidentIn('just-registered', resolved),
    ];
    const forgotten = await forgetSettledBuckets({
      store,
      knownBuckets: await store.listBuckets(),
      incidents,
      failedBuckets: new Map([['failed', new Error('its incidents could not be written')]]),
      now,
    });
    assert.deepEqual(forgotten, ['settled']);
    assert.deepEqual((await store.listBuckets()).sort(), ['failed', 'just-registered', 'open', 'pending']);
  });

  it('leaves a bucket registered when forgetting it fails', async () => {
    const store = createInMemoryIncidentStore();
    await store.rememberBucket('settled', '2026-11-22T12:00:00.000Z');
    const failing = { ...store, forgetBucket: () => Promise.reject(new Error('throttled')) };
    const forgotten = await forgetSettledBuckets({
      store: failing,
      knownBuckets: ['settled'],
      incidents: [incidentIn('settled', resolved)],
      failedBuckets: new Map(),
      now,
    });
    assert.deepEqual(forgotten, []);
    assert.deepEqual(await store.listBuckets(), ['settled']);
  });
});

function pendingResolved(): PendingNotice {
  return {
    id: '4-resolved',
    transition: 'resolved',
    at: '2026-11-22T13:00:00.000Z',
    people: true,
    events: true,
    snapshot: { status: 'resolved', severity: 'critical', code: 'REPLICATION_FAILED', affected: 1 },
  };
}
