import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { exampleWorld, WORLDS, worldFile } from '../helpers/worlds.js';

const QUEUE = 'arn:aws:sqs:us-east-1:111122223333:s3-replication-monitor-prod-replication-events';
const MERGE = 'setup-existing-notifications';
const CONFLICT = 'setup-conflicting-notifications';

interface Write {
  operation: string;
  bucket: string;
  document: Record<string, unknown[] | Record<string, unknown> | string>;
}

async function setup(world: string, ...extra: string[]) {
  const result = await runCli([
    'setup',
    '--queue-arn',
    QUEUE,
    '--world',
    world,
    '--format',
    'json',
    ...extra,
  ]);
  return { ...result, document: result.status === 2 ? undefined : JSON.parse(result.stdout) };
}

const statuses = (document: { buckets: { bucket: string; status: string }[] }) =>
  Object.fromEntries(document.buckets.map((bucket) => [bucket.bucket, bucket.status]));

/** The world's notifications of a bucket, as the example file has them. */
function notificationsOf(world: ReturnType<typeof exampleWorld>, bucket: string) {
  return world.buckets.find((candidate) => candidate.name === bucket)?.notifications as Record<
    string,
    unknown[]
  >;
}

/** Every pre-existing configuration is in the written document, unchanged, and EventBridge stays on. */
function assertKeepsEverything(before: Record<string, unknown>, written: Record<string, unknown>) {
  for (const [section, value] of Object.entries(before)) {
    if (!Array.isArray(value)) {
      assert.deepEqual(written[section], value, section);
      continue;
    }
    const kept = new Set((written[section] as unknown[]).map((item) => JSON.stringify(sorted(item))));
    for (const configuration of value)
      assert.ok(
        kept.has(JSON.stringify(sorted(configuration))),
        `${section} ${JSON.stringify(configuration)}`,
      );
  }
}

/** Key order differs between the world file and S3's answer; the content may not. */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .sort(([left], [right]) => left.localeCompare(right))
      .map(([key, item]) => [key, sorted(item)]),
  );
}

describe('cli setup (dry run)', () => {
  it('plans the merge per bucket, writes nothing and exits 1 while changes are pending', async () => {
    const { status, stdout, stderr, document } = await setup(`${WORLDS}${MERGE}.json`);
    assert.equal(status, 1);
    assert.equal(stderr, '');
    assert.doesNotThrow(() => JSON.parse(stdout), 'stdout is exactly one JSON document');
    assert.deepEqual(statuses(document), {
      'acme-invoices-prod': 'pending',
      'acme-orders-prod': 'pending',
      'acme-reports-prod': 'up-to-date',
    });
    assert.deepEqual(document.simulatedWrites, []);
    const orders = document.buckets.find(
      (bucket: { bucket: string }) => bucket.bucket === 'acme-orders-prod',
    );
    assert.deepEqual(orders.writes[0].changes, [
      {
        path: 'QueueConfigurations',
        after: [{ Id: 's3-replication-monitor', QueueArn: QUEUE, Events: ['s3:Replication:*'] }],
      },
    ]);
    assert.equal(orders.writes[0].status, 'pending');
    assert.match(document.notes[0], /sourceBuckets/);
  });

  it('prints the exact change and the queue-policy note as a table', async () => {
    const { status, stdout } = await runCli([
      'setup',
      '--queue-arn',
      QUEUE,
      '--world',
      `${WORLDS}${MERGE}.json`,
      '--format',
      'table',
    ]);
    assert.equal(status, 1);
    assert.match(stdout, /Dry run: nothing is written/);
    assert.match(stdout, /acme-invoices-prod \(us-east-1\): changes pending/);
    assert.match(stdout, /already sent to the queue by: replication-failures/);
    assert.match(
      stdout,
      /\+ QueueConfigurations\[1\]: \{"Id":"s3-replication-monitor","QueueArn":"[^"]+","Events":\["s3:Replication:OperationMissedThreshold"/,
    );
    assert.match(stdout, /EventBridge kept on/);
    assert.match(stdout, /acme-reports-prod \(us-east-1\): up to date/);
    assert.match(stdout, /Nothing was written \(dry run\)/);
    assert.match(stdout, /s3\.amazonaws\.com/);
  });

  it('reports a conflict, a metrics offer and a V1 rule', async () => {
    const { status, document } = await setup(`${WORLDS}${CONFLICT}.json`);
    assert.equal(status, 1);
    assert.deepEqual(statuses(document), {
      'acme-app-logs': 'pending',
      'acme-legacy-media': 'pending',
      'acme-payments-prod': 'conflict',
    });
    const [logs, media, payments] = document.buckets;
    assert.deepEqual(logs.metrics.changes[0].after.Destination.Metrics, {
      Status: 'Enabled',
      EventThreshold: { Minutes: 15 },
    });
    assert.equal(logs.metrics.accepted, false);
    assert.equal(media.metrics.problems[0].code, 'V1_RULE_WITHOUT_METRICS');
    assert.equal(payments.notification.problems[0].code, 'OVERLAPPING_CONFIGURATION');
    assert.deepEqual(payments.writes, []);
  });
});

describe('cli setup --apply', () => {
  it('writes exactly the merged documents, keeping every pre-existing notification, and exits 0', async () => {
    const world = exampleWorld(MERGE);
    const { status, document } = await setup(`${WORLDS}${MERGE}.json`, '--apply');
    assert.equal(status, 0);
    assert.deepEqual(statuses(document), {
      'acme-invoices-prod': 'applied',
      'acme-orders-prod': 'applied',
      'acme-reports-prod': 'up-to-date',
    });
    const writes: Write[] = document.simulatedWrites;
    assert.deepEqual(
      writes.map((write) => [write.operation, write.bucket]),
      [
        ['PutBucketNotificationConfiguration', 'acme-invoices-prod'],
        ['PutBucketNotificationConfiguration', 'acme-orders-prod'],
      ],
    );
    for (const write of writes) {
      const before = notificationsOf(world, write.bucket);
      assertKeepsEverything(before, write.document);
      const queues = write.document.QueueConfigurations as { Id: string }[];
      assert.equal(queues.length, (before.QueueConfigurations ?? []).length + 1);
      assert.equal(queues.at(-1)?.Id, 's3-replication-monitor');
      for (const section of ['TopicConfigurations', 'LambdaFunctionConfigurations'])
        assert.equal(
          (write.document[section] as unknown[] | undefined)?.length,
          before[section]?.length,
          section,
        );
    }
  });

  it('changes nothing on a second run over the written configuration', async () => {
    const first = await setup(`${WORLDS}${MERGE}.json`, '--apply');
    const world = exampleWorld(MERGE);
    for (const write of first.document.simulatedWrites as Write[]) {
      const bucket = world.buckets.find((candidate) => candidate.name === write.bucket);
      if (bucket !== undefined) bucket.notifications = write.document;
    }
    const second = await setup(worldFile(world), '--apply', '--enable-metrics');
    assert.equal(second.status, 0);
    assert.deepEqual(second.document.simulatedWrites, []);
    assert.ok(second.document.buckets.every((bucket: { status: string }) => bucket.status === 'up-to-date'));
  });

  it('enables metrics with --enable-metrics, keeps the Role and rule verbatim, and never writes a conflicting bucket', async () => {
    const world = exampleWorld(CONFLICT);
    const { status, document } = await setup(`${WORLDS}${CONFLICT}.json`, '--apply', '--enable-metrics');
    assert.equal(status, 1, 'the conflict and the V1 rule still need someone');
    const writes: Write[] = document.simulatedWrites;
    assert.deepEqual(writes.map((write) => [write.operation, write.bucket]).sort(), [
      ['PutBucketNotificationConfiguration', 'acme-app-logs'],
      ['PutBucketNotificationConfiguration', 'acme-legacy-media'],
      ['PutBucketReplication', 'acme-app-logs'],
    ]);
    const replication = writes.find((write) => write.operation === 'PutBucketReplication')?.document;
    const original = world.buckets.find((bucket) => bucket.name === 'acme-app-logs')?.replication as {
      Rules: { Destination: Record<string, unknown> }[];
    };
    const expected = structuredClone(original);
    (expected.Rules[0] as { Destination: Record<string, unknown> }).Destination.Metrics = {
      Status: 'Enabled',
      EventThreshold: { Minutes: 15 },
    };
    assert.deepEqual(sorted(replication), sorted(expected));
    assert.ok(writes.every((write) => write.bucket !== 'acme-payments-prod'));
    assert.deepEqual(statuses(document), {
      'acme-app-logs': 'applied',
      'acme-legacy-media': 'manual-fix-needed',
      'acme-payments-prod': 'conflict',
    });
  });

  it("reports a bucket's refused write and goes on with the others (exit 1)", async () => {
    const world = exampleWorld(MERGE);
    world.denied = [{ action: 's3:PutBucketNotification', resource: 'arn:aws:s3:::acme-orders-prod' }];
    const { status, document } = await setup(worldFile(world), '--apply');
    assert.equal(status, 1);
    assert.deepEqual(statuses(document), {
      'acme-invoices-prod': 'applied',
      'acme-orders-prod': 'failed',
      'acme-reports-prod': 'up-to-date',
    });
    const orders = document.buckets.find(
      (bucket: { bucket: string }) => bucket.bucket === 'acme-orders-prod',
    );
    assert.equal(orders.writes[0].problem.kind, 'access-denied');
    assert.equal(orders.writes[0].problem.action, 's3:PutBucketNotification');
    assert.deepEqual(
      document.simulatedWrites.map((write: Write) => write.bucket),
      ['acme-invoices-prod'],
    );
  });
});

describe('cli setup arguments', () => {
  it('limits the run to --bucket and reports a bucket that does not exist', async () => {
    const { status, document } = await setup(
      `${WORLDS}${MERGE}.json`,
      '--bucket',
      'acme-reports-prod',
      '--bucket',
      'no-such-bucket',
      '--bucket',
      'acme-orders-dr',
    );
    assert.equal(status, 1);
    assert.deepEqual(statuses(document), {
      'acme-reports-prod': 'up-to-date',
      'no-such-bucket': 'not-found',
      'acme-orders-dr': 'no-replication',
    });
  });

  it('exits 0 when every named bucket is already set up', async () => {
    const { status } = await setup(`${WORLDS}${MERGE}.json`, '--bucket', 'acme-reports-prod');
    assert.equal(status, 0);
  });

  it('puts per-bucket progress on stderr with --progress, never on stdout', async () => {
    const { stdout, stderr } = await setup(`${WORLDS}${MERGE}.json`, '--progress');
    assert.match(stderr, /acme-orders-prod: pending/);
    assert.doesNotMatch(stderr, /acme-orders-dr/);
    assert.doesNotThrow(() => JSON.parse(stdout));
  });

  it('exits 2 without a usable --queue-arn', async () => {
    const missing = await runCli(['setup', '--world', `${WORLDS}${MERGE}.json`]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /setup needs --queue-arn/);
    const wrong = await runCli(['setup', '--queue-arn', 'arn:aws:sns:us-east-1:111122223333:topic']);
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /must be an SQS queue ARN/);
    const fifo = await runCli(['setup', '--queue-arn', `${QUEUE}.fifo`]);
    assert.equal(fifo.status, 2);
    assert.match(fifo.stderr, /FIFO/);
  });
});
