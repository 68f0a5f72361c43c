import type { Finding, SeverityOverrides } from './findings.js';
import { severityOf } from './findings.js';

/** Why the monitor could not read something. Never a healthy verdict. */
export interface ReadProblem {
  kind: 'access-denied' | 'throttled' | 'error';
  /** The IAM action the refused or failed call needs, e.g. `s3:GetBucketVersioning`. */
  action: string;
  /** The ARN it was called on. */
  resource: string;
  detail: string;
}

/** A fact read from AWS, or why it could not be read. */
export type Observed<T> = { ok: true; value: T } | { ok: false; problem: ReadProblem };

export const observed = <T>(value: T): Observed<T> => ({ ok: true, value });
export const unobserved = <T>(problem: ReadProblem): Observed<T> => ({ ok: false, problem });

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
    message: `Could not check ${where.check}: ${problem.action} on ${problem.resource} ${problem.kind === 'throttled' ? 'was throttled' : 'failed'} (${problem.detail}).`,
    remediation:
      problem.kind === 'throttled'
        ? 'The next audit retries. If throttling persists, lower the sampling concurrency or audit less often.'
        : 'The next audit retries. If the error persists, run the audit from the CLI to see the full error.',
    evidence: { kind: problem.kind, detail: problem.detail },
  };
}
