import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbDiagnosisStore } from '../aws/dynamodb-diagnosis-store.js';
import { createDynamoDbIncidentStore } from '../aws/dynamodb-incident-store.js';
import { createEventBridgeIncidentPublisher } from '../aws/eventbridge-incident-publisher.js';
import { createSnsIncidentPublisher } from '../aws/sns-incident-publisher.js';
import type { MonitorConfig } from '../config/config.js';
import type { KnownDiagnosis } from '../diagnosis/attach-diagnosis.js';
import { defaultNoticeRenderer, type IncidentPublisher } from '../incidents/incident-delivery.js';
import { createInMemoryIncidentStore, type IncidentStore } from '../incidents/incident-store.js';
import type { IncidentDependencies } from '../incidents/report-incidents.js';
import { type IncidentSettings, incidentSettingsFor } from '../incidents/settings.js';
import type { Clock } from '../model/clock.js';
import type { ClientPool } from './clients.js';

/** The incident settings of a configuration. */
export function incidentSettings(config: MonitorConfig): IncidentSettings {
  const { incidents } = config;
  return incidentSettingsFor(config, {
    reminderIntervalMinutes: incidents.reminderIntervalMinutes,
    eventQuietPeriodMinutes: incidents.eventQuietPeriodMinutes,
    resolveAfterMissedAudits: incidents.resolveAfterMissedAudits,
    auditIntervalMinutes: incidents.auditIntervalMinutes,
    unmonitoredGraceMinutes: incidents.unmonitoredGraceMinutes,
    flapWindowMinutes: incidents.flapWindowMinutes,
    digestIntervalMinutes: incidents.digestIntervalMinutes,
    retentionDays: incidents.retentionDays,
  });
}

/** SNS publisher of incident notices for a topic, in the topic's own Region. */
export function createIncidentPublisher(topicArn: string, clients: ClientPool): IncidentPublisher {
  const region = topicArn.split(':')[3] ?? 'us-east-1';
  return createSnsIncidentPublisher(
    clients.get('sns', region, (settings) => new SNSClient(settings)),
    topicArn,
  );
}

/**
 * Everything both paths need to report through incidents: the store (DynamoDB when a state table
 * is configured, else memory: the CLI keeps no state), the SNS publisher, and EventBridge when
 * EVENT_BUS_NAME is set (in the bus ARN's Region, else `homeRegion`). Without a publisher nothing
 * is published anywhere, EventBridge included: notices are only rendered (the CLI's dry runs).
 */
export function createIncidentDependencies(input: {
  config: MonitorConfig;
  clients: ClientPool;
  clock: Clock;
  homeRegion: string;
  store?: IncidentStore;
  publisher?: IncidentPublisher;
}): IncidentDependencies {
  const { config, clients } = input;
  const tableName = config.incidents.tableName;
  const store =
    input.store ??
    (tableName === undefined
      ? createInMemoryIncidentStore()
      : createDynamoDbIncidentStore(
          clients.get('dynamodb', input.homeRegion, (settings) =>
            DynamoDBDocumentClient.from(new DynamoDBClient(settings)),
          ),
          { tableName, retentionDays: config.incidents.retentionDays },
        ));
  const busName = input.publisher === undefined ? undefined : config.incidents.eventBusName;
  const busRegion = busName?.startsWith('arn:')
    ? (busName.split(':')[3] ?? input.homeRegion)
    : input.homeRegion;
  return {
    store,
    settings: incidentSettings(config),
    clock: input.clock,
    channels: {
      renderer: defaultNoticeRenderer,
      concurrency: config.publishConcurrency,
      ...(input.publisher === undefined ? {} : { publisher: input.publisher }),
      ...(busName === undefined
        ? {}
        : {
            events: {
              busName,
              publisher: createEventBridgeIncidentPublisher(
                clients.get('eventbridge', busRegion, (settings) => new EventBridgeClient(settings)),
              ),
            },
          }),
    },
  };
}

/**
 * The audit's last role/KMS diagnosis of a bucket, from the state table (none without one): the
 * event path names the cause of a permission or KMS failure with it.
 */
export function createDiagnosisReader(
  config: MonitorConfig,
  clients: ClientPool,
  homeRegion: string,
): ((bucket: string) => Promise<KnownDiagnosis | undefined>) | undefined {
  const tableName = config.incidents.tableName;
  if (tableName === undefined) return undefined;
  const store = createDynamoDbDiagnosisStore(
    clients.get('dynamodb', homeRegion, (settings) =>
      DynamoDBDocumentClient.from(new DynamoDBClient(settings)),
    ),
    { tableName },
  );
  return (bucket) => store.loadDiagnosis(bucket);
}
