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
import { createIncidentDependencies, createIncidentPublisher } from '../wiring/incidents.js';
import { auditPreflight } from './audit-preflight.js';
import { withAuditProgress } from './audit-progress.js';
import { type AwsTargetFlags, assertTargetCredentials, resolveAwsTarget } from './aws-target.js';
import { openWorldFile } from './open-world.js';
import { findingsTable, type OutputFormat, severitySummary } from './output.js';
import type { Terminal } from './terminal.js';

export interface AuditCommandInput {
  buckets: string[];
  /** Member accounts to audit too (`--account`); absent: AUDIT_ACCOUNTS, or the world's `accounts`. */
  accounts?: string[];
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
  /** `--profile`, `--region` and the environment they fall back on (real AWS only). */
  aws?: AwsTargetFlags & { env: Readonly<Record<string, string | undefined>> };
  /** Set when stdout is a terminal: the findings table fits its width. */
  terminal?: Terminal;
}

/** `audit`: the on-demand audit, against real AWS or a world file (docs/cli.md). */
export async function runAuditCommand(input: AuditCommandInput): Promise<number> {
  const session = input.world === undefined ? undefined : await openWorldFile(input.world);
  const target =
    session === undefined
      ? await resolveAwsTarget(input.aws ?? {}, input.aws?.env ?? process.env)
      : undefined;
  const clients = session?.clients ?? (target as NonNullable<typeof target>).clients;
  const clock = session?.clock ?? systemClock;
  let publisher = session?.publisher;
  if (input.notify && session === undefined) {
    if (input.config.alertTopicArn === undefined)
      throw new UsageError('--notify needs ALERT_TOPIC_ARN (the SNS topic for alerts)');
    publisher = createIncidentPublisher(input.config.alertTopicArn, clients);
  }
  const homeRegion = session?.world.monitor.region ?? (target as NonNullable<typeof target>).region;
  if (target !== undefined) await assertTargetCredentials(target);
  await auditPreflight({
    buckets: input.buckets,
    clients,
    config: input.config,
    region: homeRegion,
    realAws: session === undefined,
  });
  input.progress(
    session === undefined
      ? `Auditing with ${target?.profile === undefined ? 'the default AWS credentials' : `AWS profile ${target.profile}`} (Region ${homeRegion})…\n`
      : `Auditing the simulated account in ${input.world}…\n`,
  );
  // A world that says how the monitor reaches other accounts is audited in each of them.
  const accounts = input.accounts ?? session?.world.accounts.map((account) => account.id) ?? [];
  const config =
    accounts.length === 0 ? input.config : { ...input.config, audit: { ...input.config.audit, accounts } };
  const audited = createAuditDependencies({
    config,
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
      `${auditTable(report, input.terminal)}\n\nIncidents (${outcome.incidents.length})\n${incidentsText(outcome.incidents)}\n\n${input.notify ? `Notifications sent (${outcome.delivered})` : `Notifications that --notify would send (${outcome.notifications.length})`}\n${notificationsText(outcome.notifications)}\n`,
    );
  }
  return hasActionableFinding(report.findings) ? 1 : 0;
}

export function auditTable(report: AuditReport, terminal?: Terminal): string {
  const lines = [
    `Findings (${report.findings.length})${severitySummary(report.findings)}`,
    findingsTable(report.findings, terminal),
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
