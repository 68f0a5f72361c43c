import { SNSClient } from '@aws-sdk/client-sns';
import { createSnsAlertPublisher } from './aws/sns-alert-publisher.js';
import type { AlertPublisher } from './checks/alert-publisher.js';
import type { EventProcessingOptions } from './checks/process-replication-events.js';
import type { MonitorConfig } from './config.js';

/**
 * The one place that builds AWS clients. `extra` carries what a run needs beyond the defaults:
 * nothing in Lambda; the simulator's request handler and credentials with `--world`.
 */
export interface ClientSettings {
  region?: string;
  extra?: object;
}

/** Throttling is retried by the SDK's adaptive mode, which also slows the caller down. */
const RETRY = { retryMode: 'adaptive', maxAttempts: 5 } as const;

export function eventProcessingOptions(config: MonitorConfig): EventProcessingOptions {
  return {
    severityOverrides: config.severityOverrides,
    minimumAlertSeverity: config.minimumAlertSeverity,
    alertSampleSize: config.alertSampleSize,
    publishConcurrency: config.publishConcurrency,
  };
}

/** SNS publisher for the configured topic, in the topic's own Region. */
export function createAlertPublisher(topicArn: string, settings: ClientSettings = {}): AlertPublisher {
  const region = topicArn.split(':')[3] ?? settings.region;
  const client = new SNSClient({ ...RETRY, ...settings.extra, region });
  return createSnsAlertPublisher(client, topicArn);
}
