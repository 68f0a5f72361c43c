import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.js';
import { systemClock } from '../model/clock.js';
import { ConfigurationError, UsageError, WorldFileError } from '../model/errors.js';
import { runAuditCommand } from './audit-command.js';
import { runDemoCommand } from './demo-command.js';
import { runEventCommand } from './event-command.js';
import type { OutputFormat } from './output.js';
import { runSetupCommand } from './setup-command.js';

const USAGE = `Usage:
  cli audit [--bucket NAME]... [--world FILE] [--format json|table] [--sample N] [--notify] [--progress]
  cli event FILE [--world FILE] [--format json|table]
  cli setup --queue-arn ARN [--bucket NAME]... [--world FILE] [--apply] [--enable-metrics] [--format json|table]
  cli demo
Exit status: 0 no warning or critical finding, 1 at least one, 2 the command could not run.
setup: 0 nothing left to do, 1 something needs attention (a dry run with changes pending, a conflict, a failure).`;

/** The part of a stream the CLI writes to: stdout or stderr, or a test's capture. */
export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

const OPTIONS = {
  world: { type: 'string' },
  format: { type: 'string' },
  bucket: { type: 'string', multiple: true },
  sample: { type: 'string' },
  notify: { type: 'boolean' },
  progress: { type: 'boolean' },
  'queue-arn': { type: 'string' },
  apply: { type: 'boolean' },
  'enable-metrics': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/** Runs one CLI command; returns the exit status (docs/cli.md). */
export async function main(
  argv: readonly string[],
  out: Output = process.stdout,
  err: Output = process.stderr,
): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: OPTIONS });
    if (values.help) {
      out.write(`${USAGE}\n`);
      return 0;
    }
    const [command, ...rest] = positionals;
    return await run(command, rest, values, out, err);
  } catch (error) {
    return failed(error, err);
  }
}

async function run(
  command: string | undefined,
  rest: string[],
  values: Values,
  out: Output,
  err: Output,
): Promise<number> {
  const write = (text: string) => out.write(text);
  const format = parseFormat(values.format, out.isTTY === true);
  const config = loadConfig(process.env);
  const world = values.world === undefined ? {} : { world: values.world };
  // Per-bucket lines on a terminal, or when asked (CI logs); never on stdout.
  const detailedProgress = values.progress === true || err.isTTY === true;
  const noPositionals = () => {
    if (rest.length > 0)
      throw new UsageError(`${command} takes no positional argument (got ${rest.join(' ')})`);
  };
  switch (command) {
    case 'event': {
      if (rest.length !== 1) throw new UsageError('event takes exactly one FILE');
      const session =
        values.world === undefined
          ? undefined
          : await (await import('./world-session.js')).openWorld(values.world);
      return runEventCommand({
        file: rest[0] as string,
        format,
        config,
        clock: session?.clock ?? systemClock,
        ...(session === undefined ? {} : { publisher: session.publisher }),
        write,
      });
    }
    case 'audit':
      noPositionals();
      return runAuditCommand({
        buckets: values.bucket ?? [],
        ...world,
        format,
        ...(values.sample === undefined ? {} : { sample: parseSample(values.sample) }),
        notify: values.notify === true,
        config,
        write,
        progress: (text) => err.write(text),
        detailedProgress,
      });
    case 'setup':
      noPositionals();
      return runSetupCommand({
        queueArn: values['queue-arn'],
        buckets: values.bucket ?? [],
        ...world,
        apply: values.apply === true,
        enableMetrics: values['enable-metrics'] === true,
        format,
        config,
        write,
        ...(detailedProgress ? { progress: (text) => err.write(text) } : {}),
      });
    case 'demo':
      return runDemoCommand({ config, write });
    default:
      throw new UsageError(command === undefined ? 'no command given' : `unknown command ${command}`);
  }
}

/** A command that could not run exits 2 with one line (and the usage, for a usage error). */
function failed(error: unknown, err: Output): number {
  if (
    error instanceof UsageError ||
    String((error as { code?: string }).code).startsWith('ERR_PARSE_ARGS_')
  ) {
    err.write(`error: ${(error as Error).message}\n${USAGE}\n`);
  } else if (error instanceof ConfigurationError || error instanceof WorldFileError) {
    err.write(`error: ${error.message}\n`);
  } else {
    err.write(`error: ${(error as Error).stack ?? String(error)}\n`);
  }
  return 2;
}

function parseFormat(value: string | undefined, terminal: boolean): OutputFormat {
  if (value === undefined) return terminal ? 'table' : 'json';
  if (value === 'json' || value === 'table') return value;
  throw new UsageError(`--format must be json or table, not ${value}`);
}

function parseSample(value: string): number {
  const sample = Number(value);
  if (!Number.isInteger(sample) || sample < 0)
    throw new UsageError(`--sample must be a whole number of objects, not ${value}`);
  return sample;
}
