import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AuditReport } from '../../shared/audit/audit-report.js';
import { createDynamoDbAuditStateStore } from '../../shared/aws/dynamodb-audit-state-store.js';
import { createDynamoDbBucketLeases } from '../../shared/aws/dynamodb-bucket-leases.js';
import { createDynamoDbIncidentStore } from '../../shared/aws/dynamodb-incident-store.js';
import { openWorld } from '../../shared/cli/world-session.js';
import { auditWork } from '../../shared/incidents/incident-audit.js';
import { defaultNoticeRenderer } from '../../shared/incidents/incident-delivery.js';
import type { IncidentStore } from '../../shared/incidents/incident-store.js';
import { type IncidentDependencies, reportIncidents } from '../../shared/incidents/report-incidents.js';
import type { AuditView } from '../../shared/incidents/resolution.js';
import { DEFAULT_INCIDENT_SETTINGS, type IncidentSettings } from '../../shared/incidents/settings.js';
import { fixedClock } from '../../shared/model/clock.js';
import { type DynaliteTable, startDynaliteTable } from '../helpers/dynalite.js';
import {
  at,
  eventFailure,
  metricsDisabled,
  objectFailed,
  observe,
  recordingIncidentPublisher,
  SOURCE,
} from '../helpers/incident-fakes.js';
import {
  auditHandlerOn,
  incidentConfig,
  incidentDependencies,
  recordingChannels,
} from '../helpers/incident-handlers.js';
import { jittered, random } from '../helpers/random.js';
import { tally } from '../helpers/reliability/figures.js';
import { exampleWorld, worldFile } from '../helpers/worlds.js';

/**
 * Incidents under real concurrency: handlers of both paths run together (Promise.all) against one
 * dynalite table, every store call after a random delay, over many seeded rounds. Each test is a
 * defect that was measured before it was fixed.
 */

const ROUNDS = 100;

function dependencies(
  store: IncidentStore,
  now: string,
  settings: IncidentSettings = DEFAULT_INCIDENT_SETTINGS,
): IncidentDependencies {
  return {
    store,
    settings,
    clock: fixedClock(now),
    channels: {
      renderer: defaultNoticeRenderer,
      concurrency: 2,
      publisher: recordingIncidentPublisher().publisher,
    },
    retry: { attempts: 20, pause: () => sleep(1) },
  };
}

const completeAudit = (auditId: string, startedAt: string): AuditView => ({
  auditId,
  startedAt,
  complete: true,
  metricsRead: new Set(),
  replicated: new Set(),
});

describe('incidents under concurrency (dynalite, randomized rounds)', () => {
  let table: DynaliteTable;
  before(async () => {
    table = await startDynaliteTable();
  });
  after(() => table.close());

  it('counts one audit once when its change conflicts with an event write and is applied again', async () => {
    const store = createDynamoDbIncidentStore(table.client, { tableName: table.tableName });
    let resolvedEarly = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const bucket = `${SOURCE}-${round}`;
      const inBucket = <T extends { sourceBucket: string }>(finding: T) => ({
        ...finding,
        sourceBucket: bucket,
      });
      // An audit-only cause (metrics never enabled) and an event cause, each its own incident.
      await reportIncidents(
        [
          {
            bucket,
            observations: [
              ...observe([inBucket(metricsDisabled())], 'audit', at(0)),
              ...observe([inBucket(eventFailure('a', { time: at(0) }))], 'events'),
            ],
            audit: completeAudit(`first-${round}`, at(0)),
          },
        ],
        dependencies(store, at(0)),
      );
      // The next audit no longer sees the audit cause but still sees the failing objects, while an
      // event joins the same failing incident: both write that incident.
      const next = random(round + 1);
      const racing = jittered(store, next);
      await Promise.all([
        reportIncidents(
          [
            {
              bucket,
              observations: observe([inBucket(objectFailed('a'))], 'audit', at(5)),
              audit: completeAudit(`second-${round}`, at(5)),
            },
          ],
          dependencies(racing, at(5)),
        ),
        reportIncidents(
          [{ bucket, observations: observe([inBucket(eventFailure('b', { time: at(5) }))], 'events') }],
          dependencies(racing, at(5)),
        ),
      ]);
      const audited = (await store.loadBucket(bucket)).find(
        (incident) => incident.code === metricsDisabled().code,
      );
      if (audited?.status !== 'open' || audited.missedAudits !== 1) resolvedEarly += 1;
    }
    assert.equal(
      resolvedEarly,
      0,
      `rounds in which one audit was counted twice: ${resolvedEarly} of ${ROUNDS}`,
    );
  });

  it('counts a scheduled audit and an on-demand one 20 s later once, whether they overlap or not', async () => {
    const incidents = createDynamoDbIncidentStore(table.client, { tableName: table.tableName });
    const bucket = 'acme-orders-prod';
    const worldAt = (now: string) => worldFile({ ...exampleWorld('healthy-multi-rule'), now });
    const auditAt = async (now: string, next: () => number, holder: string, payload: unknown) => {
      const session = await openWorld(worldAt(now));
      const store = jittered(incidents, next);
      const handler = auditHandlerOn(
        session,
        incidentConfig,
        incidentDependencies(store, session.clock, recordingChannels()),
        {
          stateStore: createDynamoDbAuditStateStore(table.client, { tableName: table.tableName }),
          leases: createDynamoDbBucketLeases(
            { acquire: table.client, release: table.client },
            { tableName: table.tableName, clock: session.clock, holder, leaseMs: 300_000 },
          ),
        },
      );
      return handler(payload, { getRemainingTimeInMillis: () => 300_000 });
    };
    let countedTwice = 0;
    let leased = 0;
    let sequential = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      await table.clear();
      // A cause the audit used to see (metrics were not enabled): two clean audits resolve it.
      const base = Date.parse('2026-11-22T12:00:00Z') + round * 3_600_000;
      const minute = (offset: number) => new Date(base + offset * 60_000).toISOString();
      await reportIncidents(
        [
          {
            bucket,
            observations: observe([{ ...metricsDisabled(), sourceBucket: bucket }], 'audit', minute(-5)),
            audit: completeAudit(`seed-${round}`, minute(-5)),
          },
        ],
        dependencies(incidents, minute(-5)),
      );
      const next = random(1000 + round);
      const scheduled = () =>
        auditAt(minute(0), next, `scheduled-${round}`, {
          source: 'aws.events',
          'detail-type': 'Scheduled Event',
        });
      const onDemand = () =>
        auditAt(minute(1 / 3), next, `on-demand-${round}`, { buckets: [bucket], notify: true });
      // Half the rounds overlap (the lease decides), half run one after the other (spacing decides).
      const overlapping = round % 2 === 0;
      const outcomes = overlapping
        ? await Promise.all([scheduled(), onDemand()])
        : [await scheduled(), await onDemand()];
      if (!overlapping) sequential += 1;
      const second = outcomes[1] as { buckets: { bucket: string; status: string }[] };
      if (second.buckets.some((coverage) => coverage.status === 'leased')) leased += 1;
      const cause = (await incidents.loadBucket(bucket)).find(
        (incident) => incident.code === metricsDisabled().code,
      );
      if (cause?.status !== 'open' || cause.missedAudits !== 1) countedTwice += 1;
    }
    assert.equal(
      countedTwice,
      0,
      `rounds in which two audits 20 s apart counted twice: ${countedTwice} of ${ROUNDS}`,
    );
    assert.ok(leased > 0, 'in some rounds the audits overlapped and the lease kept one out');
    assert.ok(sequential > 0, 'in some rounds the second audit started after the first ended');
  });

  it('resolves the incidents of a bucket that left the audited set as no longer monitored after the grace period, never before, once', async () => {
    const store = createDynamoDbIncidentStore(table.client, { tableName: table.tableName });
    const problems: string[] = [];
    let resolvedUnmonitored = 0;
    let keptByReturn = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      await table.clear();
      const next = random(5_000 + round);
      const bucket = `retired-${round}`;
      const inBucket = <T extends { sourceBucket: string }>(finding: T) => ({
        ...finding,
        sourceBucket: bucket,
      });
      const grace = 20 + Math.floor(next() * 40);
      const settings = {
        ...DEFAULT_INCIDENT_SETTINGS,
        auditIntervalMinutes: 10,
        unmonitoredGraceMinutes: grace,
      };
      // In a quarter of the rounds the bucket is audited again before the grace period ends.
      const returnsAt = round % 4 === 3 ? 10 + 10 * Math.floor(next() * Math.floor(grace / 10)) : undefined;
      await reportIncidents(
        [
          {
            bucket,
            observations: [
              ...observe([inBucket(metricsDisabled())], 'audit', at(0)),
              ...observe([inBucket(eventFailure('a', { time: at(0) }))], 'events'),
            ],
            audit: completeAudit(`seed-${round}`, at(0)),
          },
        ],
        dependencies(store, at(0), settings),
      );
      const resolvedNotices: { at: number; resolvedBecause: string | undefined }[] = [];
      for (let minute = 10; minute <= grace + 30; minute += 10) {
        const covered = returnsAt !== undefined && minute >= returnsAt;
        // A full audit: the bucket is covered (it came back) or not (it left the audited set).
        const report: AuditReport = { startedAt: at(minute), findings: [], buckets: [], metricRequests: 0 };
        const work = covered
          ? [
              {
                bucket,
                observations: observe([inBucket(metricsDisabled())], 'audit', at(minute)),
                audit: completeAudit(`audit-${round}-${minute}`, at(minute)),
              },
            ]
          : auditWork(report, {
              auditId: `audit-${round}-${minute}`,
              knownBuckets: [bucket],
              replicated: new Map(),
              discovered: false,
              full: true,
            });
        // Events on the same bucket race with the audit's write.
        const racing = jittered(store, next);
        const [audited] = await Promise.all([
          reportIncidents(work, dependencies(racing, at(minute), settings)),
          reportIncidents(
            [
              {
                bucket,
                observations: observe([inBucket(eventFailure(`k${minute}`, { time: at(minute) }))], 'events'),
              },
            ],
            dependencies(racing, at(minute), settings),
          ),
        ]);
        for (const notice of audited.notices)
          if (notice.transition === 'resolved' && notice.incident.code === metricsDisabled().code)
            resolvedNotices.push({ at: minute, resolvedBecause: notice.incident.resolvedBecause });
      }
      const incident = (await store.loadBucket(bucket)).find((item) => item.code === metricsDisabled().code);
      if (returnsAt !== undefined) {
        if (
          incident?.status !== 'open' ||
          incident.unmonitoredSince !== undefined ||
          resolvedNotices.length > 0
        )
          problems.push(`round ${round}: audited again at ${returnsAt} min, yet ${incident?.status}`);
        else keptByReturn += 1;
        continue;
      }
      const first = resolvedNotices[0];
      if (incident?.status !== 'resolved' || incident.resolvedBecause !== 'unmonitored')
        problems.push(`round ${round}: ${incident?.status}, ${incident?.resolvedBecause}`);
      else if (resolvedNotices.length !== 1 || first?.resolvedBecause !== 'unmonitored')
        problems.push(`round ${round}: ${resolvedNotices.length} resolved notices`);
      // The grace period starts with the first audit that did not cover it (minute 10).
      else if (first.at - 10 < grace || first.at - 10 >= grace + 10)
        problems.push(`round ${round}: resolved at ${first.at} min, grace ${grace} min`);
      else resolvedUnmonitored += 1;
    }
    assert.deepEqual(problems, []);
    assert.ok(keptByReturn > 0 && resolvedUnmonitored > 0);
    tally('unmonitored.rounds', ROUNDS);
  });
});
