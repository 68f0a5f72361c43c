import { auditAndAlert } from '../audit/audit-and-alert.js';
import type { AuditReport } from '../audit/audit-report.js';
import { createInMemoryAuditStateStore } from '../audit/sampling/audit-state.js';
import type { MonitorConfig } from '../config/config.js';
import { createInMemoryDiagnosisStore } from '../diagnosis/diagnosis-store.js';
import { createInMemoryIncidentStore } from '../incidents/incident-store.js';
import { incidentsText, notificationsText } from '../incidents/summary.js';
import { systemClock } from '../model/clock.js';
import { UsageError } from '../model/errors.js';
import { hasActionableFinding } from '../model/findings.js';
import { withFingerprint } from '../model/fingerprint.js';
import { createAuditDependencies } from '../wiring/audit.js';
import { assertAwsCredentials } from '../wiring/cli.js';
import { createClientPool } from '../wiring/clients.js';
import { createIncidentDependencies, createIncidentPublisher } from '../wiring/incidents.js';
import { withAuditProgress } from './audit-progress.js';
import { findingsTable, type OutputFormat, severitySummary } from './output.js';

export interface AuditCommandInput {
  buckets: string[];
  world?: string;
  format: OutputFormat;
  sample?: number;
  notify: boolean;
  config: MonitorConfig;
  write: (text: string) => void;
  /** Where progress goes (stderr): the start and the summary of the run. */
  progress: (text: string) => void;
  /** Also a line per bucket as it is read and finished (a terminal, or --progress). */
  detailedProgress?: boolean;
}

/** `audit`: the on-demand audit, against real AWS or a world file (docs/cli.md). */
export async function runAuditCommand(input: AuditCommandInput): Promise<number> {
  const session =
    input.world === undefined ? undefined : await (await import('./world-session.js')).openWorld(input.world);
  const clients = session?.clients ?? createClientPool();
  const clock = session?.clock ?? systemClock;
  let publisher = session?.publisher;
  if (input.notify && session === undefined) {
    if (input.config.alertTopicArn === undefined)
      throw new UsageError('--notify needs ALERT_TOPIC_ARN (the SNS topic for alerts)');
    publisher = createIncidentPublisher(input.config.alertTopicArn, clients);
  }
  const homeRegion = session?.world.monitor.region ?? process.env.AWS_REGION ?? 'us-east-1';
  if (session === undefined) await assertAwsCredentials(clients, homeRegion);
  input.progress(
    session === undefined
      ? `Auditing with the default AWS credentials (Region ${homeRegion})…\n`
      : `Auditing the simulated account in ${input.world}…\n`,
  );
  const audited = createAuditDependencies({
    config: input.config,
    clients,
    clock,
    deadline: () => false,
    homeRegion,
    // The CLI keeps no state between runs: each audit starts at the top of every bucket.
    stateStore: createInMemoryAuditStateStore(),
    diagnosisStore: createInMemoryDiagnosisStore(),
  });
  const dependencies = input.detailedProgress
    ? withAuditProgress(audited, (line) => input.progress(`${line}\n`))
    : audited;
  const outcome = await auditAndAlert(
    { buckets: input.buckets, ...(input.sample === undefined ? {} : { sampleSize: input.sample }) },
    {
      ...dependencies,
      // Incidents in memory, with no prior state; published (SNS, EventBridge) only with --notify.
      incidents: createIncidentDependencies({
        config: input.config,
        clients,
        clock,
        homeRegion,
        store: createInMemoryIncidentStore(),
        ...(input.notify && publisher ? { publisher } : {}),
      }),
    },
  );
  const { report } = outcome;
  input.progress(
    `${report.buckets.length} bucket(s) audited, ${report.findings.length} finding(s), ${report.metricRequests} CloudWatch request(s)\n`,
  );
  if (input.format === 'json') {
    input.write(
      `${JSON.stringify({ findings: report.findings.map(withFingerprint), buckets: report.buckets }, null, 2)}\n`,
    );
  } else {
    input.write(
      `${auditTable(report)}\n\nIncidents (${outcome.incidents.length})\n${incidentsText(outcome.incidents)}\n\n${input.notify ? `Notifications sent (${outcome.delivered})` : `Notifications that --notify would send (${outcome.notifications.length})`}\n${notificationsText(outcome.notifications)}\n`,
    );
  }
  return hasActionableFinding(report.findings) ? 1 : 0;
}

export function auditTable(report: AuditReport): string {
  const lines = [
    `Findings (${report.findings.length})${severitySummary(report.findings)}`,
    findingsTable(report.findings),
    '',
    'Coverage',
  ];
  for (const bucket of report.buckets) {
    const objects = bucket.objects;
    const sampled =
      objects === undefined
        ? ''
        : ` — ${objects.examined} object(s) examined, ${objects.rechecked} re-checked` +
          ` (PENDING ${objects.byStatus.PENDING}, COMPLETED ${objects.byStatus.COMPLETED}, FAILED ${objects.byStatus.FAILED}, no status ${objects.byStatus.NONE})`;
    lines.push(
      `  ${bucket.bucket}${bucket.region ? ` (${bucket.region})` : ''}: ${bucket.status}, ${bucket.rules.length} rule(s)${sampled}`,
    );
    for (const rule of bucket.rules) {
      lines.push(
        `    rule ${rule.ruleId} -> ${rule.destinationBucket}: ${rule.enabled ? 'enabled' : 'disabled'}, metrics ${rule.metricsEnabled ? `read: ${rule.metricsRead.join(', ') || 'none'}` : 'disabled'}`,
      );
    }
    for (const skipped of bucket.checksSkipped) lines.push(`    skipped: ${skipped}`);
  }
  return lines.join('\n');
}
