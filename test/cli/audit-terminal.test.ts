import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { main, type Output } from '../../shared/cli/main.js';
import { runCli } from '../helpers/cli.js';
import { WORLDS } from '../helpers/worlds.js';

const DEMO = `${WORLDS}demo-account.json`;
const BIN = fileURLToPath(new URL('../../shared/cli/bin.ts', import.meta.url));

/** Runs the CLI with stdout and stderr as terminals or pipes. */
async function runOn(args: string[], terminal: { stdout: boolean; stderr: boolean }) {
  let stdout = '';
  let stderr = '';
  const out: Output = { isTTY: terminal.stdout, write: (text: string) => (stdout += text) };
  const err: Output = { isTTY: terminal.stderr, write: (text: string) => (stderr += text) };
  const status = await main(args, out, err, { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined });
  return { status, stdout, stderr };
}

describe('cli audit on a terminal and in a pipe', () => {
  it('prints a table on a terminal, most severe findings first, with a line per bucket on stderr', async () => {
    const { status, stdout, stderr } = await runOn(['audit', '--world', DEMO], {
      stdout: true,
      stderr: true,
    });
    assert.equal(status, 1);
    assert.match(stdout, /^Findings \(\d+\): \d+ critical, \d+ warning\n/);
    const severities = [...stdout.matchAll(/^(CRITICAL|WARNING|INFO) /gm)].map((match) => match[1]);
    assert.deepEqual(
      severities,
      [...severities].sort((left, right) => (left ?? '').localeCompare(right ?? '')),
    );
    assert.match(stderr, /acme-payments-prod \(us-east-1\): 1 rule\(s\); checking and sampling objects…/);
    assert.match(stderr, /acme-payments-prod: done, 3 object\(s\) examined/);
    assert.match(stderr, /Reading replication metrics from CloudWatch…/);
  });

  it('prints exactly one JSON document when stdout is a pipe, and keeps progress off stdout', async () => {
    const { stdout, stderr } = await runOn(['audit', '--world', DEMO], { stdout: false, stderr: true });
    assert.deepEqual(Object.keys(JSON.parse(stdout)), ['findings', 'buckets']);
    assert.match(stderr, /done, \d+ object\(s\) examined/);
  });

  it('keeps stderr to the start and the summary when it is not a terminal, unless --progress', async () => {
    const quiet = await runCli(['audit', '--world', DEMO, '--format', 'json']);
    assert.deepEqual(quiet.stderr.trim().split('\n').length, 2);
    const verbose = await runCli(['audit', '--world', DEMO, '--format', 'json', '--progress']);
    assert.match(verbose.stderr, /acme-user-uploads: done, 4 object\(s\) examined/);
    assert.doesNotThrow(() => JSON.parse(verbose.stdout));
  });

  it('exits 2 with the reason when the default credential chain yields no credentials', async () => {
    const home = mkdtempSync(join(tmpdir(), 'no-credentials-'));
    const env = {
      PATH: process.env.PATH,
      HOME: home,
      AWS_REGION: 'us-east-1',
      AWS_CONFIG_FILE: join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    const commands = [['audit'], ['setup', '--queue-arn', 'arn:aws:sqs:us-east-1:111122223333:monitor']];
    const failures = await Promise.all(
      commands.map((args) =>
        promisify(execFile)(process.execPath, ['--import', 'tsx', BIN, ...args], { env }).then(
          () => assert.fail(`${args[0]} succeeded without credentials`),
          (error: { code: number; stdout: string; stderr: string }) => error,
        ),
      ),
    );
    for (const [index, failure] of failures.entries()) {
      assert.equal(failure.code, 2, commands[index]?.[0]);
      assert.equal(failure.stdout, '');
      assert.match(
        failure.stderr,
        /^error: no AWS credentials found through the default credential chain \(.*\): Could not load credentials from any providers\n$/,
      );
    }
  });
});
