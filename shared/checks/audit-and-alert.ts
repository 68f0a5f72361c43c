import type { Notification } from '../core/render/notification.js';
import type { AlertPublisher } from './alert-publisher.js';
import type { AuditReport } from './audit-report.js';
import { type AlertOptions, deliveryError, prepareAlerts, publishAlerts } from './deliver-alerts.js';
import { type AuditDependencies, type AuditRequest, runAudit } from './run-audit.js';

export interface AuditOutcome {
  report: AuditReport;
  /** The alerts this audit produces (published only when a publisher is given). */
  notifications: Notification[];
  delivered: number;
}

/**
 * Runs the audit and sends its alerts through the same rendering as the event path. A failed
 * publish fails the run (after trying every alert), so the scheduler's retry keeps the alert.
 */
export async function auditAndAlert(
  request: AuditRequest,
  dependencies: AuditDependencies & { alertOptions: AlertOptions; publisher?: AlertPublisher },
): Promise<AuditOutcome> {
  const report = await runAudit(request, dependencies);
  const { notifications } = prepareAlerts(
    report.findings,
    dependencies.alertOptions,
    new Date(report.startedAt),
  );
  if (dependencies.publisher === undefined) return { report, notifications, delivered: 0 };
  const { delivered, failures } = await publishAlerts(
    dependencies.publisher,
    notifications,
    dependencies.alertOptions.publishConcurrency,
  );
  if (failures.length > 0)
    throw deliveryError(
      failures.map(({ reason }) => reason),
      notifications.length,
    );
  return { report, notifications, delivered };
}
