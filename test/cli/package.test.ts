import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

describe('the packed package', () => {
  it('installs from its tarball and runs as `npx s3-replication-monitor`', { timeout: 300_000 }, async () => {
    const directory = mkdtempSync(join(tmpdir(), 'cli-package-'));
    const { stdout: packed } = await run('npm', ['pack', '--silent', '--pack-destination', directory], {
      cwd: ROOT,
    });
    const tarball = join(directory, packed.trim().split('\n').pop() ?? '');
    const project = join(directory, 'project');
    await run('mkdir', [project]);
    writeFileSync(join(project, 'package.json'), '{ "name": "consumer", "private": true }\n');
    // Dependencies come from npm's cache when it has them (the registry only for what it lacks).
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], { cwd: project });
    const { stdout } = await run('npx', ['--offline', 's3-replication-monitor', '--version'], {
      cwd: project,
    });
    assert.equal(stdout, `${version}\n`);
    const help = await run('npx', ['--offline', 's3-replication-monitor', 'event', '--help'], {
      cwd: project,
    });
    assert.match(help.stdout, /^Usage: s3-replication-monitor event \[options\] <file>/);
  });
});
