import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createDynamoDbIncidentStore } from '../../shared/aws/dynamodb-incident-store.js';
import type { RetryPolicy } from '../../shared/incidents/incident-transaction.js';
import { type DynaliteTable, startDynaliteTable } from '../helpers/dynalite.js';
import { documentedRecord } from '../helpers/fixtures.js';
import { eventHandlerAt, recordingChannels } from '../helpers/incident-handlers.js';
import { random } from '../helpers/random.js';
import { tally } from '../helpers/reliability/figures.js';
import { drainQueue, type SqsMessage } from '../helpers/reliability/sqs-event-source.js';

/**
 * Contention (defect 4 of the concurrency issue): many replication-event invocations on one
 * incident, through a simulated SQS event source (batch item failures redelivered, a message
 * received `maxReceiveCount` times dead-lettered), the real handler, incidents in dynalite.
 */

const BUCKET = 'acme-payments-prod';
const ROUNDS = 100;

/** One OperationFailedReplication record per message, all of one rule, destination and reason. */
function failures(count: number, prefix: string): SqsMessage[] {
  return Array.from({ length: count }, (_, index) => {
    const record = documentedRecord();
    record.s3.bucket = { name: BUCKET, arn: `arn:aws:s3:::${BUCKET}` };
    record.s3.object = { ...record.s3.object, key: `${prefix}/object-${index}.bin`, versionId: `v${index}` };
    return { messageId: `${prefix}-${index}`, body: JSON.stringify({ Records: [record] }) };
  });
}

/** The deployed default of the SQS event source's maximum concurrency (serverless.yml). */
const DEFAULT_MAXIMUM_CONCURRENCY = Number(
  /\n {4}eventMaximumConcurrency: (\d+)\n/.exec(
    readFileSync(fileURLToPath(new URL('../../serverless.yml', import.meta.url)), 'utf8'),
  )?.[1],
);

async function contend(
  table: DynaliteTable,
  options: { records: number; maximumConcurrency: number; seed: number; retry?: RetryPolicy },
) {
  await table.clear();
  const store = createDynamoDbIncidentStore(table.client, { tableName: table.tableName });
  const channels = recordingChannels();
  const handler = eventHandlerAt(
    store,
    '2026-11-22T12:00:00.000Z',
    channels,
    options.retry === undefined ? {} : { retry: options.retry },
  );
  const outcome = await drainQueue(failures(options.records, `seed-${options.seed}`), handler, {
    batchSize: 100,
    maximumConcurrency: options.maximumConcurrency,
    maxReceiveCount: 5,
    next: random(options.seed),
  });
  const incidents = await store.loadBucket(BUCKET);
  return { ...outcome, incidents, pages: channels.sns.length };
}

describe('contention: failure records of one incident through the SQS event source (dynalite)', () => {
  let table: DynaliteTable;
  before(async () => {
    table = await startDynaliteTable();
  });
  after(() => table.close());

  it('at the deployed maximum concurrency, 10,000 records: none dead-lettered, `affected` exact, one page', async () => {
    assert.ok(DEFAULT_MAXIMUM_CONCURRENCY >= 2, `serverless.yml default: ${DEFAULT_MAXIMUM_CONCURRENCY}`);
    const result = await contend(table, {
      records: 10_000,
      maximumConcurrency: DEFAULT_MAXIMUM_CONCURRENCY,
      seed: 1,
    });
    assert.equal(result.peakConcurrency, DEFAULT_MAXIMUM_CONCURRENCY);
    assert.deepEqual(result.deadLettered, []);
    assert.deepEqual(
      result.incidents.map((incident) => incident.affected),
      [10_000],
    );
    assert.equal(result.pages, 1);
    tally('contention.10k.invocations', result.invocations);
    tally('contention.10k.redeliveries', result.redeliveries);
  });

  it('over 100 seeded rounds of 1,000 records at 2 to the deployed concurrency: none dead-lettered, `affected` exact', async () => {
    let deadLettered = 0;
    let inexact = 0;
    let redeliveries = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const next = random(10_000 + round);
      const maximumConcurrency = 2 + Math.floor(next() * (DEFAULT_MAXIMUM_CONCURRENCY - 1));
      const result = await contend(table, { records: 1_000, maximumConcurrency, seed: 10_000 + round });
      deadLettered += result.deadLettered.length;
      redeliveries += result.redeliveries;
      const affected = result.incidents.map((incident) => incident.affected);
      if (affected.length !== 1 || affected[0] !== 1_000 || result.pages !== 1) inexact += 1;
    }
    tally('contention.rounds.redeliveries', redeliveries);
    assert.equal(deadLettered, 0, `messages dead-lettered over ${ROUNDS} rounds`);
    assert.equal(inexact, 0, `rounds whose incident was not exactly 1,000 affected with one page`);
  });

  it('dead-letters what contention the retry cannot absorb (the harness sees the defect)', async () => {
    const result = await contend(table, {
      records: 2_000,
      maximumConcurrency: 40,
      seed: 7,
      retry: { attempts: 1, pause: async () => undefined },
    });
    assert.ok(result.deadLettered.length > 0, 'without retries, 40 at once dead-letter messages');
    const affected = result.incidents[0]?.affected ?? 0;
    assert.equal(affected + result.deadLettered.length, 2_000, 'every record is counted or dead-lettered');
  });
});
