import { createAuditDependencies } from '../audit-wiring.js';
import { auditAndAlert } from '../checks/audit-and-alert.js';
import type { AuditReport } from '../checks/audit-report.js';
import { createInMemoryAuditStateStore } from '../checks/audit-state.js';
import type { MonitorConfig } from '../config.js';
import { systemClock } from '../core/clock.js';
import { hasActionableFinding } from '../core/findings.js';
import { withFingerprint } from '../core/fingerprint.js';
import { UsageError } from '../errors.js';
import { createAlertPublisher, createClientPool, eventProcessingOptions } from '../wiring.js';
import { findingsTable, notificationsText, type OutputFormat } from './output.js';

export interface AuditCommandInput {
  buckets: string[];
  world?: string;
  format: OutputFormat;
  sample?: number;
  notify: boolean;
  config: MonitorConfig;
  write: (text: string) => void;
  progress: (text: string) => void;
}

/** `audit`: the on-demand audit, against real AWS or a world file (contracts/cli.md). */
export async function runAuditCommand(input: AuditCommandInput): Promise<number> {
  const session =
    input.world === undefined ? undefined : await (await import('./world-session.js')).openWorld(input.world);
  const clients = session?.clients ?? createClientPool();
  const clock = session?.clock ?? systemClock;
  let publisher = session?.publisher;
  if (input.notify && session === undefined) {
    if (input.config.alertTopicArn === undefined)
      throw new UsageError('--notify needs ALERT_TOPIC_ARN (the SNS topic for alerts)');
    publisher = createAlertPublisher(input.config.alertTopicArn, clients);
  }
  input.progress(
    session === undefined
      ? 'Auditing with the default AWS credentials…\n'
      : `Auditing the simulated account in ${input.world}…\n`,
  );
  const homeRegion = session?.world.monitor.region ?? process.env.AWS_REGION ?? 'us-east-1';
  const dependencies = createAuditDependencies({
    config: input.config,
    clients,
    clock,
    deadline: () => false,
    homeRegion,
    // The CLI keeps no state between runs: each audit starts at the top of every bucket.
    stateStore: createInMemoryAuditStateStore(),
  });
  const outcome = await auditAndAlert(
    { buckets: input.buckets, ...(input.sample === undefined ? {} : { sampleSize: input.sample }) },
    {
      ...dependencies,
      alertOptions: eventProcessingOptions(input.config),
      ...(input.notify && publisher ? { publisher } : {}),
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
      `${auditTable(report)}\n\n${input.notify ? `Alerts sent (${outcome.delivered})` : `Alerts that --notify would send (${outcome.notifications.length})`}\n${notificationsText(outcome.notifications)}\n`,
    );
  }
  return hasActionableFinding(report.findings) ? 1 : 0;
}

export function auditTable(report: AuditReport): string {
  const lines = [`Findings (${report.findings.length})`, findingsTable(report.findings), '', 'Coverage'];
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
