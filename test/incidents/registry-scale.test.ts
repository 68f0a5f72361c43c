import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbIncidentStore } from '../../shared/aws/dynamodb-incident-store.js';
import { forgetSettledBuckets } from '../../shared/incidents/incident-audit.js';
import { defaultNoticeRenderer } from '../../shared/incidents/incident-delivery.js';
import type { IncidentStore } from '../../shared/incidents/incident-store.js';
import { type IncidentDependencies, reportIncidents } from '../../shared/incidents/report-incidents.js';
import { DEFAULT_INCIDENT_SETTINGS } from '../../shared/incidents/settings.js';
import { fixedClock } from '../../shared/model/clock.js';
import { mapSettled } from '../../shared/model/concurrency.js';
import { type DynaliteTable, startDynaliteTable } from '../helpers/dynalite.js';
import { at, eventFailure, observe, recordingIncidentPublisher, T0 } from '../helpers/incident-fakes.js';
import { jittered, random } from '../helpers/random.js';
import { tally } from '../helpers/reliability/figures.js';

/**
 * Alerts lost at scale (defect 3 of the concurrency issue): the registry of buckets with
 * incidents was one string set, and past DynamoDB's 400 KB item limit (which dynalite enforces)
 * every new bucket's first incident failed. 7,000 buckets of the longest names S3 allows.
 */

const BUCKETS = 7_000;
const ROUNDS = 100;
/** S3 bucket names are at most 63 characters. */
const nameOf = (index: number) =>
  `acme-replication-source-bucket-${String(index).padStart(6, '0')}`.padEnd(63, 'x');

describe('the registry of buckets with incidents at 7,000 buckets (dynalite)', () => {
  let table: DynaliteTable;
  before(async () => {
    table = await startDynaliteTable();
  });
  after(() => table.close());

  it('the string set of earlier versions passes the 400 KB item limit before 7,000 names (the defect, measured)', async () => {
    let refusedAt: number | undefined;
    // 200 names per write: the limit is on the item, whatever the write that grows it.
    for (let start = 0; start < BUCKETS && refusedAt === undefined; start += 200) {
      const names = Array.from({ length: 200 }, (_, offset) => nameOf(start + offset));
      try {
        await table.client.send(
          new UpdateCommand({
            TableName: table.tableName,
            Key: { pk: 'legacy-registry', sk: 'buckets' },
            UpdateExpression: 'ADD #buckets :names',
            ExpressionAttributeNames: { '#buckets': 'buckets' },
            ExpressionAttributeValues: { ':names': new Set(names) },
          }),
        );
      } catch (error) {
        assert.equal((error as Error).name, 'ValidationException');
        refusedAt = start;
      }
    }
    assert.ok(refusedAt !== undefined && refusedAt < BUCKETS, 'the set was refused before 7,000 names');
    tally('registry.legacy-refused-at', refusedAt);
  });

  it('registers 7,000 buckets one item each, lists them all, and still opens the next bucket’s first incident', async () => {
    const store = createDynamoDbIncidentStore(table.client, { tableName: table.tableName });
    await mapSettled(
      Array.from({ length: BUCKETS }, (_, index) => nameOf(index)),
      32,
      (bucket) => store.rememberBucket(bucket, T0),
    );
    const listed = await store.listBuckets();
    assert.equal(listed.length, BUCKETS);

    const next = nameOf(BUCKETS);
    const report = await reportIncidents(
      [{ bucket: next, observations: observe([{ ...eventFailure('a.csv'), sourceBucket: next }], 'events') }],
      {
        store,
        settings: DEFAULT_INCIDENT_SETTINGS,
        clock: fixedClock(T0),
        channels: {
          renderer: defaultNoticeRenderer,
          concurrency: 1,
          publisher: recordingIncidentPublisher().publisher,
        },
      },
    );
    assert.equal(report.failedBuckets.size, 0, [...report.failedBuckets.values()].map(String).join('; '));
    assert.equal(report.delivered, 1, 'its opening was paged');
    assert.ok((await store.listBuckets()).includes(next));

    // No registry item grows with the number of buckets.
    let largest = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await table.client.send(
        new QueryCommand({
          TableName: table.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'monitor#incidents' },
          ...(start === undefined ? {} : { ExclusiveStartKey: start }),
        }),
      );
      for (const item of page.Items ?? []) largest = Math.max(largest, JSON.stringify(item).length);
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    assert.ok(largest < 300, `the largest registry item is ${largest} bytes of JSON`);
    tally('registry.buckets-listed', BUCKETS + 1);
  });
});

describe('the registry under concurrency: an audit forgetting a bucket while an incident opens there (dynalite)', () => {
  let table: DynaliteTable;
  before(async () => {
    table = await startDynaliteTable();
  });
  after(() => table.close());

  const bucket = 'acme-flaky-prod';
  const failureAt = (key: string, minutes: number) => [
    {
      bucket,
      observations: observe(
        [{ ...eventFailure(key, { time: at(minutes) }), sourceBucket: bucket }],
        'events',
      ),
    },
  ];
  const dependenciesAt = (store: IncidentStore, minutes: number): IncidentDependencies => ({
    store,
    settings: DEFAULT_INCIDENT_SETTINGS,
    clock: fixedClock(at(minutes)),
    channels: {
      renderer: defaultNoticeRenderer,
      concurrency: 1,
      publisher: recordingIncidentPublisher().publisher,
    },
    retry: { attempts: 20, pause: () => sleep(1) },
  });

  /** Rounds in which the bucket ended with an open incident the registry no longer named. */
  async function lostRegistrations(forgetting: (store: IncidentStore) => IncidentStore): Promise<number> {
    let lost = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      await table.clear();
      const store = createDynamoDbIncidentStore(table.client, { tableName: table.tableName });
      // An incident opened (the bucket registered) at 0, resolved by its quiet period at 61.
      await reportIncidents(failureAt('a', 0), dependenciesAt(store, 0));
      await reportIncidents([{ bucket, observations: [] }], dependenciesAt(store, 61));
      // At 180 the audit finds nothing open there and forgets the bucket, while a new failure
      // opens an incident there again.
      const racing = jittered(store, random(20_000 + round));
      await Promise.all([
        (async () => {
          const auditing = forgetting(racing);
          const knownBuckets = await auditing.listBuckets();
          const result = await reportIncidents(
            knownBuckets.map((name) => ({ bucket: name, observations: [] })),
            dependenciesAt(auditing, 180),
          );
          await forgetSettledBuckets({
            store: auditing,
            knownBuckets,
            incidents: result.incidents,
            failedBuckets: result.failedBuckets,
            now: new Date(at(180)),
          });
        })(),
        reportIncidents(failureAt('b', 180), dependenciesAt(racing, 180)),
      ]);
      const open = (await store.loadBucket(bucket)).some((incident) => incident.status === 'open');
      assert.ok(open, `round ${round}: the new failure opened an incident`);
      if (!(await store.listBuckets()).includes(bucket)) lost += 1;
    }
    return lost;
  }

  it('keeps every bucket with an open incident registered over 100 seeded rounds', async () => {
    assert.equal(await lostRegistrations((store) => store), 0);
  });

  it('loses registrations when forgetting ignores when the bucket was registered (the harness sees the race)', async () => {
    const unconditional = (store: IncidentStore): IncidentStore => ({
      ...store,
      forgetBucket: (name, _before, forgottenAt) =>
        store.forgetBucket(name, '9999-12-31T00:00:00.000Z', forgottenAt),
    });
    const lost = await lostRegistrations(unconditional);
    tally('registry.race.lost-without-margin', lost);
    assert.ok(lost > 0, 'the race happened in some rounds');
  });
});
