/**
 * A local S3 endpoint in its own process: the simulator behind node:http, answering HeadObject
 * after an injected latency. Its own process, so the monitor measured in the parent has a core to
 * itself and its peak memory is the monitor's alone.
 *
 * Usage: sim-server.ts WORLD_FILE HEAD_LATENCY_MS. Prints `ENDPOINT <url>`, serves until SIGTERM,
 * then prints `PEAK_RSS_MB <n>`.
 */
import { loadWorld } from '../shared/sim/load-world.js';
import { startSimulatorServer } from '../shared/sim/server.js';
import { createSimulator } from '../shared/sim/simulator.js';

const [file, latency] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: sim-server.ts WORLD_FILE HEAD_LATENCY_MS');
const headLatencyMs = Number(latency ?? 0);

const simulator = createSimulator(await loadWorld(file));
const server = await startSimulatorServer(simulator, {
  latencyFor: (request) => (request.method === 'HEAD' ? headLatencyMs : 0),
});
process.stdout.write(`ENDPOINT ${server.endpoint}\n`);
// Its own peak memory on the way out: the simulator's listing must stay flat too.
process.on('SIGTERM', () => {
  process.stdout.write(`PEAK_RSS_MB ${Math.round(process.resourceUsage().maxRSS / 102.4) / 10}\n`);
  server.close().finally(() => process.exit(0));
});
