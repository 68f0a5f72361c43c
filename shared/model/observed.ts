import { DeadlineExceededError, StoreCallError } from './errors.js';
import type { Finding, SeverityOverrides } from './findings.js';
import { severityOf } from './findings.js';
import type { ReadProblem } from './read-problem.js';

export type { ReadProblem } from './read-problem.js';

/** The problem a failed store call stands for: the adapter's classification, or a plain error. */
export function storeProblemOf(error: unknown, action: string, resource: string): ReadProblem {
  if (error instanceof StoreCallError) return error.problem;
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (error instanceof DeadlineExceededError)
    return { kind: 'cut-off', action, resource, detail, transient: true };
  return { kind: 'error', action, resource, detail };
}

/** A fact read from AWS, or why it could not be read. */
export type Observed<T> = { ok: true; value: T } | { ok: false; problem: ReadProblem };

export const observed = <T>(value: T): Observed<T> => ({ ok: true, value });
export const unobserved = <T>(problem: ReadProblem): Observed<T> => ({ ok: false, problem });

const FAILED_HOW = {
  throttled: 'was throttled',
  'cut-off': "was cut off at the audit's deadline",
  error: 'failed',
} as const;

/**
 * What the monitor could not read becomes a finding of its own: MONITOR_ACCESS_DENIED for a
 * refusal (with the statement to add to the monitor's role), MONITOR_CHECK_INCOMPLETE otherwise.
 */
export function problemFinding(
  problem: ReadProblem,
  where: { sourceBucket: string; ruleId?: string; destinationBucket?: string; check: string },
  overrides: SeverityOverrides = {},
): Finding {
  const scope: Pick<Finding, 'sourceBucket' | 'ruleId' | 'destinationBucket'> = {
    sourceBucket: where.sourceBucket,
  };
  if (where.ruleId !== undefined) scope.ruleId = where.ruleId;
  if (where.destinationBucket !== undefined) scope.destinationBucket = where.destinationBucket;
  if (problem.kind === 'access-denied') {
    const statement = { Effect: 'Allow', Action: problem.action, Resource: problem.resource };
    return {
      code: 'MONITOR_ACCESS_DENIED',
      severity: severityOf('MONITOR_ACCESS_DENIED', overrides),
      ...scope,
      action: problem.action,
      resource: problem.resource,
      principal: 'monitor',
      message: `The monitor was refused ${problem.action} on ${problem.resource}, so it could not check ${where.check}; that part is unknown, not healthy.`,
      remediation: `Add this statement to the monitor's IAM role (and to the bucket policy or key policy if it denies the monitor): ${JSON.stringify(statement)}`,
      evidence: { detail: problem.detail },
    };
  }
  return {
    code: 'MONITOR_CHECK_INCOMPLETE',
    severity: severityOf('MONITOR_CHECK_INCOMPLETE', overrides),
    ...scope,
    action: problem.action,
    resource: problem.resource,
    message: `Could not check ${where.check}: ${problem.action} on ${problem.resource} ${FAILED_HOW[problem.kind]} (${problem.detail}).`,
    remediation:
      problem.kind === 'throttled'
        ? 'The next audit retries. If throttling persists, lower the sampling concurrency or audit less often.'
        : 'The next audit retries. If the error persists, run the audit from the CLI to see the full error.',
    evidence: { kind: problem.kind, detail: problem.detail },
  };
}

/** Checks the audit's time budget did not reach: unknown, not healthy, and checked next run. */
export function timeBudgetFinding(
  sourceBucket: string,
  checks: readonly string[],
  overrides: SeverityOverrides = {},
): Finding {
  const listed =
    checks.length < 2 ? checks.join('') : `${checks.slice(0, -1).join(', ')} and ${checks.at(-1)}`;
  return {
    code: 'MONITOR_CHECK_INCOMPLETE',
    severity: severityOf('MONITOR_CHECK_INCOMPLETE', overrides),
    sourceBucket,
    message: `The audit's time budget ran out before it checked ${listed}${sourceBucket === '*' ? '' : ` for ${sourceBucket}`}; that part is unknown this run, not healthy.`,
    remediation:
      'The next audit checks it. If this repeats, give the audit function a longer timeout, audit fewer buckets per invocation (AUDIT_BUCKETS), or lower SAMPLE_MAX_OBJECTS so sampling leaves more time.',
    evidence: { kind: 'time-budget', checks: [...checks] },
  };
}

/** The checks a finding says the time budget kept from running: whole checks, or one read cut off. */
function missedChecks(finding: Finding): string[] | undefined {
  const evidence = finding.evidence;
  if (evidence?.kind === 'time-budget' && Array.isArray(evidence.checks)) return evidence.checks.map(String);
  const cutOff = finding.code === 'MONITOR_CHECK_INCOMPLETE' && evidence?.kind === 'cut-off';
  return cutOff ? [`${finding.action} on ${finding.resource}`] : undefined;
}

/**
 * One time-budget finding per bucket, naming every check it missed (and every read cut off at the
 * deadline), in place of one per check: a deadline is one cause, not several incidents.
 */
export function mergeTimeBudgetFindings(
  findings: readonly Finding[],
  overrides: SeverityOverrides = {},
): Finding[] {
  const missed = new Map<string, string[]>();
  const others: Finding[] = [];
  for (const finding of findings) {
    const checks = missedChecks(finding);
    if (checks === undefined) {
      others.push(finding);
      continue;
    }
    missed.set(finding.sourceBucket, [...new Set([...(missed.get(finding.sourceBucket) ?? []), ...checks])]);
  }
  return [...others, ...[...missed].map(([bucket, checks]) => timeBudgetFinding(bucket, checks, overrides))];
}
