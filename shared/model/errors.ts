/**
 * Named errors. Each keeps its `cause`, so logs show the AWS error behind the monitor's own.
 * Findings are never errors: these are for input the monitor refuses and failures it cannot absorb.
 */

export interface Problem {
  /** Where the problem is: an environment variable, a JSON path (`buckets[2].replication.Role`), an argument. */
  path: string;
  message: string;
}

export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((problem) => `  - ${problem.path || '(root)'}: ${problem.message}`).join('\n');
}

/** Configuration that cannot run: every problem is reported together. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
  constructor(
    readonly problems: readonly Problem[],
    options?: ErrorOptions,
  ) {
    super(`Invalid configuration:\n${formatProblems(problems)}`, options);
  }
}

/** A world file that is not valid JSON or breaks docs/world-format.md. Nothing runs. */
export class WorldFileError extends Error {
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
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * An alert could not be delivered. Transient by nature (SNS unavailable, throttled): the
 * invocation must fail or report the records as batch item failures so the alert is retried.
 */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
}

/** An on-demand invocation whose payload the function refuses; nothing ran. */
export class InvalidPayloadError extends Error {
  override readonly name = 'InvalidPayloadError';
  constructor(readonly problems: readonly Problem[]) {
    super(`Invalid audit payload:\n${formatProblems(problems)}`);
  }
}
