import type { ReadProblem } from './read-problem.js';

/**
 * Every error the monitor throws on purpose, in one hierarchy: each names itself in `name` (kept
 * through bundling and minifying, so logs and `assert.rejects` can rely on it) and keeps its
 * `cause`, so logs show the AWS error behind the monitor's own. Findings are never errors: these
 * are for input the monitor refuses and failures it cannot absorb.
 */
export abstract class MonitorError extends Error {
  abstract override readonly name: string;
}

export interface Problem {
  /** Where the problem is: an environment variable, a JSON path (`buckets[2].replication.Role`), an argument. */
  path: string;
  message: string;
}

export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((problem) => `  - ${problem.path || '(root)'}: ${problem.message}`).join('\n');
}

/** Configuration that cannot run: every problem is reported together. */
export class ConfigurationError extends MonitorError {
  override readonly name = 'ConfigurationError';
  constructor(
    readonly problems: readonly Problem[],
    options?: ErrorOptions,
  ) {
    super(`Invalid configuration:\n${formatProblems(problems)}`, options);
  }
}

/** A world file that is not valid JSON or breaks docs/world-format.md. Nothing runs. */
export class WorldFileError extends MonitorError {
  override readonly name = 'WorldFileError';
  constructor(
    readonly file: string,
    readonly problems: readonly Problem[],
    options?: ErrorOptions,
  ) {
    super(`World file ${file} is invalid:\n${formatProblems(problems)}`, options);
  }
}

/** Command-line arguments the CLI cannot act on (exit status 2). */
export class UsageError extends MonitorError {
  override readonly name = 'UsageError';
}

/**
 * An alert could not be delivered. Transient by nature (SNS unavailable, throttled): the
 * invocation must fail or report the records as batch item failures so the alert is retried.
 */
export class DeliveryError extends MonitorError {
  override readonly name = 'DeliveryError';
}

/** An on-demand invocation whose payload the function refuses; nothing ran. */
export class InvalidPayloadError extends MonitorError {
  override readonly name = 'InvalidPayloadError';
  constructor(
    readonly problems: readonly Problem[],
    options?: ErrorOptions,
  ) {
    super(`Invalid audit payload:\n${formatProblems(problems)}`, options);
  }
}

/**
 * A store of the monitor's own state (the DynamoDB state table) could not be read or written;
 * the adapter classifies its failure like any read, so the audit reports it as MONITOR_* and
 * carries on instead of losing the bucket's other findings.
 */
export class StoreCallError extends MonitorError {
  override readonly name = 'StoreCallError';
  constructor(
    readonly problem: ReadProblem,
    options?: ErrorOptions,
  ) {
    super(`${problem.action} on ${problem.resource}: ${problem.detail}`, options);
  }
}

/**
 * What a read the audit stopped waiting for fails with, at its deadline: the adapters classify it
 * as a cut-off (a ReadProblem of kind `cut-off`), which passes by itself (next run).
 */
export class DeadlineExceededError extends MonitorError {
  override readonly name = 'DeadlineExceededError';
  constructor(options?: ErrorOptions) {
    super("the audit's time budget ran out while this call was in flight", options);
  }
}

/** A write kept conflicting with other writers beyond the retry budget: the invocation fails and is retried. */
export class IncidentConflictError extends MonitorError {
  override readonly name = 'IncidentConflictError';
}

/**
 * Some of a bucket's incident writes failed (not a conflict: the store could not be written).
 * `saved` are the ones written: their notices are this invocation's to deliver, so they go out
 * now instead of waiting for another invocation to take over their claims.
 */
export class IncidentWriteError<Saved = unknown> extends MonitorError {
  override readonly name = 'IncidentWriteError';
  constructor(
    message: string,
    readonly saved: readonly Saved[],
    options: { cause: unknown },
  ) {
    super(message, options);
  }
}
