/**
 * Benchmark 1b, listing: the audit's sweep over a bucket of 1,000,000 generated objects, none in
 * the rule's scope (a rule on `critical/` in a bucket of logs), so every page is listed through the
 * real SDK and nothing is HEADed. Memory must stay flat: what the sweep retains after the first
 * tenth of the bucket must not grow with the rest.
 */
import { createInMemoryAuditStateStore } from '../shared/audit/sampling/audit-state.js';
import type { ObjectReader } from '../shared/audit/sampling/object-reader.js';
import { sampleObjects } from '../shared/audit/sampling/sample-objects.js';
import { fixedClock } from '../shared/model/clock.js';
import { normaliseRule } from '../shared/model/replication-rules.js';
import { reportResult, round } from './child.js';
import { wiredObjectReader } from './monitor-clients.js';
import { startSimProcess } from './sim-process.js';
import { NOW, SOURCE_BUCKET, syntheticWorld } from './synthetic-world.js';

const OBJECTS = 1_000_000;
const PAGE = 1000;
const SAMPLES = 10;

/**
 * Every tenth of the listing: the resident set, and the heap after a full collection (needs
 * --expose-gc, which bench/run.ts passes), which is what the sweep retains: flat if it keeps
 * nothing per key.
 */
function sampledReader(reader: ObjectReader, samples: { rssMb: number[]; heapMb: number[] }): ObjectReader {
  let pages = 0;
  const every = OBJECTS / PAGE / SAMPLES;
  const megabytes = (bytes: number) => round(bytes / 1024 ** 2, 1);
  return {
    ...reader,
    async listPage(input) {
      const page = await reader.listPage(input);
      pages += 1;
      if (pages % every === 0) {
        samples.rssMb.push(megabytes(process.memoryUsage.rss()));
        (globalThis as { gc?: () => void }).gc?.();
        samples.heapMb.push(megabytes(process.memoryUsage().heapUsed));
      }
      return page;
    },
  };
}

async function sweepAll(endpoint: string) {
  const samples = { rssMb: [] as number[], heapMb: [] as number[] };
  const started = performance.now();
  const result = await sampleObjects({
    bucket: { name: SOURCE_BUCKET, region: 'us-east-1' },
    rules: [normaliseRule({ ID: 'bench-rule', Status: 'Enabled', Filter: { Prefix: 'critical/' } }, 0)],
    reader: sampledReader(wiredObjectReader(endpoint, 16), samples),
    store: createInMemoryAuditStateStore(),
    clock: fixedClock(NOW),
    budget: { deadline: () => false, maxObjects: 1000 },
  });
  if (!result.coverage.complete) throw new Error('the sweep did not reach the end of the bucket');
  return { seconds: (performance.now() - started) / 1000, pages: result.coverage.listedPages, samples };
}

async function main(): Promise<void> {
  const world = syntheticWorld({ count: OBJECTS, keyPrefix: 'logs/', rulePrefix: 'critical/' });
  const server = await startSimProcess('listing', world, 0);
  const sweep = await sweepAll(server.endpoint).catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  const simulatorPeakRssMb = await server.close();
  const { heapMb, rssMb } = sweep.samples;
  reportResult({
    objects: OBJECTS,
    pages: sweep.pages,
    seconds: round(sweep.seconds, 1),
    objectsPerSecond: round(OBJECTS / sweep.seconds),
    rssMbEveryTenth: rssMb,
    heapMbAfterGcEveryTenth: heapMb,
    heapGrowthMb: round((heapMb.at(-1) ?? 0) - (heapMb[0] ?? 0), 1),
    simulatorPeakRssMb,
  });
}

await main();
