import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { type AuditOutcome, auditAndAlert } from '../shared/audit/audit-and-alert.js';
import type { AuditDependencies } from '../shared/audit/audit-dependencies.js';
import { parseAuditInvocation } from '../shared/audit/audit-payload.js';
import { loadConfig, type MonitorConfig } from '../shared/config/config.js';
import type { IncidentDependencies } from '../shared/incidents/report-incidents.js';
import { systemClock } from '../shared/model/clock.js';
import { InvalidPayloadError } from '../shared/model/errors.js';
import { withFingerprint } from '../shared/model/fingerprint.js';
import { type AuditCutoffs, createAuditDependencies } from '../shared/wiring/audit.js';
import { createClientPool } from '../shared/wiring/clients.js';
import { createIncidentDependencies, createIncidentPublisher } from '../shared/wiring/incidents.js';
import { logger, metrics, recordFindingsByCode } from '../shared/wiring/observability.js';

export interface AuditFunctionDependencies {
  config: MonitorConfig;
  /**
   * Builds the audit's readers for one invocation: `deadline` says no check may start any more,
   * `cutoffs` abort the reads still in flight at that moment (and sampling's at its own).
   */
  audit: (deadline: () => boolean, cutoffs: AuditCutoffs, leaseMs: number) => AuditDependencies;
  /** Where the audit reports: incidents in the state table, notices to SNS (and EventBridge). */
  incidents: IncidentDependencies;
  logger: Logger;
  metrics: Metrics;
}

/**
 * The audit function: every 5 minutes from EventBridge (audit, then incidents: open, remind,
 * resolve, digest), or invoked on demand with `{ buckets?, sampleSize?, notify? }` (returns the
 * report; incidents only with `notify: true`). Sampling stops AUDIT_CHECKS_RESERVE_MS before the
 * other checks must, and they stop AUDIT_DEADLINE_RESERVE_MS before the Lambda deadline, early
 * enough to save the cursor and send the notices.
 */
export function createAuditHandler(dependencies: AuditFunctionDependencies) {
  return async (event: unknown, context: Pick<Context, 'getRemainingTimeInMillis'>) => {
    const invocation = parseAuditInvocation(event);
    if (!invocation.ok) throw new InvalidPayloadError(invocation.problems);
    const { kind, buckets, sampleSize, notify } = invocation.value;
    const { deadlineReserveMs, checksReserveMs } = dependencies.config.audit;
    // Sampling fills the time the other checks leave, never the time they need.
    const samplingReserveMs = deadlineReserveMs + checksReserveMs;
    const after = (reserveMs: number) =>
      AbortSignal.timeout(Math.max(0, context.getRemainingTimeInMillis() - reserveMs));
    const outcome = await auditAndAlert(
      { buckets, ...(sampleSize === undefined ? {} : { sampleSize }) },
      {
        ...dependencies.audit(
          () => context.getRemainingTimeInMillis() <= deadlineReserveMs,
          { checks: after(deadlineReserveMs), sampling: after(samplingReserveMs) },
          // A bucket's lease lasts as long as this invocation can: one that dies frees it then.
          context.getRemainingTimeInMillis(),
        ),
        samplingTimeLeftMs: () => context.getRemainingTimeInMillis() - samplingReserveMs,
        ...(notify ? { incidents: dependencies.incidents } : {}),
      },
    );
    report(outcome, dependencies);
    const findings = outcome.report.findings.map(withFingerprint);
    if (kind === 'scheduled') return { findings: findings.length, alertsSent: outcome.delivered };
    return { findings, buckets: outcome.report.buckets, alertsSent: outcome.delivered };
  };
}

function report(
  outcome: AuditOutcome,
  { logger: log, metrics: meter }: Pick<AuditFunctionDependencies, 'logger' | 'metrics'>,
) {
  const { report: audit } = outcome;
  const examined = audit.buckets.reduce((total, bucket) => total + (bucket.objects?.examined ?? 0), 0);
  meter.addMetric('BucketsAudited', MetricUnit.Count, audit.buckets.length);
  meter.addMetric('ObjectsExamined', MetricUnit.Count, examined);
  meter.addMetric('AlertsSent', MetricUnit.Count, outcome.delivered);
  const findingsByCode = recordFindingsByCode(audit.findings, meter);
  log.info('Audit finished', {
    buckets: audit.buckets.length,
    findings: audit.findings.length,
    examined,
    alertsSent: outcome.delivered,
    findingsByCode,
  });
}

// Cold start: configuration is read and validated once; a bad deployment fails here, loudly.
const config = loadConfig(process.env, {
  publishesAlerts: true,
  keepsAuditState: true,
  keepsIncidents: true,
});
// Every client has the pool's per-attempt timeouts (HTTP_TIMEOUTS) and shared sockets per host.
const clients = createClientPool();
const homeRegion = process.env.AWS_REGION ?? 'us-east-1';

export const handler = middy(
  createAuditHandler({
    config,
    audit: (deadline, cutoffs, leaseMs) =>
      createAuditDependencies({
        config,
        clients,
        clock: systemClock,
        deadline,
        cutoffs,
        homeRegion,
        leaseMs,
      }),
    incidents: createIncidentDependencies({
      config,
      clients,
      clock: systemClock,
      homeRegion,
      publisher: createIncidentPublisher(config.alertTopicArn as string, clients),
    }),
    logger,
    metrics,
  }),
)
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
