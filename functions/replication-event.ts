import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { AlertPublisher } from '../shared/checks/alert-publisher.js';
import {
  type EventProcessingOptions,
  processReplicationEvents,
} from '../shared/checks/process-replication-events.js';
import { loadConfig } from '../shared/config.js';
import { type Clock, systemClock } from '../shared/core/clock.js';
import { logger, metrics, reportEventOutcome } from '../shared/observability.js';
import { createAlertPublisher, createClientPool, eventProcessingOptions } from '../shared/wiring.js';

export interface ReplicationEventDependencies {
  clock: Clock;
  options: EventProcessingOptions;
  publisher: AlertPublisher;
  logger: Logger;
  metrics: Metrics;
}

export type ReplicationEventResponse =
  | { batchItemFailures: { itemIdentifier: string }[] }
  | { records: number; findings: number; alerts: number; rejected: number };

/**
 * The replication-event function: S3 replication events (direct, via SNS, or via SQS) become
 * one alert per cause. For SQS it answers with a partial batch response naming only the
 * messages whose alert could not be delivered; malformed messages are logged and dropped, since
 * redelivering them could never succeed.
 */
export function createReplicationEventHandler(dependencies: ReplicationEventDependencies) {
  return async (event: unknown): Promise<ReplicationEventResponse> => {
    const outcome = await processReplicationEvents(event, dependencies);
    reportEventOutcome(outcome, dependencies.logger, dependencies.metrics);
    if (outcome.trigger === 'sqs') return { batchItemFailures: outcome.batchItemFailures };
    return {
      records: outcome.records,
      findings: outcome.findings.length,
      alerts: outcome.notifications.length,
      rejected: outcome.rejected.length,
    };
  };
}

// Cold start: configuration is read and validated once; a bad deployment fails here, loudly.
const config = loadConfig(process.env, { publishesAlerts: true });

export const handler = middy(
  createReplicationEventHandler({
    clock: systemClock,
    options: eventProcessingOptions(config),
    publisher: createAlertPublisher(config.alertTopicArn as string, createClientPool()),
    logger,
    metrics,
  }),
)
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
