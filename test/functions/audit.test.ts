import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { createAuditHandler } from '../../functions/audit.js';
import { runAudit } from '../../shared/audit/run-audit.js';
import {
  type AuditStateStore,
  createInMemoryAuditStateStore,
} from '../../shared/audit/sampling/audit-state.js';
import { createDynamoDbAuditStateStore } from '../../shared/aws/dynamodb-audit-state-store.js';
import { openWorld, type WorldSession } from '../../shared/cli/world-session.js';
import { loadConfig } from '../../shared/config/config.js';
import { createInMemoryDiagnosisStore } from '../../shared/diagnosis/diagnosis-store.js';
import { createInMemoryIncidentStore } from '../../shared/incidents/incident-store.js';
import { InvalidPayloadError } from '../../shared/model/errors.js';
import { createAuditDependencies } from '../../shared/wiring/audit.js';
import { createIncidentDependencies } from '../../shared/wiring/incidents.js';
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

  type OnDemand = {
    findings: { code: string; message: string; evidence?: { checks?: string[] } }[];
    buckets: { status: string; objects?: { examined: number; stoppedBy: string }; checksSkipped: string[] }[];
  };

  it('stops sampling first, leaving the diagnosis and the metrics the time they need', async () => {
    const session = await openWorld(`${WORLDS}demo-account.json`);
    // Past sampling's deadline (15 s + 20 s of reserves), not yet past the audit's (15 s).
    const response = (await (
      await handlerFor(session)
    )({ buckets: ['acme-user-uploads'] }, { getRemainingTimeInMillis: () => 30_000 })) as OnDemand;
    assert.equal(response.buckets[0]?.status, 'audited');
    assert.equal(response.buckets[0]?.objects?.examined, 0);
    assert.equal(response.buckets[0]?.objects?.stoppedBy, 'deadline');
    const codes = response.findings.map((finding) => finding.code);
    assert.ok(codes.includes('REPLICATION_LATENCY_HIGH'), 'the metrics were read');
    assert.ok(!codes.includes('OBJECT_REPLICATION_STUCK'), 'no object was read');
    const incomplete = response.findings.filter((finding) => finding.code === 'MONITOR_CHECK_INCOMPLETE');
    assert.equal(incomplete.length, 1);
    assert.match(incomplete[0]?.message ?? '', /time budget ran out before any object was read/);
  });

  it('starts no bucket once the time kept for saving and alerting is reached, and says which', async () => {
    const session = await openWorld(`${WORLDS}demo-account.json`);
    const store = createInMemoryAuditStateStore();
    const response = (await (
      await handlerFor(session, store)
    )({ buckets: ['acme-user-uploads'] }, { getRemainingTimeInMillis: () => 1000 })) as OnDemand;
    assert.deepEqual(
      response.buckets.map((bucket) => [bucket.status, bucket.objects]),
      [['skipped', undefined]],
    );
    assert.deepEqual(
      response.findings.map((finding) => finding.code),
      ['MONITOR_CHECK_INCOMPLETE'],
    );
    assert.match(
      response.findings[0]?.message ?? '',
      /time budget ran out before it checked the replication configuration/,
    );
    assert.equal(
      await store.loadBucketState('acme-user-uploads'),
      undefined,
      'the stored cursor is untouched',
    );
    assert.equal(session.simulator.captured.sns.length, 0);
  });

  it('reports the discovered buckets it never reached as one finding, not one per bucket', async () => {
    const session = await openWorld(`${WORLDS}demo-account.json`);
    const report = await runAudit(
      { buckets: [] },
      createAuditDependencies({
        config: loadConfig({}),
        clients: session.clients,
        clock: session.clock,
        deadline: () => true,
        homeRegion: 'us-east-1',
        stateStore: createInMemoryAuditStateStore(),
        diagnosisStore: createInMemoryDiagnosisStore(),
      }),
    );
    const listed = report.buckets.map((bucket) => bucket.bucket);
    assert.ok(listed.length > 3);
    assert.ok(report.buckets.every((bucket) => bucket.status === 'skipped'));
    assert.deepEqual(
      report.findings.map((finding) => [finding.code, finding.sourceBucket]),
      [['MONITOR_CHECK_INCOMPLETE', '*']],
    );
    assert.match(
      report.findings[0]?.message ?? '',
      new RegExp(
        `before it checked whether ${listed.length} more discovered buckets replicate \\(${listed[0]}, .*\\); that part is unknown this run, not healthy\\.$`,
      ),
    );
  });

  it('reports the checks the deadline overtook after sampling as one finding per bucket', async () => {
    const session = await openWorld(`${WORLDS}demo-account.json`);
    const config = loadConfig({});
    let asked = 0;
    const report = await runAudit(
      { buckets: ['acme-payments-prod'] },
      {
        ...createAuditDependencies({
          config,
          clients: session.clients,
          clock: session.clock,
          // The bucket starts in time; the deadline passes while it samples.
          deadline: () => {
            asked += 1;
            return asked > 1;
          },
          homeRegion: 'us-east-1',
          stateStore: createInMemoryAuditStateStore(),
          diagnosisStore: createInMemoryDiagnosisStore(),
        }),
        samplingTimeLeftMs: () => 60_000,
      },
    );
    const incomplete = report.findings.filter((finding) => finding.code === 'MONITOR_CHECK_INCOMPLETE');
    assert.equal(incomplete.length, 1);
    assert.deepEqual(incomplete[0]?.evidence?.checks, [
      'the replication role and KMS keys',
      'the replication metrics',
    ]);
    assert.match(
      incomplete[0]?.message ?? '',
      /before it checked the replication role and KMS keys and the replication metrics for acme-payments-prod; that part is unknown this run, not healthy/,
    );
    const codes = report.findings.map((finding) => finding.code);
    assert.ok(codes.includes('OBJECT_REPLICATION_FAILED'), 'what sampling saw is reported');
    assert.ok(!codes.includes('KMS_KEY_UNUSABLE'), 'the diagnosis did not run');
    assert.deepEqual(report.metricRequests, 0);
    assert.ok(
      report.buckets[0]?.checksSkipped.some((reason) => /metrics: the time budget ran out/.test(reason)),
    );
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
