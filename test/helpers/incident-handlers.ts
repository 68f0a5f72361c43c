import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { createAuditHandler } from '../../functions/audit.js';
import { createReplicationEventHandler } from '../../functions/replication-event.js';
import type { WorldSession } from '../../shared/cli/world-session.js';
import type { MonitorConfig } from '../../shared/config/config.js';
import { loadConfig } from '../../shared/config/config.js';
import { defaultNoticeRenderer, type IncidentPublisher } from '../../shared/incidents/incident-delivery.js';
import type { IncidentStore } from '../../shared/incidents/incident-store.js';
import type { IncidentDependencies } from '../../shared/incidents/report-incidents.js';
import { type Clock, fixedClock } from '../../shared/model/clock.js';
import type { IncidentNotification } from '../../shared/render/sns-message.js';
import { createAuditDependencies } from '../../shared/wiring/audit.js';
import { eventProcessingOptions } from '../../shared/wiring/clients.js';
import { incidentSettings } from '../../shared/wiring/incidents.js';
import { recordingEventPublisher, recordingIncidentPublisher } from './incident-fakes.js';

/** The deployed defaults, with a topic: what the end-to-end incident tests run with. */
export const incidentConfig = loadConfig({
  ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:replication-alerts',
});

/** Silent Powertools instances for a handler under test. */
export const quiet = () => ({
  logger: new Logger({ logLevel: 'SILENT' }),
  metrics: new Metrics({ namespace: 'Test', serviceName: 'test' }),
});

/** Where the notices of a test go: SNS and EventBridge publishers that record what they send. */
export interface Channels {
  sns: IncidentNotification[];
  events: { DetailType: string; Detail: string }[];
  publisher: IncidentPublisher;
  eventPublisher: ReturnType<typeof recordingEventPublisher>['publisher'];
}

export function recordingChannels(): Channels {
  const sns = recordingIncidentPublisher();
  const events = recordingEventPublisher();
  return {
    sns: sns.published,
    events: events.put,
    publisher: sns.publisher,
    eventPublisher: events.publisher,
  };
}

/** Incidents in `store`, notices to `via`, at `clock`, with the deployed settings. */
export function incidentDependencies(
  store: IncidentStore,
  clock: Clock,
  via: Channels,
): IncidentDependencies {
  return {
    store,
    settings: incidentSettings(incidentConfig),
    clock,
    channels: {
      renderer: defaultNoticeRenderer,
      concurrency: 4,
      publisher: via.publisher,
      events: { busName: 'monitor-bus', publisher: via.eventPublisher },
    },
  };
}

/** The replication-event function's real handler, invoked at `now`. */
export function eventHandlerAt(
  store: IncidentStore,
  now: string,
  via: Channels,
  overrides: Partial<IncidentDependencies> = {},
) {
  const clock = fixedClock(now);
  return createReplicationEventHandler({
    clock,
    options: eventProcessingOptions(incidentConfig),
    incidents: { ...incidentDependencies(store, clock, via), ...overrides },
    ...quiet(),
  });
}

/**
 * The audit function's real handler over a simulated account, incidents through `incidents`;
 * `audit` adds to (or replaces) what the audit's dependencies are built with.
 */
export function auditHandlerOn(
  session: WorldSession,
  config: MonitorConfig,
  incidents: IncidentDependencies,
  audit: Partial<Parameters<typeof createAuditDependencies>[0]> = {},
) {
  return createAuditHandler({
    config,
    audit: (deadline, cutoffs) =>
      createAuditDependencies({
        config,
        clients: session.clients,
        clock: session.clock,
        deadline,
        ...(cutoffs === undefined ? {} : { cutoffs }),
        homeRegion: 'us-east-1',
        ...audit,
      }),
    incidents,
    ...quiet(),
  });
}
