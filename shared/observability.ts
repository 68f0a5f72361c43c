import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { EventOutcome } from './checks/process-replication-events.js';
import type { Finding } from './core/findings.js';

const SERVICE = process.env.POWERTOOLS_SERVICE_NAME ?? 's3-replication-monitor';

/** Structured JSON logs (Powertools). One instance per process, shared by every function. */
export const logger = new Logger({ serviceName: SERVICE });

/** EMF metrics (Powertools), flushed by the middy middleware after each invocation. */
export const metrics = new Metrics({
  serviceName: SERVICE,
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'S3ReplicationMonitor',
});

/** How many rejected records are logged one by one before only the count is logged. */
const REJECTIONS_LOGGED = 100;

/** Logs and counts what one replication-event invocation did. */
export function reportEventOutcome(
  outcome: EventOutcome,
  log: Logger = logger,
  meter: Metrics = metrics,
): void {
  for (const rejected of outcome.rejected.slice(0, REJECTIONS_LOGGED)) {
    log.warn('Rejected replication event record', { ...rejected });
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
    alerts: outcome.alerts.length,
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
