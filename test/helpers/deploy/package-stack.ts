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

/**
 * Runs `serverless package` (osls, offline, no credentials) with the default parameters and reads
 * what it wrote: the update-stack template and the resolved service. It runs in a copy of the
 * service (node_modules linked), because packaging deletes the service's `.serverless` directory
 * and works in its `.esbuild` one: a test must not disturb someone else's package or deploy.
 */
export async function packageStack(root: string): Promise<PackagedStack> {
  const work = await mkdtemp(join(tmpdir(), 'sls-service-'));
  const service = join(work, 'service');
  const output = join(work, 'package');
  try {
    await cp(root, service, { recursive: true, filter: (path) => !NOT_COPIED.has(basename(path)) });
    await symlink(join(root, 'node_modules'), join(service, 'node_modules'), 'dir');
    await packageService(root, service, output);
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

async function packageService(root: string, service: string, output: string): Promise<void> {
  try {
    await run(join(root, 'node_modules', '.bin', 'serverless'), ['package', '--package', output], {
      cwd: service,
      env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`serverless package failed:\n${stdout ?? ''}\n${stderr ?? ''}`, { cause: error });
  }
}
