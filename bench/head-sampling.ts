/**
 * Benchmark 1a, HEAD sampling: the audit's sweep (sampleObjects) through the real SDK and its
 * HTTP stack against a local S3 endpoint that answers HeadObject after 20 ms. At concurrency C
 * and latency L the ideal is C ÷ L objects per second; the sequential run is the baseline.
 */
import { subscribe } from 'node:diagnostics_channel';
import { createInMemoryAuditStateStore } from '../shared/audit/sampling/audit-state.js';
import { sampleObjects } from '../shared/audit/sampling/sample-objects.js';
import { fixedClock } from '../shared/model/clock.js';
import { normaliseRule } from '../shared/model/replication-rules.js';
import { reportResult, round } from './child.js';
import { wiredObjectReader } from './monitor-clients.js';
import { startSimProcess } from './sim-process.js';
import { NOW, SOURCE_BUCKET, syntheticWorld } from './synthetic-world.js';

const CONCURRENCY = 64;
const LATENCY_MS = 20;
const OBJECTS = 20_000;
const SEQUENTIAL_OBJECTS = 250;
const ZERO_LATENCY_OBJECTS = 5000;

/** TCP connections the monitor opened: with keep-alive, one per request in flight, not one per request. */
let socketsOpened = 0;
subscribe('net.client.socket', () => {
  socketsOpened += 1;
});

async function sweep(endpoint: string, concurrency: number, maxObjects: number) {
  const socketsBefore = socketsOpened;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await sampleObjects({
    bucket: { name: SOURCE_BUCKET, region: 'us-east-1' },
    rules: [normaliseRule({ ID: 'bench-rule', Status: 'Enabled', Filter: { Prefix: '' } }, 0)],
    reader: wiredObjectReader(endpoint, concurrency),
    store: createInMemoryAuditStateStore(),
    clock: fixedClock(NOW),
    budget: { deadline: () => false, maxObjects },
    concurrency,
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const examined = result.coverage.examined;
  if (examined !== maxObjects) throw new Error(`examined ${examined} objects, expected ${maxObjects}`);
  return {
    examined,
    seconds,
    cpuMsPerObject: (cpu.user + cpu.system) / 1000 / examined,
    sockets: socketsOpened - socketsBefore,
    findings: result.findings.length,
    pages: result.coverage.listedPages,
  };
}

async function main(): Promise<void> {
  const world = syntheticWorld({ count: OBJECTS, keyPrefix: 'data/', rulePrefix: '' });
  const server = await startSimProcess('head-sampling', world, LATENCY_MS);
  // The same endpoint without latency: how fast the monitor goes when only its own CPU limits it.
  const instant = await startSimProcess('head-sampling-instant', world, 0);
  try {
    // Warm-up: first requests pay for module JIT and socket setup, which a sweep amortises.
    await sweep(server.endpoint, CONCURRENCY, 500);
    const concurrent = await sweep(server.endpoint, CONCURRENCY, OBJECTS);
    const sequential = await sweep(server.endpoint, 1, SEQUENTIAL_OBJECTS);
    const cpuBound = await sweep(instant.endpoint, CONCURRENCY, ZERO_LATENCY_OBJECTS);
    const objectsPerSecond = concurrent.examined / concurrent.seconds;
    const ideal = (CONCURRENCY * 1000) / LATENCY_MS;
    reportResult({
      concurrency: CONCURRENCY,
      latencyMs: LATENCY_MS,
      objects: concurrent.examined,
      seconds: round(concurrent.seconds, 2),
      objectsPerSecond: round(objectsPerSecond),
      idealObjectsPerSecond: ideal,
      ratio: round(objectsPerSecond / ideal, 3),
      sequentialObjectsPerSecond: round(sequential.examined / sequential.seconds, 1),
      sequentialIdealObjectsPerSecond: 1000 / LATENCY_MS,
      // The monitor's own CPU per HEAD (SDK, signing, HTTP): at C ÷ L per second it must fit in a core.
      clientCpuMsPerObject: round(concurrent.cpuMsPerObject, 3),
      zeroLatencyObjectsPerSecond: round(cpuBound.examined / cpuBound.seconds),
      socketsOpened: concurrent.sockets,
      listedPages: concurrent.pages,
      findings: concurrent.findings,
    });
  } finally {
    await Promise.all([server.close(), instant.close()]);
  }
}

await main();
