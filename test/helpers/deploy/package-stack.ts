import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import type { Template } from './template.js';

const run = promisify(execFile);

export interface PackagedStack {
  template: Template;
  /** serverless-esbuild's settings as serverless resolved them (`custom.esbuild`). */
  esbuild: Record<string, unknown>;
}

/** Left behind: installed packages (linked instead), Git, and what packaging writes. */
const NOT_COPIED = new Set(['node_modules', '.git', '.serverless', '.esbuild', '.ci-test.log']);

/** Stack parameters given as `--param="name=value"` (serverless.yml `params` for the rest). */
export type StackParameters = Readonly<Record<string, string>>;

/**
 * The bucket lists every packaging of the tests gives: the stack has no default for them (the
 * audit's IAM scope), and `*` needs allowAllBuckets.
 */
export const TEST_BUCKETS: StackParameters = {
  sourceBuckets: 'acme-data,acme-logs-*',
  destinationBuckets: 'acme-replica-*',
};

/**
 * Runs `serverless package` (osls, offline, no credentials) with the given parameters and reads
 * what it wrote: the update-stack template and the resolved service. It runs in a copy of the
 * service (node_modules linked), because packaging deletes the service's `.serverless` directory
 * and works in its `.esbuild` one: a test must not disturb someone else's package or deploy.
 */
export async function packageStack(
  root: string,
  parameters: StackParameters = TEST_BUCKETS,
): Promise<PackagedStack> {
  const work = await mkdtemp(join(tmpdir(), 'sls-service-'));
  const service = join(work, 'service');
  const output = join(work, 'package');
  try {
    await copyService(root, service);
    await packageService(root, service, output, parameters);
    const template = JSON.parse(
      await readFile(join(output, 'cloudformation-template-update-stack.json'), 'utf8'),
    ) as Template;
    const state = JSON.parse(await readFile(join(output, 'serverless-state.json'), 'utf8')) as {
      service?: { custom?: { esbuild?: Record<string, unknown> } };
    };
    return { template, esbuild: state.service?.custom?.esbuild ?? {} };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Runs `serverless package` expecting it to fail, as wrong parameters must make it: resolves to
 * what it printed (stdout and stderr), rejects when it packaged.
 */
export async function packagingFailure(root: string, parameters: StackParameters): Promise<string> {
  const work = await mkdtemp(join(tmpdir(), 'sls-service-'));
  const service = join(work, 'service');
  try {
    await copyService(root, service);
    await packageService(root, service, join(work, 'package'), parameters);
  } catch (error) {
    return (error as Error).message;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  throw new Error(`serverless package succeeded with ${JSON.stringify(parameters)}`);
}

async function copyService(root: string, service: string): Promise<void> {
  await cp(root, service, { recursive: true, filter: (path) => !NOT_COPIED.has(basename(path)) });
  await symlink(join(root, 'node_modules'), join(service, 'node_modules'), 'dir');
}

async function packageService(
  root: string,
  service: string,
  output: string,
  parameters: StackParameters,
): Promise<void> {
  const params = Object.entries(parameters).map(([name, value]) => `--param=${name}=${value}`);
  try {
    await run(join(root, 'node_modules', '.bin', 'serverless'), ['package', '--package', output, ...params], {
      cwd: service,
      env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`serverless package failed:\n${stdout ?? ''}\n${stderr ?? ''}`, { cause: error });
  }
}
