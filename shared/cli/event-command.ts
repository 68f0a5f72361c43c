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
import type { Terminal } from './terminal.js';

export interface EventCommandInput {
  file: string;
  format: OutputFormat;
  config: MonitorConfig;
  clock: Clock;
  /** With --world, notices are published to the simulator's capture; without, only rendered. */
  publisher?: IncidentPublisher;
  write: (text: string) => void;
  /** Set when stdout is a terminal: the findings table fits its width. */
  terminal?: Terminal;
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
  // Not a Lambda event at all (`{}`, `[]`, a world file) or one with no record: the wrong file, not
  // a quiet event. A malformed record inside a real event stays in `rejected` (docs/cli.md).
  const wholeEventRejected = outcome.rejected.every((record) => record.location === '(event)');
  if (outcome.findings.length === 0 && outcome.testEvents === 0 && wholeEventRejected)
    throw new UsageError(
      `event file ${input.file} holds no S3 event record${outcome.rejected[0] ? ` (${outcome.rejected[0].reason})` : ''}: expected an S3 event notification, or one wrapped by SNS or SQS`,
    );
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
    const sections = [
      `Findings (${outcome.findings.length})`,
      findingsTable(outcome.findings, input.terminal),
      '',
    ];
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
    const reason =
      (error as NodeJS.ErrnoException).code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new UsageError(`cannot read event file ${file}: ${reason}`, { cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`event file ${file} is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
