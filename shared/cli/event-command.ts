import { readFile } from 'node:fs/promises';
import type { MonitorConfig } from '../config/config.js';
import { processReplicationEvents } from '../events/process-replication-events.js';
import { defaultNoticeRenderer, type IncidentPublisher } from '../incidents/incident-delivery.js';
import { createInMemoryIncidentStore } from '../incidents/incident-store.js';
import { incidentsText, notificationsText } from '../incidents/summary.js';
import type { Clock } from '../model/clock.js';
import { UsageError } from '../model/errors.js';
import { hasActionableFinding } from '../model/findings.js';
import { withFingerprint } from '../model/fingerprint.js';
import { eventProcessingOptions } from '../wiring/clients.js';
import { incidentSettings } from '../wiring/incidents.js';
import { findingsTable, type OutputFormat, rejectedText } from './output.js';

export interface EventCommandInput {
  file: string;
  format: OutputFormat;
  config: MonitorConfig;
  clock: Clock;
  /** With --world, notices are published to the simulator's capture; without, only rendered. */
  publisher?: IncidentPublisher;
  write: (text: string) => void;
}

/** `event FILE`: processes one Lambda event exactly as the replication-event function does. */
export async function runEventCommand(input: EventCommandInput): Promise<number> {
  const event = await readEventFile(input.file);
  const options = eventProcessingOptions(input.config);
  const outcome = await processReplicationEvents(event, {
    clock: input.clock,
    options,
    // No prior incident state (docs/cli.md): each cause opens its own incident. No EventBridge.
    incidents: {
      store: createInMemoryIncidentStore(),
      settings: incidentSettings(input.config),
      clock: input.clock,
      channels: {
        renderer: defaultNoticeRenderer,
        concurrency: options.publishConcurrency,
        ...(input.publisher === undefined ? {} : { publisher: input.publisher }),
      },
    },
  });
  if (input.format === 'json') {
    const document = {
      findings: outcome.findings.map(withFingerprint),
      notifications: outcome.notifications,
      rejected: outcome.rejected,
    };
    input.write(`${JSON.stringify(document, null, 2)}\n`);
  } else {
    const summary =
      `${outcome.records} record(s), ${outcome.duplicates} duplicate(s), ${outcome.testEvents} test event(s), ` +
      `${outcome.rejected.length} rejected`;
    const sections = [`Findings (${outcome.findings.length})`, findingsTable(outcome.findings), ''];
    sections.push(`Incidents (${outcome.incidents.length})`, incidentsText(outcome.incidents), '');
    sections.push(
      `Notifications (${outcome.notifications.length})`,
      notificationsText(outcome.notifications),
      '',
    );
    if (outcome.rejected.length > 0)
      sections.push(`Rejected (${outcome.rejected.length})`, rejectedText(outcome.rejected), '');
    sections.push(summary);
    input.write(`${sections.join('\n')}\n`);
  }
  return hasActionableFinding(outcome.findings) ? 1 : 0;
}

async function readEventFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read event file ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`event file ${file} is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
