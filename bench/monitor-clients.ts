import type { ObjectReader } from '../shared/audit/sampling/object-reader.js';
import { loadConfig } from '../shared/config/config.js';
import { fixedClock } from '../shared/model/clock.js';
import { createAuditDependencies } from '../shared/wiring/audit.js';
import { createClientPool } from '../shared/wiring/clients.js';
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
