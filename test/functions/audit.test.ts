import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { createAuditHandler } from '../../functions/audit.js';
import { createAuditDependencies } from '../../shared/audit-wiring.js';
import { createDynamoDbAuditStateStore } from '../../shared/aws/dynamodb-audit-state-store.js';
import { type AuditStateStore, createInMemoryAuditStateStore } from '../../shared/checks/audit-state.js';
import { createInMemoryDiagnosisStore } from '../../shared/checks/diagnosis-store.js';
import { createInMemoryIncidentStore } from '../../shared/checks/incident-store.js';
import { openWorld, type WorldSession } from '../../shared/cli/world-session.js';
import { loadConfig } from '../../shared/config.js';
import { InvalidPayloadError } from '../../shared/errors.js';
import { createIncidentDependencies } from '../../shared/incident-wiring.js';
import { startDynaliteTable } from '../helpers/dynalite.js';
import { WORLDS } from '../helpers/worlds.js';

const SCHEDULED = {
  version: '0',
  id: 'e1',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '111122223333',
  time: '2026-11-22T12:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: {},
};
const plenty = { getRemainingTimeInMillis: () => 300_000 };

async function handlerFor(session: WorldSession, store: AuditStateStore = createInMemoryAuditStateStore()) {
  const config = loadConfig({
    ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:alerts',
    AUDIT_TABLE_NAME: 'state',
  });
  return createAuditHandler({
    config,
    audit: (deadline) =>
      createAuditDependencies({
        config,
        clients: session.clients,
        clock: session.clock,
        deadline,
        homeRegion: 'us-east-1',
        stateStore: store,
        diagnosisStore: createInMemoryDiagnosisStore(),
      }),
    incidents: createIncidentDependencies({
      config,
      clients: session.clients,
      clock: session.clock,
      homeRegion: 'us-east-1',
      store: createInMemoryIncidentStore(),
      publisher: session.publisher,
    }),
    logger: new Logger({ logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'Test', serviceName: 'test' }),
  });
}

describe('audit handler', () => {
  it('audits on schedule and pages once per incident it opens', async () => {
    const session = await openWorld(`${WORLDS}demo-account.json`);
    const response = await (await handlerFor(session))(SCHEDULED, plenty);
    // 9 findings: the role and KMS diagnosis adds KMS_KEY_UNUSABLE (a cause of its own) to the demo's 8.
    // 4 incidents: payments failing (objects + operations), uploads delayed (objects, latency,
    // backlog), the logs rule's disabled metrics, and the unusable KMS key.
    assert.deepEqual(response, { findings: 9, alertsSent: 4 });
    const opened = session.simulator.captured.sns.map((message) => [
      message.messageAttributes.transition?.value,
      message.messageAttributes.sourceBucket?.value,
      message.messageAttributes.code?.value,
    ]);
    assert.deepEqual(opened.sort(), [
      ['opened', 'acme-app-logs', 'REPLICATION_METRICS_DISABLED'],
      ['opened', 'acme-payments-prod', 'KMS_KEY_UNUSABLE'],
      ['opened', 'acme-payments-prod', 'OBJECT_REPLICATION_FAILED'],
      ['opened', 'acme-user-uploads', 'OBJECT_REPLICATION_STUCK'],
    ]);
  });

  it('returns the report on demand and alerts only when asked', async () => {
    const session = await openWorld(`${WORLDS}demo-account.json`);
    const handler = await handlerFor(session);
    const response = (await handler({ buckets: ['acme-user-uploads'], sampleSize: 2 }, plenty)) as {
      findings: { code: string; fingerprint: string }[];
      buckets: { bucket: string; objects: { examined: number } }[];
      alertsSent: number;
    };
    assert.deepEqual(
      response.buckets.map((bucket) => [bucket.bucket, bucket.objects.examined]),
      [['acme-user-uploads', 2]],
    );
    assert.ok(response.findings.every((finding) => /^[0-9a-f]{24}$/.test(finding.fingerprint)));
    assert.equal(response.alertsSent, 0);
    assert.equal(session.simulator.captured.sns.length, 0);
    await handler({ buckets: ['acme-user-uploads'], notify: true }, plenty);
    assert.ok(session.simulator.captured.sns.length > 0);
  });

  it('refuses an invalid payload, naming every problem, before any AWS call', async () => {
    const session = await openWorld(`${WORLDS}demo-account.json`);
    const handler = await handlerFor(session);
    await assert.rejects(
      handler({ buckets: ['Not_A_Bucket'], sampleSize: -1, notfy: true }, plenty),
      (error: unknown) => {
        assert.ok(error instanceof InvalidPayloadError);
        assert.deepEqual(error.problems.map((problem) => problem.path).sort(), [
          '',
          'buckets.0',
          'sampleSize',
        ]);
        return true;
      },
    );
  });

  it('stops sampling at the deadline, says so, and keeps the cursor for the next run', async () => {
    const session = await openWorld(`${WORLDS}demo-account.json`);
    const store = createInMemoryAuditStateStore();
    const response = (await (
      await handlerFor(session, store)
    )({ buckets: ['acme-user-uploads'] }, { getRemainingTimeInMillis: () => 1000 })) as {
      findings: { code: string; message: string }[];
      buckets: { objects: { examined: number; stoppedBy: string } }[];
    };
    assert.equal(response.buckets[0]?.objects.examined, 0);
    assert.equal(response.buckets[0]?.objects.stoppedBy, 'deadline');
    const incomplete = response.findings.find((finding) => finding.code === 'MONITOR_CHECK_INCOMPLETE');
    assert.match(incomplete?.message ?? '', /time budget ran out/);
    assert.ok(!response.findings.some((finding) => finding.code === 'OBJECT_REPLICATION_STUCK'));
  });
});

describe('audit handler with state in DynamoDB (dynalite)', () => {
  let table: Awaited<ReturnType<typeof startDynaliteTable>>;
  before(async () => {
    table = await startDynaliteTable();
  });
  after(() => table.close());

  it('resumes from the stored cursor so successive runs cover the whole bucket', async () => {
    const session = await openWorld(`${WORLDS}demo-account.json`);
    const store = createDynamoDbAuditStateStore(table.client, {
      tableName: table.tableName,
      clock: session.clock,
    });
    const handler = await handlerFor(session, store);
    const examined: number[] = [];
    const stuck = new Set<string>();
    for (let run = 0; run < 3; run += 1) {
      const response = (await handler({ buckets: ['acme-user-uploads'], sampleSize: 2 }, plenty)) as {
        findings: { code: string; key?: string }[];
        buckets: { objects: { examined: number; rechecked: number; complete: boolean } }[];
      };
      examined.push(response.buckets[0]?.objects.examined ?? -1);
      for (const finding of response.findings)
        if (finding.code === 'OBJECT_REPLICATION_STUCK' && finding.key) stuck.add(finding.key);
    }
    // 4 objects, 2 per run: the second run reaches the end; flagged objects are re-checked every run.
    assert.deepEqual(examined.slice(0, 2), [2, 2]);
    assert.deepEqual([...stuck].sort(), ['uploads/u-18842/avatar.png', 'uploads/u-19003/contract.pdf']);
    const state = await store.loadBucketState('acme-user-uploads');
    assert.equal(state?.recheck.length, 2);
    assert.ok((state?.passes ?? 0) >= 1);
  });
});
