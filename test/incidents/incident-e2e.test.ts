import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createDynamoDbAuditStateStore } from '../../shared/aws/dynamodb-audit-state-store.js';
import { createDynamoDbIncidentStore } from '../../shared/aws/dynamodb-incident-store.js';
import { openWorld } from '../../shared/cli/world-session.js';
import type { IncidentStore } from '../../shared/incidents/incident-store.js';
import type { IncidentNotification } from '../../shared/render/sns-message.js';
import { type DynaliteTable, startDynaliteTable } from '../helpers/dynalite.js';
import { documentedRecord, sqsEvent } from '../helpers/fixtures.js';
import { recordingIncidentPublisher } from '../helpers/incident-fakes.js';
import {
  auditHandlerOn,
  type Channels,
  eventHandlerAt,
  incidentConfig,
  incidentDependencies,
  recordingChannels,
} from '../helpers/incident-handlers.js';
import { exampleWorld, worldFile } from '../helpers/worlds.js';

/**
 * Both paths through one DynamoDB table (dynalite), as deployed: the replication-event handler
 * receives S3's failure events, the audit handler audits a simulated account whose role lost
 * s3:ReplicateObject (examples/worlds/role-lost-replicate-object.json). A failure both see is one
 * incident: it pages once, reminds on schedule, and resolves with a notice once fixed.
 */

const SOURCE = 'acme-orders-prod';
const config = incidentConfig;
const SCHEDULED = { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} };
const plenty = { getRemainingTimeInMillis: () => 300_000 };

/** One SQS message per object: S3's OperationFailedReplication for the world's rule. */
function failureBatch(keys: readonly string[], eventTime: string) {
  return sqsEvent(
    keys.map((key) => {
      const record = documentedRecord();
      record.eventTime = eventTime;
      record.s3.bucket = { name: SOURCE, arn: `arn:aws:s3:::${SOURCE}` };
      record.s3.object.key = key;
      record.s3.object.versionId = `v-${key}`;
      record.replicationEventData.replicationRuleId = 'orders-to-dr';
      record.replicationEventData.destinationBucket = 'arn:aws:s3:::acme-orders-dr';
      record.replicationEventData.failureReason = 'DstPutObjectNotPermitted';
      return { Records: [record] };
    }),
  );
}

function world(now: string, fixed = false) {
  const copy = exampleWorld('role-lost-replicate-object') as Record<string, unknown> & {
    buckets: { objects?: { replicationStatus?: string }[] }[];
    metrics: { metricName: string; values: (number | null)[] }[];
    roles: { inlinePolicies: Record<string, { Statement: { Sid?: string; Action: string[] }[] }> }[];
  };
  copy.now = now;
  if (fixed) {
    for (const bucket of copy.buckets)
      for (const object of bucket.objects ?? [])
        if (object.replicationStatus === 'FAILED') object.replicationStatus = 'COMPLETED';
    for (const series of copy.metrics)
      if (series.metricName === 'OperationsFailedReplication') series.values = series.values.map(() => 0);
    const statement = copy.roles[0]?.inlinePolicies['s3-replication']?.Statement.find(
      (candidate) => candidate.Sid === 'DestinationObjects',
    );
    statement?.Action.push('s3:ReplicateObject');
  }
  return worldFile(copy);
}

const transitionsOf = (notifications: readonly IncidentNotification[], id: string) =>
  notifications
    .filter((notification) => notification.id === id)
    .map((notification) => notification.messageAttributes.transition?.StringValue);

describe('incidents end to end: events and audits on one table (dynalite)', () => {
  let table: DynaliteTable;
  let store: IncidentStore;
  before(async () => {
    table = await startDynaliteTable();
    store = createDynamoDbIncidentStore(table.client, { tableName: table.tableName });
  });
  after(() => table.close());

  it('makes one incident of a failure seen by events and by the audit: one page, a reminder, a resolution', async () => {
    const via = recordingChannels();
    const auditState = createDynamoDbAuditStateStore(table.client, { tableName: table.tableName });
    const audit = async (now: string, fixed = false) => {
      const session = await openWorld(world(now, fixed));
      const handler = auditHandlerOn(session, config, incidentDependencies(store, session.clock, via), {
        stateStore: auditState,
      });
      return handler(SCHEDULED, plenty);
    };

    const keys = ['orders/2026/11/22/order-89200.json', 'orders/2026/11/22/order-89201.json'];
    const response = await eventHandlerAt(
      store,
      '2026-11-22T12:00:00Z',
      via,
    )(failureBatch(keys, '2026-11-22T11:59:30Z'));
    assert.deepEqual(response, { batchItemFailures: [] });
    const [opened] = via.sns;
    assert.ok(opened);
    const id = opened.id;
    assert.deepEqual(transitionsOf(via.sns, id), ['opened']);

    await audit('2026-11-22T12:05:00Z');
    const failing = (await store.loadBucket(SOURCE)).filter(
      (incident) => incident.kind === 'replication-failing',
    );
    assert.equal(failing.length, 1, 'events and audit share one incident');
    assert.equal(failing[0]?.id, id);
    assert.deepEqual(
      failing[0]?.causes.map((cause) => [cause.code, cause.sources.join()]),
      [
        ['REPLICATION_FAILED', 'events'],
        ['OBJECT_REPLICATION_FAILED', 'audit'],
        ['REPLICATION_OPERATIONS_FAILED', 'audit'],
      ],
    );
    assert.deepEqual(transitionsOf(via.sns, id), ['opened'], 'the audit joining pages nobody');
    assert.ok(via.events.some((entry) => entry.DetailType === 'Replication Incident Updated'));

    await audit('2026-11-22T13:00:00Z');
    assert.deepEqual(transitionsOf(via.sns, id), ['opened'], 'no reminder before the interval');
    await audit('2026-11-22T16:00:00Z');
    assert.deepEqual(transitionsOf(via.sns, id), ['opened', 'reminder']);
    const reminder = via.sns.at(-1) ?? opened;
    assert.equal(JSON.parse(reminder.message.default).growth, 3);

    await audit('2026-11-22T16:05:00Z', true);
    assert.deepEqual(transitionsOf(via.sns, id), ['opened', 'reminder'], 'one clean audit is not enough');
    await audit('2026-11-22T16:10:00Z', true);
    assert.deepEqual(transitionsOf(via.sns, id), ['opened', 'reminder', 'resolved']);
    const resolved = (await store.loadBucket(SOURCE)).find((incident) => incident.id === id);
    assert.equal(resolved?.status, 'resolved');
    assert.equal(resolved?.pendingNotices, undefined);
    // Every transition went to EventBridge too.
    const detailTypes = via.events
      .filter((entry) => JSON.parse(entry.Detail).incidentId === id)
      .map((entry) => entry.DetailType);
    assert.deepEqual(detailTypes, [
      'Replication Incident Opened',
      'Replication Incident Updated',
      'Replication Incident Updated',
      'Replication Incident Resolved',
    ]);
    // What the audit alone saw (the role's missing permission) resolved the same way.
    assert.ok((await store.loadBucket(SOURCE)).every((incident) => incident.status === 'resolved'));
  });
});

describe('incidents under redelivery and concurrency (dynalite)', () => {
  let table: DynaliteTable;
  let store: IncidentStore;
  before(async () => {
    table = await startDynaliteTable();
    store = createDynamoDbIncidentStore(table.client, { tableName: table.tableName });
  });
  after(() => table.close());

  const bucketBatch = (bucket: string, count: number) => {
    const batch = failureBatch(
      Array.from({ length: count }, (_, index) => `data/${index}.bin`),
      '2026-11-22T11:59:00Z',
    );
    for (const record of batch.Records) record.body = String(record.body).replaceAll(SOURCE, bucket);
    return batch;
  };

  it('counts the same SQS batch delivered three times once: one incident, one notice', async () => {
    const via = recordingChannels();
    const handler = eventHandlerAt(store, '2026-11-22T12:00:00Z', via);
    for (let delivery = 0; delivery < 3; delivery += 1)
      assert.deepEqual(await handler(bucketBatch('redelivered-bucket', 4)), { batchItemFailures: [] });
    const stored = await store.loadBucket('redelivered-bucket');
    assert.equal(stored.length, 1);
    assert.equal(stored[0]?.affected, 4);
    assert.equal(via.sns.length, 1);
    assert.equal(via.events.length, 1);
  });

  it('sends one opening when two invocations handle the same problem at once', async () => {
    for (const round of [1, 2, 3]) {
      const bucket = `concurrent-bucket-${round}`;
      const first = recordingChannels();
      const second = recordingChannels();
      const responses = await Promise.all([
        eventHandlerAt(store, '2026-11-22T12:00:00Z', first)(bucketBatch(bucket, 3)),
        eventHandlerAt(store, '2026-11-22T12:00:00Z', second)(bucketBatch(bucket, 5)),
      ]);
      assert.deepEqual(responses, [{ batchItemFailures: [] }, { batchItemFailures: [] }]);
      assert.equal(first.sns.length + second.sns.length, 1, `round ${round}: one opened notice`);
      const stored = await store.loadBucket(bucket);
      assert.equal(stored.length, 1);
      assert.equal(stored[0]?.affected, 5);
      assert.equal(stored[0]?.pendingNotices, undefined);
    }
  });

  it('fails the messages of a notice SNS refused, and the redelivery sends it: nothing lost', async () => {
    const broken: Channels = {
      ...recordingChannels(),
      publisher: recordingIncidentPublisher(() => true).publisher,
    };
    const batch = bucketBatch('unlucky-bucket', 2);
    const failed = await eventHandlerAt(store, '2026-11-22T12:00:00Z', broken)(batch);
    assert.deepEqual(failed, {
      batchItemFailures: [{ itemIdentifier: 'message-0' }, { itemIdentifier: 'message-1' }],
    });
    assert.equal((await store.loadBucket('unlucky-bucket'))[0]?.pendingNotices?.length, 1);
    const via = recordingChannels();
    assert.deepEqual(await eventHandlerAt(store, '2026-11-22T12:01:00Z', via)(batch), {
      batchItemFailures: [],
    });
    assert.deepEqual(transitionsOf(via.sns, via.sns[0]?.id ?? ''), ['opened']);
    assert.equal((await store.loadBucket('unlucky-bucket'))[0]?.pendingNotices, undefined);
  });
});
