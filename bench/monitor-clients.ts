import { createAuditDependencies } from '../shared/audit-wiring.js';
import type { ObjectReader } from '../shared/checks/object-reader.js';
import { loadConfig } from '../shared/config.js';
import { fixedClock } from '../shared/core/clock.js';
import { createClientPool } from '../shared/wiring.js';
import { NOW } from './synthetic-world.js';

/**
 * The audit's object reader exactly as the audit function wires it (client pool, S3 client and
 * its HTTP handler), pointed at a local endpoint instead of AWS.
 */
export function wiredObjectReader(endpoint: string, sampleConcurrency: number): ObjectReader {
  const config = loadConfig({ SAMPLE_CONCURRENCY: String(sampleConcurrency) });
  const clients = createClientPool({
    extraFor: () => ({
      endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'SIMULATED111122223333', secretAccessKey: 'simulated' },
    }),
  });
  return createAuditDependencies({
    config,
    clients,
    clock: fixedClock(NOW),
    deadline: () => false,
    homeRegion: 'us-east-1',
  }).objectReader;
}
