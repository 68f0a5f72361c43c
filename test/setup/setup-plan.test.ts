import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReplicationConfigurationInput } from '../../shared/model/replication-rules.js';
import { MONITOR_METRICS, planMetrics } from '../../shared/setup/metrics-plan.js';
import type { NotificationConfigurationInput } from '../../shared/setup/notification-configuration.js';
import { planNotification } from '../../shared/setup/notification-plan.js';
import { planBucketSetup } from '../../shared/setup/setup-plan.js';

const QUEUE = 'arn:aws:sqs:us-east-1:111122223333:s3-replication-monitor-prod-replication-events';
const OTHER_QUEUE = 'arn:aws:sqs:us-east-1:111122223333:legacy-replication-alerts';
const ROLE = 'arn:aws:iam::111122223333:role/service-role/s3-replication-acme';
const prefix = (value: string) => ({ Key: { FilterRules: [{ Name: 'prefix', Value: value }] } });

/** A bucket that already notifies a Lambda, an SNS topic under a prefix, and EventBridge. */
function busyNotifications(): NotificationConfigurationInput {
  return {
    LambdaFunctionConfigurations: [
      {
        Id: 'order-ingest',
        LambdaFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:order-ingest',
        Events: ['s3:ObjectCreated:*'],
      },
    ],
    TopicConfigurations: [
      {
        Id: 'order-deletions',
        TopicArn: 'arn:aws:sns:us-east-1:111122223333:order-deletions',
        Events: ['s3:ObjectRemoved:*'],
        Filter: prefix('orders/'),
      },
    ],
    EventBridgeConfiguration: {},
  };
}

const plan = (current: NotificationConfigurationInput, bucketRegion = 'us-east-1') =>
  planNotification({ current, queueArn: QUEUE, bucketRegion });

describe('planNotification', () => {
  it('adds one s3:Replication:* queue configuration and keeps every existing one verbatim', () => {
    const current = busyNotifications();
    const result = plan(current);
    assert.equal(result.status, 'add');
    if (result.status !== 'add') return;
    assert.deepEqual(result.added, {
      Id: 's3-replication-monitor',
      QueueArn: QUEUE,
      Events: ['s3:Replication:*'],
    });
    assert.deepEqual(result.document, { ...busyNotifications(), QueueConfigurations: [result.added] });
    assert.deepEqual(current, busyNotifications(), 'the input is not changed');
  });

  it('changes nothing when planned again on its own result (idempotent)', () => {
    const first = plan(busyNotifications());
    assert.equal(first.status, 'add');
    if (first.status !== 'add') return;
    assert.deepEqual(plan(first.document), { status: 'covered', coveredBy: ['s3-replication-monitor'] });
  });

  it('counts the four replication event types listed one by one as covered', () => {
    const result = plan({
      QueueConfigurations: [
        {
          Id: 'by-hand',
          QueueArn: QUEUE,
          Events: [
            's3:Replication:OperationNotTracked',
            's3:Replication:OperationFailedReplication',
            's3:Replication:OperationMissedThreshold',
            's3:Replication:OperationReplicatedAfterThreshold',
          ],
        },
      ],
    });
    assert.deepEqual(result, { status: 'covered', coveredBy: ['by-hand'] });
  });

  it('adds only the missing event types next to an existing failure-only configuration to the same queue', () => {
    const current: NotificationConfigurationInput = {
      QueueConfigurations: [
        {
          Id: 'replication-failures',
          QueueArn: QUEUE,
          Events: ['s3:Replication:OperationFailedReplication'],
        },
      ],
    };
    const result = plan(current);
    assert.equal(result.status, 'add');
    if (result.status !== 'add') return;
    assert.deepEqual(result.coveredBy, ['replication-failures']);
    assert.deepEqual(result.added.Events, [
      's3:Replication:OperationMissedThreshold',
      's3:Replication:OperationReplicatedAfterThreshold',
      's3:Replication:OperationNotTracked',
    ]);
    assert.deepEqual(result.document.QueueConfigurations?.[0], current.QueueConfigurations?.[0]);
    assert.equal(plan(result.document).status, 'covered');
  });

  it('treats an empty prefix rule, in any case, as covering every key', () => {
    const result = plan({
      QueueConfigurations: [
        {
          Id: 'monitor',
          QueueArn: QUEUE,
          Events: ['s3:Replication:*'],
          Filter: { Key: { FilterRules: [{ Name: 'Prefix', Value: '' }] } },
        },
      ],
    });
    assert.equal(result.status, 'covered');
  });

  it('reports a conflict when another queue already receives a replication event for overlapping keys', () => {
    const result = plan({
      QueueConfigurations: [
        {
          Id: 'legacy-replication-alerts',
          QueueArn: OTHER_QUEUE,
          Events: ['s3:Replication:OperationFailedReplication'],
          Filter: prefix('settlements/'),
        },
      ],
    });
    assert.equal(result.status, 'conflict');
    if (result.status !== 'conflict') return;
    assert.deepEqual(
      result.problems.map((problem) => problem.code),
      ['OVERLAPPING_CONFIGURATION'],
    );
    assert.match(result.problems[0]?.message ?? '', /legacy-replication-alerts.*prefix "settlements\/"/);
  });

  it('reports a conflict for a topic or Lambda that receives replication events', () => {
    const result = plan({
      TopicConfigurations: [
        { Id: 'ops', TopicArn: 'arn:aws:sns:us-east-1:111122223333:ops', Events: ['s3:Replication:*'] },
      ],
      LambdaFunctionConfigurations: [
        {
          LambdaFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:late',
          Events: ['s3:Replication:OperationMissedThreshold'],
        },
      ],
    });
    assert.equal(result.status, 'conflict');
    if (result.status !== 'conflict') return;
    assert.deepEqual(
      result.problems.map((problem) => [
        problem.code,
        'configurationId' in problem && problem.configurationId,
      ]),
      [
        ['OVERLAPPING_CONFIGURATION', 'ops'],
        ['OVERLAPPING_CONFIGURATION', 'lambda configuration #1'],
      ],
    );
  });

  it('reports a filtered configuration to the monitor queue itself: it must be widened, not duplicated', () => {
    const result = plan({
      QueueConfigurations: [
        { Id: 'partial', QueueArn: QUEUE, Events: ['s3:Replication:*'], Filter: prefix('a/') },
      ],
    });
    assert.equal(result.status, 'conflict');
    if (result.status !== 'conflict') return;
    assert.equal(result.problems[0]?.code, 'FILTERED_MONITOR_CONFIGURATION');
  });

  it('ignores other destinations that receive no replication events', () => {
    const result = plan({
      QueueConfigurations: [{ Id: 'ingest', QueueArn: OTHER_QUEUE, Events: ['s3:ObjectCreated:*'] }],
    });
    assert.equal(result.status, 'add');
  });

  it('refuses a queue in another Region than the bucket', () => {
    const result = plan({}, 'eu-west-1');
    assert.equal(result.status, 'conflict');
    if (result.status !== 'conflict') return;
    assert.equal(result.problems[0]?.code, 'QUEUE_IN_OTHER_REGION');
  });

  it('picks a free Id when an unrelated configuration already uses the monitor one', () => {
    const result = plan({
      LambdaFunctionConfigurations: [
        {
          Id: 's3-replication-monitor',
          LambdaFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:x',
          Events: ['s3:ObjectCreated:*'],
        },
      ],
    });
    assert.equal(result.status === 'add' && result.added.Id, 's3-replication-monitor-2');
  });
});

function replication(
  ...rules: NonNullable<ReplicationConfigurationInput['Rules']>
): ReplicationConfigurationInput {
  return { Role: ROLE, Rules: rules };
}
const v2Rule = (id: string, destination: Record<string, unknown> = {}) => ({
  ID: id,
  Status: 'Enabled',
  Priority: 1,
  Filter: { Prefix: `${id}/` },
  DeleteMarkerReplication: { Status: 'Enabled' },
  Destination: { Bucket: 'arn:aws:s3:::acme-dr', StorageClass: 'STANDARD', ...destination },
});

describe('planMetrics', () => {
  it('enables metrics with a 15-minute threshold and keeps Role and every other rule verbatim', () => {
    const withMetrics = v2Rule('kept', { Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } } });
    const current = replication(withMetrics, v2Rule('logs'));
    const result = planMetrics(current);
    assert.deepEqual(
      result.changes.map((change) => [change.ruleId, change.index]),
      [['logs', 1]],
    );
    assert.deepEqual(result.document, replication(withMetrics, v2Rule('logs', { Metrics: MONITOR_METRICS })));
    assert.deepEqual(current, replication(withMetrics, v2Rule('logs')), 'the input is not changed');
  });

  it('adds the Metrics RTC requires and keeps ReplicationTime as it is', () => {
    const rtc = { ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } } };
    const result = planMetrics(replication(v2Rule('fast', rtc)));
    assert.deepEqual(result.changes[0]?.after.Destination, {
      ...v2Rule('fast', rtc).Destination,
      Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
    });
    assert.match(result.changes[0]?.reason ?? '', /Replication Time Control/);
  });

  it('turns disabled metrics on', () => {
    const result = planMetrics(replication(v2Rule('off', { Metrics: { Status: 'Disabled' } })));
    assert.deepEqual(result.changes[0]?.after.Destination?.Metrics, MONITOR_METRICS);
  });

  it('leaves disabled rules alone and plans nothing when every enabled rule has metrics', () => {
    const disabled = { ...v2Rule('paused'), Status: 'Disabled' };
    const result = planMetrics(
      replication(
        disabled,
        v2Rule('ok', { Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } } }),
      ),
    );
    assert.deepEqual(result, { changes: [], problems: [] });
  });

  it('says a V1 rule cannot carry metrics and does not change it', () => {
    const v1 = {
      ID: 'media-v1',
      Prefix: 'media/',
      Status: 'Enabled',
      Destination: { Bucket: 'arn:aws:s3:::dr' },
    };
    const result = planMetrics(replication(v1, { ...v1, ID: 'old-v1', Status: 'Disabled' }));
    assert.equal(result.document, undefined);
    assert.deepEqual(
      result.problems.map((problem) => [problem.code, problem.ruleId]),
      [['V1_RULE_WITHOUT_METRICS', 'media-v1']],
    );
    assert.match(result.problems[0]?.remediation ?? '', /Filter \{"Prefix": "media\/"\}/);
  });
});

describe('planBucketSetup', () => {
  const input = (
    enableMetrics: boolean,
    notifications: NotificationConfigurationInput = busyNotifications(),
  ) => ({
    bucket: 'acme-app-logs',
    region: 'us-east-1',
    notifications,
    replication: replication(v2Rule('logs')),
    options: { queueArn: QUEUE, enableMetrics },
  });

  it('plans the notification write and only offers metrics without enableMetrics', () => {
    const result = planBucketSetup(input(false));
    assert.deepEqual(
      result.writes.map((write) => write.operation),
      ['PutBucketNotificationConfiguration'],
    );
    assert.equal(result.metrics.changes.length, 1);
    assert.equal(result.metrics.accepted, false);
  });

  it('plans both whole documents with enableMetrics, each with the document it replaces', () => {
    const result = planBucketSetup(input(true));
    assert.deepEqual(
      result.writes.map((write) => write.operation),
      ['PutBucketNotificationConfiguration', 'PutBucketReplication'],
    );
    assert.deepEqual(result.writes[0]?.before, busyNotifications());
    assert.deepEqual(result.writes[1]?.before, replication(v2Rule('logs')));
  });

  it('writes nothing at all to a bucket with a notification conflict', () => {
    const conflicting = {
      QueueConfigurations: [{ Id: 'legacy', QueueArn: OTHER_QUEUE, Events: ['s3:Replication:*'] }],
    };
    const result = planBucketSetup(input(true, conflicting));
    assert.deepEqual(result.writes, []);
    assert.equal(result.metrics.accepted, false);
  });
});
