import type { SimulatorServer } from '../../../shared/sim/server.js';
import type { Simulator } from '../../../shared/sim/simulator.js';
import { type ClientPool, createClientPool } from '../../../shared/wiring/clients.js';
import { quickRetry } from './retry.js';

export interface PoolOptions {
  /** Attempts per call, the first included. */
  maxAttempts?: number;
  /** Per attempt: the audit function's timeout, scaled down so a hung call costs a fraction of a second. */
  requestTimeoutMs?: number;
  /** Keep the deployed retry settings (adaptive, 5 attempts, real backoff) instead of test-sized ones. */
  productionRetries?: boolean;
}

const retries = (options: PoolOptions) =>
  options.productionRetries === true ? {} : { retryStrategy: quickRetry(options.maxAttempts) };

/** Real SDK clients answered by the simulator in process (no sockets): throttling, 500s, refusals. */
export function inProcessPool(simulator: Simulator, options: PoolOptions = {}): ClientPool {
  return createClientPool({
    extraFor: (region) => ({
      ...simulator.clientConfig(region),
      ...retries(options),
    }),
  });
}

/**
 * Real SDK clients over real sockets to the simulator's node:http server, with the audit
 * function's HTTP timeouts: what resets and timeouts need.
 */
export function socketPool(
  simulator: Simulator,
  server: SimulatorServer,
  options: PoolOptions = {},
): ClientPool {
  return createClientPool({
    extraFor: (region) => ({
      ...simulator.clientConfig(region),
      endpoint: server.endpoint,
      forcePathStyle: true,
      requestHandler: { requestTimeout: options.requestTimeoutMs ?? 300 },
      ...retries(options),
    }),
  });
}
