import { problemFinding } from '../../model/observed.js';
import type { AuditDependencies, AuditRequest } from '../audit-dependencies.js';
import type { AuditReport } from '../audit-report.js';
import { runAudit } from '../run-audit.js';

/**
 * The audit of the monitor's own account, then of each member account through its read role,
 * one after the other within the same deadline: each member account's buckets are discovered
 * and read with that account's credentials, and everything lands in one report (bucket names are
 * unique across AWS). An account whose role cannot be assumed is one MONITOR_ACCESS_DENIED
 * naming the account and the role, and the other accounts go on; an account the deadline leaves
 * unaudited is one MONITOR_CHECK_INCOMPLETE. A request naming buckets audits them in the
 * monitor's own account only.
 */
export async function auditEveryAccount(
  request: AuditRequest,
  dependencies: AuditDependencies,
): Promise<AuditReport> {
  const own = await runAudit(request, dependencies);
  const { members } = dependencies;
  if (members === undefined || request.buckets.length > 0 || dependencies.settings.buckets.length > 0)
    return own;
  const overrides = dependencies.severityOverrides;
  const listed = await members.accounts();
  if (!listed.ok) {
    const where = { sourceBucket: '*', check: 'which member accounts to audit' };
    return { ...own, findings: [...own.findings, problemFinding(listed.problem, where, overrides)] };
  }
  const reports: AuditReport[] = [own];
  for (const account of listed.value) {
    if (dependencies.deadline()) {
      const problem = {
        kind: 'cut-off' as const,
        action: 'audit',
        resource: `account ${account}`,
        detail: "the audit's deadline came before this account",
        transient: true,
      };
      reports.push(
        findingsOnly(own.startedAt, [
          problemFinding(
            problem,
            { sourceBucket: '*', check: `the buckets of account ${account}` },
            overrides,
          ),
        ]),
      );
      continue;
    }
    const reached = await members.access.reach(account);
    if (!reached.ok) {
      const finding = problemFinding(
        reached.problem,
        { sourceBucket: '*', check: `the buckets of account ${account}` },
        overrides,
      );
      finding.remediation = `Deploy the monitor's read role in account ${account} (the member-role StackSet, docs/deploy.md), trusting this monitor's audit role; or leave the account out (AUDIT_ACCOUNT_EXCLUDE). The monitor's own role needs sts:AssumeRole on ${members.access.roleArn(account)}.`;
      reports.push(findingsOnly(own.startedAt, [finding]));
      continue;
    }
    reports.push(await runAudit({ buckets: [] }, { ...dependencies, ...members.readersFor(account) }));
  }
  return {
    startedAt: own.startedAt,
    findings: reports.flatMap((report) => report.findings),
    buckets: reports.flatMap((report) => report.buckets),
    metricRequests: reports.reduce((sum, report) => sum + report.metricRequests, 0),
  };
}

const findingsOnly = (startedAt: string, findings: AuditReport['findings']): AuditReport => ({
  startedAt,
  findings,
  buckets: [],
  metricRequests: 0,
});
