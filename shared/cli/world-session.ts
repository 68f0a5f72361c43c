import type { AlertPublisher } from '../checks/alert-publisher.js';
import { type Clock, fixedClock } from '../core/clock.js';
import { loadWorld } from '../sim/load-world.js';
import { createSimulator } from '../sim/simulator.js';
import type { World } from '../sim/world-schema.js';
import { createAlertPublisher } from '../wiring.js';

/** Where the CLI publishes when it runs against a world: a topic in the monitor's account. */
const WORLD_TOPIC = (world: World) =>
  `arn:aws:sns:${world.monitor.region}:${world.monitor.account}:s3-replication-monitor-alerts`;

export interface WorldSession {
  world: World;
  clock: Clock;
  /** Publishes through the real SNS client into the simulator's capture. */
  publisher: AlertPublisher;
  /** Every SNS Publish the run made, as the simulator captured it. */
  published(): readonly unknown[];
}

/** A run against a simulated account: the world's clock, and AWS calls answered by the simulator. */
export async function openWorld(file: string, topicArn?: string): Promise<WorldSession> {
  const world = await loadWorld(file);
  const simulator = createSimulator(world);
  return {
    world,
    clock: fixedClock(world.now),
    publisher: createAlertPublisher(topicArn ?? WORLD_TOPIC(world), {
      extra: simulator.clientConfig(world.monitor.region),
    }),
    published: () => simulator.captured.sns,
  };
}
