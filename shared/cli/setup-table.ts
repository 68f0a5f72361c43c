import { notificationTargets } from '../setup/notification-configuration.js';
import type { BucketSetupPlan } from '../setup/setup-plan.js';
import {
  type BucketSetupResult,
  bucketSetupStatus,
  type SetupReport,
  type WriteOutcome,
} from '../setup/setup-report.js';
import { documentChanges } from './document-changes.js';
import { QUEUE_POLICY_NOTE, type SimulatedWrite } from './setup-output.js';

/** `setup --format table`: per bucket, the exact changes, then a summary and the queue-policy note. */
export function setupTable(report: SetupReport, simulatedWrites?: readonly SimulatedWrite[]): string {
  const lines = [
    `Setup: replication events to ${report.queueArn}`,
    report.apply
      ? 'Applying: each bucket is read, changed and written back.'
      : 'Dry run: nothing is written. Run again with --apply to make these changes.',
    '',
  ];
  if (report.discoveryProblem !== undefined)
    lines.push(
      `Could not list the account's buckets (${report.discoveryProblem.detail}); name them with --bucket.`,
    );
  for (const result of report.buckets) lines.push(...bucketLines(result, report), '');
  lines.push(summary(report), '', `Note: ${QUEUE_POLICY_NOTE}`);
  if (simulatedWrites !== undefined) {
    lines.push('', `Simulated writes (${simulatedWrites.length}), applied to the in-memory world only`);
    for (const write of simulatedWrites) lines.push(`  ${write.operation} ${write.bucket} (${write.region})`);
  }
  return lines.join('\n');
}

const STATUS_TEXT: Record<ReturnType<typeof bucketSetupStatus>, string> = {
  'up-to-date': 'up to date',
  applied: 'changes applied',
  'no-replication': 'no replication configuration: nothing to set up',
  pending: 'changes pending',
  conflict: 'conflict: nothing will be written',
  failed: 'a write failed',
  'manual-fix-needed': 'needs a change setup cannot make',
  'not-found': 'bucket not found',
  unreadable: 'could not be read',
};

function bucketLines(result: BucketSetupResult, report: SetupReport): string[] {
  const status = bucketSetupStatus(result);
  const region =
    result.status === 'not-found' || result.status === 'planned' ? '' : ` (${result.region ?? '?'})`;
  if (result.status !== 'planned') {
    const detail =
      result.status === 'unreadable' ? `: ${result.problem.action} ${result.problem.detail}` : '';
    return [`${result.bucket}${region}: ${STATUS_TEXT[status]}${detail}`];
  }
  const { plan } = result;
  return [
    `${result.bucket} (${plan.region}): ${STATUS_TEXT[status]}`,
    ...notificationLines(plan, result.writes),
    ...metricsLines(plan, result.writes, report),
  ];
}

function notificationLines(plan: BucketSetupPlan, writes: readonly WriteOutcome[]): string[] {
  const notification = plan.notification;
  if (notification.status === 'conflict')
    return notification.problems.flatMap((problem) => [
      `  ! ${problem.message}`,
      `    fix: ${problem.remediation}`,
    ]);
  const already =
    notification.coveredBy.length === 0
      ? []
      : [`    already sent to the queue by: ${notification.coveredBy.join(', ')}`];
  if (notification.status === 'covered')
    return [`  notifications: every replication event already reaches the queue`, ...already];
  const write = writes.find((candidate) => candidate.operation === 'PutBucketNotificationConfiguration');
  const kept = notificationTargets(write?.before ?? {}).length;
  const eventBridge = write?.before.EventBridgeConfiguration === undefined ? '' : ', EventBridge kept on';
  return [
    `  notifications: PutBucketNotificationConfiguration, ${kept} existing configuration(s) kept as they are${eventBridge} [${writeStatus(write)}]`,
    ...already,
    ...(write === undefined ? [] : changeLines(write.before, write.document)),
  ];
}

function metricsLines(plan: BucketSetupPlan, writes: readonly WriteOutcome[], report: SetupReport): string[] {
  const { changes, problems, accepted } = plan.metrics;
  const lines: string[] = [];
  if (changes.length === 0 && problems.length === 0)
    lines.push('  replication metrics: enabled on every enabled rule');
  if (changes.length > 0) {
    const write = writes.find((candidate) => candidate.operation === 'PutBucketReplication');
    const others = (plan.metrics.document?.Rules?.length ?? changes.length) - changes.length;
    const state =
      plan.notification.status === 'conflict'
        ? 'not written: blocked by the conflict above'
        : accepted
          ? writeStatus(write)
          : `offered: ${report.apply ? 'run again with --apply --enable-metrics' : 'add --enable-metrics'} to make it`;
    lines.push(
      `  replication metrics: PutBucketReplication, Role and ${others} other rule(s) kept as they are [${state}]`,
    );
    for (const change of changes) {
      lines.push(...changeLines(change.before, change.after, `Rules[${change.index}]`));
      lines.push(`    why (rule ${change.ruleId}): ${change.reason}`);
    }
  }
  for (const problem of problems) lines.push(`  ! ${problem.message}`, `    fix: ${problem.remediation}`);
  return lines;
}

function changeLines(before: unknown, after: unknown, path = ''): string[] {
  return documentChanges(before, after, path).flatMap((change) => [
    ...(change.before === undefined ? [] : [`    - ${change.path}: ${JSON.stringify(change.before)}`]),
    ...(change.after === undefined ? [] : [`    + ${change.path}: ${JSON.stringify(change.after)}`]),
  ]);
}

function writeStatus(write: WriteOutcome | undefined): string {
  if (write === undefined || write.status === 'pending') return 'not written: dry run';
  const problem = write.problem;
  if (write.status === 'applied' || problem === undefined) return 'written';
  const passRole =
    write.operation === 'PutBucketReplication' && problem.kind === 'access-denied'
      ? ` (it also needs iam:PassRole on ${write.before.Role ?? 'the replication role'})`
      : '';
  return `FAILED: ${problem.action} on ${problem.resource}${passRole}: ${problem.detail}`;
}

function summary(report: SetupReport): string {
  const counts = new Map<string, number>();
  for (const result of report.buckets) {
    const status = bucketSetupStatus(result);
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  const parts = [...counts].map(([text, count]) => `${count} ${text}`);
  const written = report.buckets
    .flatMap((result) => (result.status === 'planned' ? result.writes : []))
    .filter((write) => write.status === 'applied').length;
  const action = report.apply ? `${written} document(s) written.` : 'Nothing was written (dry run).';
  return `Summary: ${report.buckets.length} bucket(s)${parts.length > 0 ? `: ${parts.join(', ')}` : ''}. ${action}`;
}
