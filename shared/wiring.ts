import { SNSClient } from '@aws-sdk/client-sns';
import { createSnsAlertPublisher } from './aws/sns-alert-publisher.js';
import type { AlertPublisher } from './checks/alert-publisher.js';
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

/** One client per service and Region, created on first use and reused for the process's life. */
export function createClientPool(settings: ClientSettings = {}) {
  const cache = new Map<string, unknown>();
  const configFor = (region: string) => ({ ...RETRY, region, ...settings.extraFor?.(region) });
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

/** SNS publisher for the configured topic, in the topic's own Region. */
export function createAlertPublisher(topicArn: string, clients: ClientPool): AlertPublisher {
  const region = topicArn.split(':')[3] ?? 'us-east-1';
  return createSnsAlertPublisher(
    clients.get('sns', region, (config) => new SNSClient(config)),
    topicArn,
  );
}
