import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { stripVTControlCharacters as stripAnsi } from 'node:util';
import stringWidth from 'string-width';
import { BIN_ENTRY, isolatedEnvironment, runBin } from '../helpers/cli.js';
import { WORLDS } from '../helpers/worlds.js';

const snapshot = (name: string) =>
  readFileSync(new URL(`../fixtures/cli-piped/${name}`, import.meta.url), 'utf8');

/**
 * Runs the real bin with stdout on a pseudo-terminal of `columns` columns (util-linux `script`);
 * stderr stays on the same terminal, so the output is both streams as a person sees them.
 */
function onTerminal(columns: number, args: string[], env: Record<string, string>) {
  const quoted = [process.execPath, BIN_ENTRY, ...args].map((part) => `'${part}'`).join(' ');
  return new Promise<{ status: number; output: string }>((resolve, reject) => {
    execFile(
      'script',
      ['-qec', `stty cols ${columns} rows 50; exec ${quoted}`, '/dev/null'],
      { env, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout) => {
        if (error !== null && typeof error.code !== 'number') reject(error);
        resolve({ status: error === null ? 0 : Number(error.code), output: stdout.replace(/\r/g, '') });
      },
    );
  });
}

const ESC = '\u001b';

const widest = (text: string) =>
  Math.max(
    ...stripAnsi(text)
      .split('\n')
      .map((line) => stringWidth(line)),
  );

describe('the bin on a terminal', () => {
  for (const columns of [80, 100]) {
    it(`fits the demo, its findings table with a Fix line each and its notices in ${columns} columns`, async () => {
      const { output } = await onTerminal(columns, ['demo'], isolatedEnvironment({ NO_COLOR: '1' }));
      assert.match(output, /^Findings \(9\): 4 critical, 5 warning$/m);
      assert.ok(widest(output) <= columns, `a line is ${widest(output)} columns wide`);
      assert.equal((output.match(/^ {2}Fix: \S/gm) ?? []).length, 9);
      assert.match(output, /^Since: {2}2026-11-22T12:00:00\.000Z/m);
      assert.ok(!output.includes(ESC), 'no escape sequence');
    });

    it(`pretty-prints a role policy within ${columns} columns`, async () => {
      const args = ['audit', '--world', `${WORLDS}role-wrong-resource.json`];
      const { status, output } = await onTerminal(columns, args, isolatedEnvironment({ NO_COLOR: '1' }));
      assert.equal(status, 1);
      assert.ok(widest(output) <= columns, `a line is ${widest(output)} columns wide`);
      assert.match(output, /--policy-document '\n\s+\{\n\s+"Version": "2012-10-17",\n\s+"Statement": \[/);
    });
  }

  it('colours severities unless NO_COLOR is set, and when FORCE_COLOR is', async () => {
    const coloured = await onTerminal(100, ['demo'], isolatedEnvironment({ TERM: 'xterm' }));
    assert.ok(coloured.output.includes(`${ESC}[31mCRITICAL`), 'CRITICAL in red');
    const plain = await onTerminal(100, ['demo'], isolatedEnvironment({ TERM: 'xterm', NO_COLOR: '1' }));
    assert.ok(!plain.output.includes(ESC), 'no escape sequence');
    const forced = await onTerminal(100, ['demo'], isolatedEnvironment({ NO_COLOR: '1', FORCE_COLOR: '1' }));
    assert.ok(forced.output.includes(`${ESC}[31mCRITICAL`), 'CRITICAL in red');
  });
});

describe('the bin in a pipe', () => {
  it('prints the demo, a table and JSON byte for byte as before the terminal layout', async () => {
    const demo = await runBin(['demo'], isolatedEnvironment({ TERM: 'xterm' }));
    assert.equal(demo.stdout, snapshot('demo.piped.txt'));
    const table = await runBin([
      'audit',
      '--world',
      `${WORLDS}role-wrong-resource.json`,
      '--format',
      'table',
    ]);
    assert.equal(table.stdout, snapshot('role-wrong-resource.piped-table.txt'));
    const json = await runBin(['audit', '--world', `${WORLDS}demo-account.json`]);
    assert.equal(json.stdout, snapshot('demo-audit.piped.json.txt'));
  });
});
