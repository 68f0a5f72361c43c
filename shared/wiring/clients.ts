import { setMaxListeners } from 'node:events';
import type { MonitorConfig } from '../config/config.js';
import type { EventProcessingOptions } from '../events/process-replication-events.js';
import { DeadlineExceededError } from '../model/errors.js';

/**
 * The one place that builds AWS clients. `extraFor(region)` carries what a run needs beyond the
 * defaults: nothing in Lambda; the simulator's request handler and credentials with `--world`.
 */
export interface ClientSettings {
  region?: string;
  /**
   * The CLI's `--profile`: the named profile of the shared config and credentials files the
   * clients take their credentials from (the SDK's `profile` setting, like AWS_PROFILE). Absent in
   * Lambda, where the execution role's credentials come from the environment.
   */
  profile?: string;
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

/**
 * Per-attempt HTTP limits of every client. The SDK has no timeout of its own, so one request that
 * never gets an answer would hold a function until Lambda kills it: no state saved, no alert
 * sent, no batch item failure reported. A timed-out attempt is retried like any transient error;
 * five attempts of 2 s stay within the audit's default deadline reserve
 * (AUDIT_DEADLINE_RESERVE_MS, 15 s). Every call the monitor makes answers in well under a second.
 */
export const HTTP_TIMEOUTS = {
  connectionTimeout: 1_000,
  requestTimeout: 2_000,
  throwOnRequestTimeout: true,
} as const;

/** Options, not an instance: each client builds its own handler (and agents) from them. */
const REQUEST_HANDLER: Readonly<Record<string, unknown>> = {
  httpAgent: { keepAlive: true, maxSockets: MAX_SOCKETS_PER_HOST },
  httpsAgent: { keepAlive: true, maxSockets: MAX_SOCKETS_PER_HOST },
  ...HTTP_TIMEOUTS,
};

/**
 * Handler options from `extraFor` (e.g. a test's shorter timeout) are merged over the socket and
 * timeout settings; a handler instance (the simulator's, which has no sockets) replaces them.
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
    const profile = settings.profile === undefined ? {} : { profile: settings.profile };
    return { ...RETRY, region, ...profile, ...extra, requestHandler: requestHandlerOf(extra) };
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

interface Sender {
  send(command: unknown, options?: object): Promise<unknown>;
}

/**
 * The same client, whose calls give up once `signal` aborts: the request is aborted and the call
 * rejects at once with DeadlineExceededError, even when the SDK is waiting between retries (a
 * throttled call may wait 15 s there). For the audit's reads only, so the time kept back to save
 * state and send alerts is never spent waiting for an answer the audit can no longer use.
 */
export function cutOffAt<T extends Sender>(client: T, signal: AbortSignal): T {
  // Every call in flight listens to the one signal: hundreds during sampling, none of them a leak.
  setMaxListeners(0, signal);
  const send = (command: unknown, options?: object) => {
    if (signal.aborted) return Promise.reject(new DeadlineExceededError());
    return new Promise((resolve, reject) => {
      const abort = () => reject(new DeadlineExceededError());
      signal.addEventListener('abort', abort, { once: true });
      client.send(command, { ...options, abortSignal: signal }).then(
        (value) => {
          signal.removeEventListener('abort', abort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', abort);
          reject(signal.aborted ? new DeadlineExceededError() : error);
        },
      );
    });
  };
  return new Proxy(client, {
    get: (target, property, receiver) =>
      property === 'send' ? send : Reflect.get(target, property, receiver),
  });
}

export function eventProcessingOptions(config: MonitorConfig): EventProcessingOptions {
  return {
    severityOverrides: config.severityOverrides,
    minimumAlertSeverity: config.minimumAlertSeverity,
    alertSampleSize: config.alertSampleSize,
    publishConcurrency: config.publishConcurrency,
  };
}
