/**
 * Benchmark 2, the event path: 10,000 replication records of mixed causes in one SQS batch,
 * through the replication-event handler (parse → findings → incidents → one notice per cause →
 * SNS). SNS is the simulator's capture behind the real SNS client, so publishing costs what the
 * SDK costs; the incident store is the in-memory one (DynamoDB is stubbed like SNS). Each run
 * gets a fresh store, so every run opens (and announces) each cause once.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { createReplicationEventHandler } from '../functions/replication-event.js';
import { loadConfig } from '../shared/config/config.js';
import { codeForEvent } from '../shared/events/event-findings.js';
import { createInMemoryIncidentStore } from '../shared/incidents/incident-store.js';
import { pagingThreshold } from '../shared/incidents/settings.js';
import { fixedClock } from '../shared/model/clock.js';
import { severityAtLeast, severityOf } from '../shared/model/findings.js';
import { parseWorld } from '../shared/sim/load-world.js';
import { createSimulator, type Simulator } from '../shared/sim/simulator.js';
import { createClientPool, eventProcessingOptions } from '../shared/wiring/clients.js';
import { createIncidentDependencies, createIncidentPublisher } from '../shared/wiring/incidents.js';
import { median, reportResult, round } from './child.js';
import { BENCH_ENV } from './env.js';
import { CAUSES, sqsBatch } from './event-batch-input.js';
import { collectGarbage, stageTimings } from './event-stages.js';

const RECORDS = 10_000;
const RUNS = 5;
const NOW = '2026-11-22T12:00:00Z';

/** The handler as functions/replication-event.ts wires it, with SNS answered by the simulator. */
function eventHandler(simulator: Simulator) {
  const config = loadConfig(BENCH_ENV, { publishesAlerts: true });
  const clients = createClientPool({ extraFor: (region) => simulator.clientConfig(region) });
  const clock = fixedClock(NOW);
  return createReplicationEventHandler({
    clock,
    options: eventProcessingOptions(config),
    incidents: createIncidentDependencies({
      config,
      clients,
      clock,
      homeRegion: 'us-east-1',
      store: createInMemoryIncidentStore(),
      publisher: createIncidentPublisher(config.alertTopicArn as string, clients),
    }),
    logger: new Logger({ logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'Bench', serviceName: 'bench' }),
  });
}

/** Causes that page: an incident below the paging threshold (info) is kept but announces nothing. */
function pagingCauses(): number {
  const threshold = pagingThreshold(eventProcessingOptions(loadConfig(BENCH_ENV)).minimumAlertSeverity);
  return CAUSES.filter((cause) => severityAtLeast(severityOf(codeForEvent(cause.eventName)), threshold))
    .length;
}

async function main(): Promise<void> {
  const world = parseWorld(
    JSON.stringify({ now: NOW, monitor: { account: '111122223333', region: 'us-east-1' } }),
    'bench',
  );
  const simulator = createSimulator(world);
  const wall: number[] = [];
  const cpu: number[] = [];
  let publishes = 0;
  let failures = 0;
  for (let run = 0; run < RUNS; run++) {
    const handler = eventHandler(simulator);
    // A fresh event per run, as Lambda hands each invocation its own parsed batch.
    const event = sqsBatch(RECORDS);
    // The benchmark's own garbage (building the event) is not the handler's: collect it first.
    collectGarbage();
    const published = simulator.captured.sns.length;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const response = await handler(event);
    wall.push(performance.now() - started);
    const used = process.cpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / 1000);
    publishes = simulator.captured.sns.length - published;
    failures += 'batchItemFailures' in response ? response.batchItemFailures.length : 0;
  }
  const paging = pagingCauses();
  const stages = stageTimings(RECORDS, RUNS);
  const ms = median(wall);
  if (publishes !== paging) throw new Error(`${publishes} publishes for ${paging} paging causes`);
  reportResult({
    records: RECORDS,
    ms: round(ms, 1),
    firstRunMs: round(wall[0] as number, 1),
    cpuMs: round(median(cpu), 1),
    runs: RUNS,
    causes: CAUSES.length,
    pagingCauses: paging,
    publishes,
    batchItemFailures: failures,
    stagesMs: {
      ...stages,
      incidentsAlertsAndPublishing: round(ms - stages.unwrapMs - stages.findingsMs, 1),
    },
  });
}

await main();
