import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { RejectedRecord } from '../events/collect-event-findings.js';
import type { EventOutcome } from '../events/process-replication-events.js';
import type { Finding } from '../model/findings.js';

const SERVICE = process.env.POWERTOOLS_SERVICE_NAME ?? 's3-replication-monitor';

/** Structured JSON logs (Powertools). One instance per process, shared by every function. */
export const logger = new Logger({ serviceName: SERVICE });

/** EMF metrics (Powertools), flushed by the middy middleware after each invocation. */
export const metrics = new Metrics({
  serviceName: SERVICE,
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'S3ReplicationMonitor',
});

/**
 * Every rejected record is logged with its reason, grouped so a 10,000-record bad batch writes
 * about 100 lines, not 10,000: at most `entries` per line and `bytes` of JSON for them (records
 * can hold 1,024-byte keys; CloudWatch Logs takes at most 256 KB per event). A string field longer
 * than `fieldChars` (a reason quoting a huge value) is cut, and the entry names it in `truncated`,
 * so one entry, even escaped, always fits in a line.
 */
export const REJECTION_LOG_LIMITS = { entries: 100, bytes: 64_000, fieldChars: 2_048 } as const;

/** Logs and counts what one replication-event invocation did. */
export function reportEventOutcome(
  outcome: EventOutcome,
  log: Logger = logger,
  meter: Metrics = metrics,
): void {
  const parts = rejectionLines(outcome.rejected);
  for (const [index, rejected] of parts.entries()) {
    log.warn('Rejected replication event records', { part: index + 1, parts: parts.length, rejected });
  }
  meter.addMetric('RecordsReceived', MetricUnit.Count, outcome.records);
  meter.addMetric('RecordsRejected', MetricUnit.Count, outcome.rejected.length);
  meter.addMetric('DuplicateRecords', MetricUnit.Count, outcome.duplicates);
  meter.addMetric('AlertsSent', MetricUnit.Count, outcome.delivered);
  meter.addMetric('AlertsFailed', MetricUnit.Count, outcome.notifications.length - outcome.delivered);
  recordFindingsByCode(outcome.findings, meter);
  log.info('Replication events processed', {
    trigger: outcome.trigger,
    records: outcome.records,
    testEvents: outcome.testEvents,
    duplicates: outcome.duplicates,
    rejected: outcome.rejected.length,
    findings: outcome.findings.length,
    incidents: outcome.incidents.length,
    notices: outcome.notices.length,
    delivered: outcome.delivered,
    batchItemFailures: outcome.batchItemFailures.length,
  });
}

/** One `Findings` metric per code (dimension `code`); returns the counts for the log line. */
export function recordFindingsByCode(
  findings: readonly Finding[],
  meter: Metrics = metrics,
): Record<string, number> {
  const byCode: Record<string, number> = {};
  for (const finding of findings) byCode[finding.code] = (byCode[finding.code] ?? 0) + 1;
  for (const [code, count] of Object.entries(byCode)) {
    meter.singleMetric().addDimension('code', code).addMetric('Findings', MetricUnit.Count, count);
  }
  return byCode;
}

type LoggedRejection = RejectedRecord & { truncated?: (keyof RejectedRecord)[] };

/** The rejected records as log lines, each within REJECTION_LOG_LIMITS. */
function rejectionLines(rejected: readonly RejectedRecord[]): LoggedRejection[][] {
  const lines: LoggedRejection[][] = [];
  let line: LoggedRejection[] = [];
  let bytes = 2; // the array's brackets
  for (const record of rejected) {
    const entry = boundedEntry(record);
    const size = Buffer.byteLength(JSON.stringify(entry), 'utf8') + 1; // and its comma
    if (
      line.length > 0 &&
      (line.length >= REJECTION_LOG_LIMITS.entries || bytes + size > REJECTION_LOG_LIMITS.bytes)
    ) {
      lines.push(line);
      line = [];
      bytes = 2;
    }
    line.push(entry);
    bytes += size;
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

function boundedEntry(record: RejectedRecord): LoggedRejection {
  const entry: LoggedRejection = { ...record };
  const truncated: (keyof RejectedRecord)[] = [];
  for (const field of ['location', 'messageId', 'reason'] as const) {
    const value = entry[field];
    if (value === undefined || value.length <= REJECTION_LOG_LIMITS.fieldChars) continue;
    entry[field] = cut(value, REJECTION_LOG_LIMITS.fieldChars);
    truncated.push(field);
  }
  if (truncated.length > 0) entry.truncated = truncated;
  return entry;
}

/** The first `chars` of `text`, never half a surrogate pair, saying how long it was. */
function cut(text: string, chars: number): string {
  const end = /[\uD800-\uDBFF]/.test(text.charAt(chars - 1)) ? chars - 1 : chars;
  return `${text.slice(0, end)}… [${text.length.toLocaleString('en-US')} characters]`;
}
