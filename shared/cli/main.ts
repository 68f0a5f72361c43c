import { CommanderError } from 'commander';
import { ConfigurationError, MonitorError, WorldFileError } from '../model/errors.js';
import { buildProgram, type Output } from './program.js';

export type { Output } from './program.js';

/** Runs one CLI command; returns the exit status (docs/cli.md). */
export async function main(
  argv: readonly string[],
  out: Output = process.stdout,
  err: Output = process.stderr,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  const status = { code: 0 };
  const program = buildProgram({ out, err, env, status });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return status.code;
  } catch (error) {
    return failed(error, err);
  }
}

/**
 * A command that could not run exits 2 with one line on stderr, never a stack trace: argument
 * errors (already written by commander, with its "did you mean"), refused input, invalid
 * configuration or world. An unexpected error still names itself in one line; DEBUG shows it whole.
 */
function failed(error: unknown, err: Output): number {
  if (error instanceof CommanderError) {
    // --help and --version end the parse with exit code 0; a missing command shows help and fails.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof ConfigurationError || error instanceof WorldFileError) {
    err.write(`error: ${oneLine(error.message)}\n`);
  } else if (error instanceof MonitorError) {
    err.write(`error: ${error.message}\n`);
  } else {
    const failure = error as Error;
    err.write(`error: ${failure.name ?? 'Error'}: ${oneLine(failure.message ?? String(error))}\n`);
    if (process.env.DEBUG) err.write(`${failure.stack ?? ''}\n`);
  }
  return 2;
}

/** `Invalid configuration:\n  - A: x\n  - B: y` as `Invalid configuration: A: x; B: y`. */
function oneLine(message: string): string {
  const [head = '', ...items] = message.split('\n');
  const problems = items.map((item) => item.replace(/^\s*-\s*/, '').trim()).filter(Boolean);
  return problems.length === 0 ? head : `${head} ${problems.join('; ')}`;
}
