import { problemFinding } from '../../model/observed.js';
import type { ReadProblem } from '../../model/read-problem.js';
import type { AuditDependencies, AuditRequest } from '../audit-dependencies.js';
import type { AuditReport } from '../audit-report.js';
import { runAudit } from '../run-audit.js';
import type { MemberAudits, MemberReaders } from './member-accounts.js';
import { type Reach, routedReaders } from './owner-routing.js';

/**
 * The audit of the monitor's own account, then of each member account through its read role,
 * one after the other within the same deadline: each member account's buckets are discovered
 * and read with that account's credentials, every bucket and KMS key of a reached account is read
 * in that account whichever rule names it, and everything lands in one report (bucket names are
 * unique across AWS). An account whose role cannot be assumed is one MONITOR_ACCESS_DENIED
 * naming the account and the role, and the other accounts go on; an account the deadline leaves
 * unaudited is one MONITOR_CHECK_INCOMPLETE. A request naming buckets audits them in the
 * monitor's own account only.
 */
export async function auditEveryAccount(
  request: AuditRequest,
  dependencies: AuditDependencies,
): Promise<AuditReport> {
  const { members } = dependencies;
  if (members === undefined || request.buckets.length > 0 || dependencies.settings.buckets.length > 0)
    return runAudit(request, dependencies);
  const overrides = dependencies.severityOverrides;
  const listed = await members.accounts();
  if (!listed.ok) {
    const own = await runAudit(request, dependencies);
    const where = { sourceBucket: '*', check: 'which member accounts to audit' };
    return { ...own, findings: [...own.findings, problemFinding(listed.problem, where, overrides)] };
  }
  // Every account is reached, and its buckets listed, before any is audited: a rule of one
  // account may name a bucket or a key of another, read in the account that owns it.
  const started = dependencies.clock.now().toISOString();
  const refusals: AuditReport[] = [];
  const refusedAccounts = new Set<string>();
  const reach = await reachAccounts(dependencies, members, listed.value, (account, problem) => {
    refusedAccounts.add(account);
    const finding = problemFinding(problem, accountScope(account), overrides);
    finding.remediation = `Deploy the monitor's read role in account ${account} (the member-role StackSet, docs/deploy.md), trusting this monitor's audit role; or leave the account out (AUDIT_ACCOUNT_EXCLUDE). The monitor's own role needs sts:AssumeRole on ${members.access.roleArn(account)}.`;
    refusals.push(findingsOnly(started, [finding]));
  });
  const own = await runAudit(request, { ...dependencies, ...routedReaders(ownReaders(dependencies), reach) });
  const reports: AuditReport[] = [own, ...refusals];
  for (const account of listed.value) {
    if (refusedAccounts.has(account)) continue;
    const readers = reach.readers.get(account);
    // Not reached before the deadline, or the deadline came before its audit.
    if (readers === undefined || dependencies.deadline()) {
      const problem = {
        kind: 'cut-off' as const,
        action: 'audit',
        resource: `account ${account}`,
        detail: "the audit's deadline came before this account",
        transient: true,
      };
      const where = accountScope(account);
      reports.push(findingsOnly(own.startedAt, [problemFinding(problem, where, overrides)]));
      continue;
    }
    reports.push(await runAudit({ buckets: [] }, { ...dependencies, ...routedReaders(readers, reach) }));
  }
  return {
    startedAt: own.startedAt,
    findings: reports.flatMap((report) => report.findings),
    buckets: reports.flatMap((report) => report.buckets),
    metricRequests: reports.reduce((sum, report) => sum + report.metricRequests, 0),
  };
}

/** Where a finding about a whole member account is reported. */
const accountScope = (account: string) => ({ sourceBucket: '*', check: `the buckets of account ${account}` });

const ownReaders = (dependencies: AuditDependencies): MemberReaders => ({
  bucketReader: dependencies.bucketReader,
  objectReader: dependencies.objectReader,
  metricsReader: dependencies.metricsReader,
  ...(dependencies.diagnosis === undefined ? {} : { diagnosis: dependencies.diagnosis }),
});

/**
 * The monitor's own account and every member account whose role it could assume, with their
 * readers, and the account of each of their buckets. A listing that fails leaves that account's
 * buckets read with the rule's own account, as before.
 */
async function reachAccounts(
  dependencies: AuditDependencies,
  members: MemberAudits,
  accounts: readonly string[],
  refused: (account: string, problem: ReadProblem) => void,
): Promise<Reach> {
  const readers = new Map<string, MemberReaders>();
  const own = await dependencies.diagnosis?.callerAccount();
  if (own?.ok) readers.set(own.value, ownReaders(dependencies));
  for (const account of accounts) {
    if (dependencies.deadline()) break;
    const reached = await members.access.reach(account);
    if (reached.ok) readers.set(account, members.readersFor(account));
    else refused(account, reached.problem);
  }
  const owners = new Map<string, string>();
  for (const [account, reader] of readers) {
    const listed = await reader.bucketReader.listBuckets();
    if (listed.ok) for (const bucket of listed.value) owners.set(bucket, account);
  }
  return { readers, owners };
}

const findingsOnly = (startedAt: string, findings: AuditReport['findings']): AuditReport => ({
  startedAt,
  findings,
  buckets: [],
  metricRequests: 0,
});
