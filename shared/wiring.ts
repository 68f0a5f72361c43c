import type { EventProcessingOptions } from './checks/process-replication-events.js';
import type { MonitorConfig } from './config.js';

/**
 * The one place that builds AWS clients. `extraFor(region)` carries what a run needs beyond the
 * defaults: nothing in Lambda; the simulator's request handler and credentials with `--world`.
 */
export interface ClientSettings {
  region?: string;
  extraFor?: (region: string) => object;
}

/** Throttling is retried by the SDK's adaptive mode, which also slows the caller down. */
const RETRY = { retryMode: 'adaptive', maxAttempts: 5 } as const;

/**
 * Sockets per host. The SDK's default agent allows 50, so HEAD sampling at a higher
 * SAMPLE_CONCURRENCY would queue in the agent instead of on the wire; this is the setting's
 * maximum (256), so the configured concurrency, not the agent, bounds what is in flight. Sockets
 * open only on demand and are kept alive between requests (no TCP and TLS handshake per HEAD).
 */
export const MAX_SOCKETS_PER_HOST = 256;

/** Options, not an instance: each client builds its own handler (and agents) from them. */
const REQUEST_HANDLER: Readonly<Record<string, unknown>> = {
  httpAgent: { keepAlive: true, maxSockets: MAX_SOCKETS_PER_HOST },
  httpsAgent: { keepAlive: true, maxSockets: MAX_SOCKETS_PER_HOST },
};

/**
 * Handler options from `extraFor` (timeouts) are merged over the socket settings; a handler
 * instance (the simulator's, which has no sockets) replaces them.
 */
function requestHandlerOf(extra: object): Record<string, unknown> {
  const given = 'requestHandler' in extra ? extra.requestHandler : undefined;
  if (typeof given !== 'object' || given === null) return { ...REQUEST_HANDLER };
  const options = given as Record<string, unknown>;
  return typeof options.handle === 'function' ? options : { ...REQUEST_HANDLER, ...options };
}

/** One client per service and Region, created on first use and reused for the process's life. */
export function createClientPool(settings: ClientSettings = {}) {
  const cache = new Map<string, unknown>();
  const configFor = (region: string) => {
    const extra = settings.extraFor?.(region) ?? {};
    return { ...RETRY, region, ...extra, requestHandler: requestHandlerOf(extra) };
  };
  // Generic on purpose: each function's bundle then holds only the SDK clients it uses.
  return {
    get<T>(service: string, region: string, make: (config: ReturnType<typeof configFor>) => T): T {
      const id = `${service}:${region}`;
      if (!cache.has(id)) cache.set(id, make(configFor(region)));
      return cache.get(id) as T;
    },
  };
}

export type ClientPool = ReturnType<typeof createClientPool>;

export function eventProcessingOptions(config: MonitorConfig): EventProcessingOptions {
  return {
    severityOverrides: config.severityOverrides,
    minimumAlertSeverity: config.minimumAlertSeverity,
    alertSampleSize: config.alertSampleSize,
    publishConcurrency: config.publishConcurrency,
  };
}
