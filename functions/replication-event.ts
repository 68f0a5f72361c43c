import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { loadConfig } from '../shared/config/config.js';
import type { KnownDiagnosis } from '../shared/diagnosis/attach-diagnosis.js';
import {
  type EventProcessingOptions,
  processReplicationEvents,
} from '../shared/events/process-replication-events.js';
import type { IncidentDependencies } from '../shared/incidents/report-incidents.js';
import { type Clock, systemClock } from '../shared/model/clock.js';
import { createClientPool, eventProcessingOptions } from '../shared/wiring/clients.js';
import {
  createDiagnosisReader,
  createIncidentDependencies,
  createIncidentPublisher,
} from '../shared/wiring/incidents.js';
import { logger, metrics, reportEventOutcome } from '../shared/wiring/observability.js';

export interface ReplicationEventDependencies {
  clock: Clock;
  options: EventProcessingOptions;
  /** The incident store (DynamoDB) and the channels: SNS, and EventBridge when configured. */
  incidents: IncidentDependencies;
  /** The audit's last role/KMS diagnosis per bucket: permission failures then name their cause. */
  diagnoses?: (bucket: string) => Promise<KnownDiagnosis | undefined>;
  logger: Logger;
  metrics: Metrics;
}

export type ReplicationEventResponse =
  | { batchItemFailures: { itemIdentifier: string }[] }
  | { records: number; findings: number; alerts: number; rejected: number };

/**
 * The replication-event function: S3 replication events (direct, via SNS, or via SQS) open,
 * grow or reopen incidents, and people hear once when one opens. For SQS it answers with a
 * partial batch response naming only the messages whose incident could not be written or
 * notified (the notice stays pending and the redelivery sends it); malformed messages are logged
 * and dropped, since redelivering them could never succeed.
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
const config = loadConfig(process.env, { publishesAlerts: true, keepsIncidents: true });
const clients = createClientPool();

export const handler = middy(
  createReplicationEventHandler({
    clock: systemClock,
    options: eventProcessingOptions(config),
    incidents: createIncidentDependencies({
      config,
      clients,
      clock: systemClock,
      homeRegion: process.env.AWS_REGION ?? 'us-east-1',
      publisher: createIncidentPublisher(config.alertTopicArn as string, clients),
    }),
    diagnoses: createDiagnosisReader(config, clients, process.env.AWS_REGION ?? 'us-east-1'),
    logger,
    metrics,
  }),
)
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
