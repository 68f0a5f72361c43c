import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { main, type Output } from '../../shared/cli/main.js';

/** Runs the CLI in-process, capturing stdout and stderr as a pipe would. */
export async function runCli(
  args: readonly string[],
): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out: Output = {
    isTTY: false,
    write: (text: string) => {
      stdout += text;
      return true;
    },
  };
  const err: Output = {
    write: (text: string) => {
      stderr += text;
      return true;
    },
  };
  const status = await main(args, out, err);
  return { status, stdout, stderr };
}

/** The installed command's entry (package.json `bin`), run exactly as npm's shim runs it. */
export const BIN_ENTRY = fileURLToPath(new URL('../../shared/cli/launcher.js', import.meta.url));

export interface BinResult {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * An environment with no AWS settings of the machine's: an empty HOME, config and credentials
 * files that do not exist (or hold `files`), no instance metadata, and, unless a test sets one, no
 * Region. `AWS_ENDPOINT_URL` at a closed local port keeps every call off the network.
 */
export function isolatedEnvironment(
  extra: Record<string, string> = {},
  files: { config?: string; credentials?: string } = {},
): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), 'cli-home-'));
  mkdirSync(join(home, '.aws'));
  const config = join(home, '.aws', 'config');
  const credentials = join(home, '.aws', 'credentials');
  if (files.config !== undefined) writeFileSync(config, files.config);
  if (files.credentials !== undefined) writeFileSync(credentials, files.credentials);
  return {
    PATH: process.env.PATH ?? '',
    HOME: home,
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: credentials,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extra,
  };
}

/** Runs the real bin in a child process with stdout and stderr as pipes. */
export function runBin(args: readonly string[], env: Record<string, string> = isolatedEnvironment()) {
  return new Promise<BinResult>((resolve) => {
    execFile(
      process.execPath,
      [BIN_ENTRY, ...args],
      { env, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const status = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ status, stdout, stderr });
      },
    );
  });
}
