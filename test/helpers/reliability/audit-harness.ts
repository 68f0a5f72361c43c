import { randomUUID } from 'node:crypto';
import { createAuditHandler } from '../../../functions/audit.js';
import type { BucketCoverage } from '../../../shared/audit/audit-report.js';
import { createInMemoryBucketLeases } from '../../../shared/audit/bucket-leases.js';
import {
  type AuditStateStore,
  createInMemoryAuditStateStore,
} from '../../../shared/audit/sampling/audit-state.js';
import { loadConfig } from '../../../shared/config/config.js';
import {
  createInMemoryDiagnosisStore,
  type DiagnosisStore,
} from '../../../shared/diagnosis/diagnosis-store.js';
import { createInMemoryIncidentStore, type IncidentStore } from '../../../shared/incidents/incident-store.js';
import { fixedClock } from '../../../shared/model/clock.js';
import type { Finding } from '../../../shared/model/findings.js';
import { type SimulatorServer, startSimulatorServer } from '../../../shared/sim/server.js';
import type { SimRequest } from '../../../shared/sim/sim-http.js';
import { createSimulator, type FaultHook, type Simulator } from '../../../shared/sim/simulator.js';
import type { World } from '../../../shared/sim/world-schema.js';
import { createAuditDependencies } from '../../../shared/wiring/audit.js';
import type { ClientPool } from '../../../shared/wiring/clients.js';
import { createIncidentDependencies, createIncidentPublisher } from '../../../shared/wiring/incidents.js';
import { inProcessPool, type PoolOptions, socketPool } from './clients.js';
import { recordingObservability } from './observability.js';

export const TOPIC = 'arn:aws:sns:us-east-1:111122223333:replication-alerts';

export interface AuditHarnessOptions extends PoolOptions {
  world: World;
  /** Sockets (node:http server) are what resets and timeouts need; in process is enough otherwise. */
  transport?: 'in-process' | 'socket';
  fault?: FaultHook;
  onRequest?: (request: SimRequest) => void;
  stateStore?: AuditStateStore;
  incidentStore?: IncidentStore;
  diagnosisStore?: DiagnosisStore;
  /** Extra environment for loadConfig, e.g. AUDIT_DEADLINE_RESERVE_MS. */
  env?: Record<string, string>;
  latencyFor?: (request: SimRequest) => number | undefined;
}

export interface OnDemandReport {
  findings: (Finding & { fingerprint: string })[];
  buckets: BucketCoverage[];
  alertsSent: number;
}

export interface AuditHarness {
  simulator: Simulator;
  server?: SimulatorServer;
  clients: ClientPool;
  stateStore: AuditStateStore;
  handler: ReturnType<typeof createAuditHandler>;
  observability: ReturnType<typeof recordingObservability>;
  close(): Promise<void>;
}

/** The audit function's real handler over real SDK clients, answered by a simulated account. */
export async function startAuditHarness(options: AuditHarnessOptions): Promise<AuditHarness> {
  const simulator = createSimulator(options.world, {
    ...(options.fault === undefined ? {} : { fault: options.fault }),
    ...(options.onRequest === undefined ? {} : { onRequest: options.onRequest }),
  });
  const socket = options.transport === 'socket' || options.latencyFor !== undefined;
  const server = socket
    ? await startSimulatorServer(
        simulator,
        options.latencyFor === undefined ? {} : { latencyFor: options.latencyFor },
      )
    : undefined;
  const clients =
    server === undefined ? inProcessPool(simulator, options) : socketPool(simulator, server, options);
  const config = loadConfig({ ALERT_TOPIC_ARN: TOPIC, AUDIT_TABLE_NAME: 'audit-state', ...options.env });
  const stateStore = options.stateStore ?? createInMemoryAuditStateStore();
  const observability = recordingObservability();
  const clock = fixedClock(options.world.now);
  // The simulator has no DynamoDB: the invocations of one harness share their leases in memory.
  const leasesHeld = new Map<string, { holder: string; until: number }>();
  const handler = createAuditHandler({
    config,
    audit: (deadline, cutoffs) =>
      createAuditDependencies({
        config,
        clients,
        clock,
        deadline,
        cutoffs,
        homeRegion: 'us-east-1',
        stateStore,
        diagnosisStore: options.diagnosisStore ?? createInMemoryDiagnosisStore(),
        leases: createInMemoryBucketLeases(leasesHeld, randomUUID(), () => Date.now(), 300_000),
      }),
    incidents: createIncidentDependencies({
      config,
      clients,
      clock,
      homeRegion: 'us-east-1',
      store: options.incidentStore ?? createInMemoryIncidentStore(),
      publisher: createIncidentPublisher(TOPIC, clients),
    }),
    logger: observability.logger,
    metrics: observability.metrics,
  });
  return {
    simulator,
    ...(server === undefined ? {} : { server }),
    clients,
    stateStore,
    handler,
    observability,
    close: async () => server?.close(),
  };
}

/** A Lambda context with plenty of time left. */
export const PLENTY_OF_TIME = { getRemainingTimeInMillis: () => 300_000 };

/** An on-demand audit of every discovered bucket (ListBuckets included), alerts published. */
export async function auditEverything(
  harness: AuditHarness,
  context = PLENTY_OF_TIME,
): Promise<OnDemandReport> {
  return (await harness.handler({ notify: true }, context)) as OnDemandReport;
}
