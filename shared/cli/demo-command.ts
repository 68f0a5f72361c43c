import { fileURLToPath } from 'node:url';
import type { MonitorConfig } from '../config.js';
import { runEventCommand } from './event-command.js';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));

/** The bundled demo: the flagship simulated account and a batch of replication events for it. */
export const DEMO_WORLD = `${EXAMPLES}worlds/demo-account.json`;
export const DEMO_EVENTS = `${EXAMPLES}events/demo-sqs-batch.json`;

/**
 * `demo`: runs the replication-event path over the bundled event batch against the flagship
 * world (its clock, its captured SNS), printing the findings and the alerts it would send.
 */
export async function runDemoCommand(input: {
  config: MonitorConfig;
  write: (text: string) => void;
}): Promise<number> {
  const { openWorld } = await import('./world-session.js');
  const session = await openWorld(DEMO_WORLD);
  input.write(`Demo: replication events for the simulated account in examples/worlds/demo-account.json\n`);
  input.write(`(${session.world.description ?? 'no description'})\n\n`);
  const status = await runEventCommand({
    file: DEMO_EVENTS,
    format: 'table',
    config: input.config,
    clock: session.clock,
    publisher: session.publisher,
    write: input.write,
  });
  input.write(
    `\n${session.published().length} alert(s) published to the simulated SNS topic; nothing left this machine.\n`,
  );
  return status;
}
