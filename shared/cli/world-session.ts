import type { IncidentPublisher } from '../incidents/incident-delivery.js';
import { type Clock, fixedClock } from '../model/clock.js';
import { loadWorld } from '../sim/load-world.js';
import { createSimulator, type Simulator } from '../sim/simulator.js';
import type { World } from '../sim/world-schema.js';
import { type ClientPool, createClientPool } from '../wiring/clients.js';
import { createIncidentPublisher } from '../wiring/incidents.js';

/** Where the CLI publishes when it runs against a world: a topic in the monitor's account. */
const worldTopic = (world: World) =>
  `arn:aws:sns:${world.monitor.region}:${world.monitor.account}:s3-replication-monitor-alerts`;

export interface WorldSession {
  world: World;
  simulator: Simulator;
  clock: Clock;
  /** Clients whose every call the simulator answers. */
  clients: ClientPool;
  /** Publishes incident notices through the real SNS client into the simulator's capture. */
  publisher: IncidentPublisher;
}

/** A run against a simulated account: the world's clock, and AWS calls answered by the simulator. */
export async function openWorld(file: string): Promise<WorldSession> {
  const world = await loadWorld(file);
  const simulator = createSimulator(world);
  const clients = createClientPool({ extraFor: (region) => simulator.clientConfig(region) });
  return {
    world,
    simulator,
    clock: fixedClock(world.now),
    clients,
    publisher: createIncidentPublisher(worldTopic(world), clients),
  };
}
