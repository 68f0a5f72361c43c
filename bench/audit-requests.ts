/**
 * Benchmark 4, audit cost: the AWS requests one scheduled audit makes of a world of 10 buckets ×
 * 3 rules, by `Service.Operation`, counted where they arrive (the simulator's onRequest hook, and
 * the DynamoDB table's socket). The audit runs twice against the same state table, as two
 * invocations of one warm Lambda five minutes apart: the first (cold) reads everything, the second
 * (warm) shows what state and caches save (sampling cursors, role and KMS diagnosis).
 */

import { runAudit } from '../shared/audit/run-audit.js';
import { loadConfig } from '../shared/config/config.js';
import { fixedClock } from '../shared/model/clock.js';
import { parseWorld } from '../shared/sim/load-world.js';
import { createSimulator } from '../shared/sim/simulator.js';
import { createAuditDependencies } from '../shared/wiring/audit.js';
import { type ClientPool, createClientPool } from '../shared/wiring/clients.js';
import { auditWorld } from './audit-world.js';
import { peakRssMb, reportResult } from './child.js';
import { startCountedTable } from './dynalite-table.js';
import { operationName } from './operation-name.js';

const SCHEDULE_MINUTES = 5;

type Counts = Record<string, number>;

function sorted(counts: Counts): Counts {
  return Object.fromEntries(Object.entries(counts).sort(([left], [right]) => left.localeCompare(right)));
}

async function main(): Promise<void> {
  let counts: Counts = {};
  const count = (operation: string) => {
    counts[operation] = (counts[operation] ?? 0) + 1;
  };
  const world = parseWorld(JSON.stringify(auditWorld()), 'bench');
  const simulator = createSimulator(world, { onRequest: (request) => count(operationName(request)) });
  const table = await startCountedTable('s3-replication-monitor-bench-state', count);
  try {
    // As in Lambda: one client pool for the process, the audit's readers built per invocation.
    const simulated = createClientPool({ extraFor: (region) => simulator.clientConfig(region) });
    const tables = createClientPool({
      extraFor: () => ({
        endpoint: table.endpoint,
        credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
      }),
    });
    const clients: ClientPool = {
      get: (service, region, make) =>
        (service === 'dynamodb' ? tables : simulated).get(service, region, make),
    };
    const config = loadConfig({ AUDIT_TABLE_NAME: table.tableName });
    const runs: { counts: Counts; findings: number; buckets: number }[] = [];
    for (const minutesLater of [0, SCHEDULE_MINUTES]) {
      counts = {};
      const clock = fixedClock(new Date(Date.parse(world.now) + minutesLater * 60_000));
      const dependencies = createAuditDependencies({
        config,
        clients,
        clock,
        deadline: () => false,
        homeRegion: world.monitor.region,
      });
      const report = await runAudit({ buckets: [] }, dependencies);
      runs.push({ counts: sorted(counts), findings: report.findings.length, buckets: report.buckets.length });
    }
    const [cold, warm] = runs as [(typeof runs)[0], (typeof runs)[0]];
    const total = (counts: Counts) => Object.values(counts).reduce((sum, value) => sum + value, 0);
    reportResult(
      {
        auditRequests: cold.counts,
        auditRequestsWarm: warm.counts,
        auditTotals: {
          cold: total(cold.counts),
          warm: total(warm.counts),
          bucketsAudited: cold.buckets,
          findingsCold: cold.findings,
          findingsWarm: warm.findings,
          peakRssMb: peakRssMb(),
        },
      },
      false,
    );
  } finally {
    await table.close();
  }
}

await main();
