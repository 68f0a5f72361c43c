import { fileURLToPath } from 'node:url';
import type { MonitorConfig } from '../config/config.js';
import { runAuditCommand } from './audit-command.js';
import type { OutputFormat } from './output.js';
import type { Terminal } from './terminal.js';

/** The flagship simulated account: one healthy pair and four realistic problems. */
export const DEMO_WORLD = fileURLToPath(new URL('../../examples/worlds/demo-account.json', import.meta.url));

/**
 * `demo`: a full audit of the bundled simulated account, printing its findings, the incidents it
 * opens and the notices it sends (captured by the simulator: nothing leaves the machine). Exits 0
 * once it ran.
 */
export async function runDemoCommand(input: {
  config: MonitorConfig;
  /** `table` unless `--format json`: then only the audit's JSON document, as `audit --format json`. */
  format?: OutputFormat;
  write: (text: string) => void;
  terminal?: Terminal;
}): Promise<number> {
  const format = input.format ?? 'table';
  if (format === 'table')
    input.write('Demo: a full audit of the simulated account in examples/worlds/demo-account.json\n\n');
  // The demo's findings are what it demonstrates: it exits 0 once it ran (2 if it could not).
  await runAuditCommand({
    buckets: [],
    world: DEMO_WORLD,
    format,
    notify: true,
    config: input.config,
    write: input.write,
    progress: () => undefined,
    ...(input.terminal === undefined ? {} : { terminal: input.terminal }),
  });
  return 0;
}
