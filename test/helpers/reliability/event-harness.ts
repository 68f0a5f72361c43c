import { createReplicationEventHandler } from '../../../functions/replication-event.js';
import { loadConfig } from '../../../shared/config/config.js';
import { createInMemoryIncidentStore, type IncidentStore } from '../../../shared/incidents/incident-store.js';
import { fixedClock } from '../../../shared/model/clock.js';
import { parseWorld } from '../../../shared/sim/load-world.js';
import { type SimulatorServer, startSimulatorServer } from '../../../shared/sim/server.js';
import { createSimulator, type FaultHook, type Simulator } from '../../../shared/sim/simulator.js';
import { createIncidentDependencies, createIncidentPublisher } from '../../../shared/wiring/incidents.js';
import { TOPIC } from './audit-harness.js';
import { inProcessPool, socketPool } from './clients.js';
import { recordingObservability } from './observability.js';

/** The `default` (JSON) body of a published notice: what programs subscribed to the topic read. */
export type PublishedDocument = Record<string, unknown>;

const EMPTY_ACCOUNT = parseWorld(
  JSON.stringify({ now: '2026-11-22T12:00:00Z', monitor: { account: '111122223333', region: 'us-east-1' } }),
  'empty-account.json',
);

export interface EventHarness {
  handler: ReturnType<typeof createReplicationEventHandler>;
  simulator: Simulator;
  server?: SimulatorServer;
  observability: ReturnType<typeof recordingObservability>;
  /** The notices SNS accepted, in the order it accepted them. */
  published(): PublishedDocument[];
  close(): Promise<void>;
}

/**
 * The replication-event function's real handler; its alerts go through the real SNS client to the
 * simulator, over sockets when resets and timeouts are to be injected.
 */
export async function startEventHarness(
  options: {
    fault?: FaultHook;
    transport?: 'in-process' | 'socket';
    incidentStore?: IncidentStore;
    /** Extra environment for loadConfig, e.g. EVENT_BUS_NAME. */
    env?: Record<string, string>;
  } = {},
): Promise<EventHarness> {
  const simulator = createSimulator(
    EMPTY_ACCOUNT,
    options.fault === undefined ? {} : { fault: options.fault },
  );
  const server = options.transport === 'socket' ? await startSimulatorServer(simulator) : undefined;
  const clients = server === undefined ? inProcessPool(simulator) : socketPool(simulator, server);
  const observability = recordingObservability();
  const clock = fixedClock('2026-11-22T12:00:00Z');
  const handler = createReplicationEventHandler({
    clock,
    options: {
      severityOverrides: {},
      minimumAlertSeverity: 'info',
      alertSampleSize: 20,
      publishConcurrency: 8,
    },
    incidents: createIncidentDependencies({
      config: loadConfig({ ALERT_TOPIC_ARN: TOPIC, ...options.env }),
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
    handler,
    simulator,
    ...(server === undefined ? {} : { server }),
    observability,
    published: () =>
      simulator.captured.sns.map(
        (message) => JSON.parse(JSON.parse(message.message).default) as PublishedDocument,
      ),
    close: async () => server?.close(),
  };
}
