import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { isAccountSelector, loadConfig } from '../config/config.js';
import { systemClock } from '../model/clock.js';
import { runAuditCommand } from './audit-command.js';
import { runDemoCommand } from './demo-command.js';
import { runEventCommand } from './event-command.js';
import { openWorldFile } from './open-world.js';
import type { OutputFormat } from './output.js';
import { runSetupCommand } from './setup-command.js';
import { colorize, fitText, type Terminal, terminalOf } from './terminal.js';

/** The part of a stream the CLI writes to: stdout or stderr, or a test's capture. */
export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
  /** The terminal's width, when it is one. */
  columns?: number;
}

export const BIN_NAME = 's3-replication-monitor';

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

type Environment = Readonly<Record<string, string | undefined>>;

interface ProgramContext {
  out: Output;
  err: Output;
  env: Environment;
  status: { code: number };
}

const EXIT_STATUS = `
Exit status: 0 no warning or critical finding; 1 at least one; 2 the command could not run
(bad arguments, unreadable file, no Region or credentials, AWS unreachable), with one line on stderr.`;

/** The command line (docs/cli.md), built on commander: per-command help, suggestions, --version. */
export function buildProgram(context: ProgramContext): Command {
  const { out, err } = context;
  const program = new Command(BIN_NAME)
    .description('Audit Amazon S3 Replication, replay its events and connect buckets to the monitor.')
    .version(VERSION, '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'show help for a command')
    .helpCommand(false)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => out.write(text),
      writeErr: (text) => err.write(text),
      // commander's "error: …\n(Did you mean …?)" as one line, then where help is.
      outputError: (text, write) =>
        write(`${text.trim().replace(/\n\(Did you mean (.+)\?\)$/, ' (did you mean $1?)')}\n`),
    })
    .addHelpText(
      'after',
      `${EXIT_STATUS}\n\nRun '${BIN_NAME} COMMAND --help' for a command's flags and examples.`,
    );
  program.configureHelp({ helpWidth: out.columns ?? 100 });
  addAudit(program, context);
  addEvent(program, context);
  addSetup(program, context);
  addDemo(program, context);
  // Each command's own errors say where its help is.
  for (const command of program.commands)
    command.showHelpAfterError(`(run '${BIN_NAME} ${command.name()} --help' for usage)`);
  program.showHelpAfterError(`(run '${BIN_NAME} --help' for usage)`);
  return program;
}

const formatOption = (formats: string) =>
  new Option('--format <format>', 'output format (default: table on a terminal, json when piped)').choices(
    formats.split('|'),
  );

const worldOption = () =>
  new Option('--world <file>', 'run against the simulated account in FILE (docs/world-format.md)');

const bucketOption = (what: string) =>
  new Option('--bucket <name>', `${what} (repeatable; default: every bucket with replication)`).argParser(
    (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
  );

const awsOptions = (command: Command) =>
  command
    .addOption(new Option('--profile <name>', 'AWS profile (default: AWS_PROFILE, else "default")'))
    .addOption(
      new Option(
        '--region <region>',
        "home Region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region)",
      ),
    );

function parseSample(value: string): number {
  const sample = Number(value);
  if (value.trim() === '' || !Number.isInteger(sample) || sample < 0)
    throw new InvalidArgumentError('expected a whole number of objects, 0 or more');
  return sample;
}

function addAudit(program: Command, context: ProgramContext) {
  const command = program
    .command('audit')
    .description('audit every replicated bucket (or those named) and report findings')
    .addOption(bucketOption('audit only this source bucket'))
    .addOption(
      new Option(
        '--account <id>',
        "audit this member account too, through its read role (repeatable; 'organization': every account Organizations lists; default: AUDIT_ACCOUNTS, or the world's accounts)",
      ).argParser((value: string, previous: string[] | undefined) => {
        if (!isAccountSelector(value))
          throw new InvalidArgumentError("expected a 12-digit account id or 'organization'");
        return [...(previous ?? []), value];
      }),
    )
    .addOption(worldOption())
    .addOption(formatOption('json|table'))
    .addOption(
      new Option('--sample <n>', 'objects examined per bucket (default: AUDIT_SAMPLE_SIZE)').argParser(
        parseSample,
      ),
    )
    .addOption(
      new Option('--notify', "publish the incidents' notices (to ALERT_TOPIC_ARN, or the world's capture)"),
    )
    .addOption(
      new Option('--progress', 'a progress line per bucket on stderr even when it is not a terminal'),
    );
  awsOptions(command)
    .addHelpText(
      'after',
      `
Examples:
  ${BIN_NAME} audit --region eu-west-1
  ${BIN_NAME} audit --profile prod --bucket acme-payments-prod --format json > findings.json
  ${BIN_NAME} audit --world examples/worlds/demo-account.json`,
    )
    .action(async (options: AuditOptions) => {
      const io = streams(context, options.format);
      context.status.code = await runAuditCommand({
        buckets: options.bucket ?? [],
        ...(options.account === undefined ? {} : { accounts: options.account }),
        ...(options.world === undefined ? {} : { world: options.world }),
        format: io.format,
        ...(options.sample === undefined ? {} : { sample: options.sample }),
        notify: options.notify === true,
        config: loadConfig(process.env),
        write: io.write,
        progress: io.progress,
        detailedProgress: options.progress === true || context.err.isTTY === true,
        aws: { ...pick(options), env: context.env },
        ...(io.terminal === undefined ? {} : { terminal: io.terminal }),
      });
    });
}

interface AwsFlags {
  profile?: string;
  region?: string;
}

interface AuditOptions extends AwsFlags {
  bucket?: string[];
  account?: string[];
  world?: string;
  format?: OutputFormat;
  sample?: number;
  notify?: boolean;
  progress?: boolean;
}

const pick = (options: AwsFlags): AwsFlags => ({
  ...(options.profile === undefined ? {} : { profile: options.profile }),
  ...(options.region === undefined ? {} : { region: options.region }),
});

function addEvent(program: Command, context: ProgramContext) {
  program
    .command('event')
    .description('process one Lambda event file exactly as the replication-event function does')
    .argument('<file>', 'an S3 event notification, or one wrapped by SNS or SQS (JSON)')
    .addOption(worldOption())
    .addOption(formatOption('json|table'))
    .addHelpText(
      'after',
      `
Examples:
  ${BIN_NAME} event captured-event.json
  ${BIN_NAME} event captured-event.json --world examples/worlds/demo-account.json --format json`,
    )
    .action(async (file: string, options: { world?: string; format?: OutputFormat }) => {
      const io = streams(context, options.format);
      const session = options.world === undefined ? undefined : await openWorldFile(options.world);
      context.status.code = await runEventCommand({
        file,
        format: io.format,
        config: loadConfig(process.env),
        clock: session?.clock ?? systemClock,
        ...(session === undefined ? {} : { publisher: session.publisher }),
        write: io.write,
        ...(io.terminal === undefined ? {} : { terminal: io.terminal }),
      });
    });
}

function addSetup(program: Command, context: ProgramContext) {
  const command = program
    .command('setup')
    .description(
      "send each replicated bucket's replication events to the monitor's queue (a dry run unless --apply)",
    )
    .addOption(new Option('--queue-arn <arn>', "the stack's ReplicationEventsQueueArn output (required)"))
    .addOption(bucketOption('set up only this source bucket'))
    .addOption(worldOption())
    .addOption(new Option('--apply', 'write the changes (default: a dry run that writes nothing)'))
    .addOption(new Option('--enable-metrics', 'also enable replication metrics on rules without them'))
    .addOption(formatOption('json|table'))
    .addOption(new Option('--progress', 'a line per bucket on stderr even when it is not a terminal'));
  awsOptions(command)
    .addHelpText(
      'after',
      `
Examples:
  ${BIN_NAME} setup --queue-arn arn:aws:sqs:eu-west-1:111122223333:s3-replication-monitor-events
  ${BIN_NAME} setup --queue-arn ARN --bucket acme-payments-prod --apply --enable-metrics

Exit status: 0 nothing left to do; 1 something needs attention (changes pending in a dry run, a
conflict, a failed write); 2 the command could not run.`,
    )
    .action(async (options: SetupOptions) => {
      const io = streams(context, options.format);
      context.status.code = await runSetupCommand({
        queueArn: options.queueArn,
        buckets: options.bucket ?? [],
        ...(options.world === undefined ? {} : { world: options.world }),
        apply: options.apply === true,
        enableMetrics: options.enableMetrics === true,
        format: io.format,
        config: loadConfig(process.env),
        write: io.write,
        ...(options.progress === true || context.err.isTTY === true ? { progress: io.progress } : {}),
        aws: { ...pick(options), env: context.env },
      });
    });
}

interface SetupOptions extends AwsFlags {
  queueArn?: string;
  bucket?: string[];
  world?: string;
  apply?: boolean;
  enableMetrics?: boolean;
  format?: OutputFormat;
  progress?: boolean;
}

function addDemo(program: Command, context: ProgramContext) {
  program
    .command('demo')
    .description('a full audit of the bundled simulated account, with the notices it would send')
    .addOption(
      new Option('--format <format>', 'output format (default: table, even when piped)').choices([
        'json',
        'table',
      ]),
    )
    .addHelpText(
      'after',
      `
Examples:
  ${BIN_NAME} demo
  ${BIN_NAME} demo --format json | jq '.findings[].code'

Exit status: 0 once it ran (its findings are what it demonstrates); 2 if it could not run.`,
    )
    .action(async (options: { format?: OutputFormat }) => {
      const io = streams(context, options.format ?? 'table');
      context.status.code = await runDemoCommand({
        config: loadConfig(process.env),
        format: io.format,
        write: io.write,
        ...(io.terminal === undefined ? {} : { terminal: io.terminal }),
      });
    });
}

interface Streams {
  format: OutputFormat;
  terminal?: Terminal;
  write: (text: string) => void;
  progress: (text: string) => void;
}

/**
 * Where a command writes. A table on a terminal is fitted to its width and coloured; JSON, and
 * anything piped, is written exactly as rendered.
 */
function streams(context: ProgramContext, format: OutputFormat | undefined): Streams {
  const { out, err, env } = context;
  const chosen: OutputFormat = format ?? (out.isTTY === true ? 'table' : 'json');
  const terminal = chosen === 'table' ? terminalOf(out, env) : undefined;
  const errTerminal = terminalOf(err, env);
  return {
    format: chosen,
    ...(terminal === undefined ? {} : { terminal }),
    write: (text) =>
      out.write(terminal === undefined ? text : colorize(fitText(text, terminal.width), terminal.colors)),
    progress: (text) => err.write(errTerminal === undefined ? text : fitText(text, errTerminal.width)),
  };
}
