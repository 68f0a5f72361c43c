import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Bundles and generated worlds: outside the tree, so no build output is ever linted, type-checked
 * or committed, and every run starts from nothing.
 */
export const OUT_DIR = `${join(tmpdir(), 's3-replication-monitor-bench')}/`;
const SERVER = fileURLToPath(new URL('./sim-server.ts', import.meta.url));

export interface SimProcess {
  endpoint: string;
  /** Stops the process; resolves with its peak resident memory in MB. */
  close(): Promise<number | undefined>;
}

/** Writes `world` to bench/.out and serves it from a separate process (sim-server.ts). */
export async function startSimProcess(
  name: string,
  world: unknown,
  headLatencyMs: number,
): Promise<SimProcess> {
  mkdirSync(OUT_DIR, { recursive: true });
  const file = `${OUT_DIR}${name}.world.json`;
  writeFileSync(file, JSON.stringify(world));
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER, file, String(headLatencyMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const endpoint = await endpointOf(child);
  return {
    endpoint,
    close: () =>
      new Promise((resolve) => {
        child.once('exit', () => {
          const peak = /PEAK_RSS_MB ([\d.]+)/.exec(output)?.[1];
          resolve(peak === undefined ? undefined : Number(peak));
        });
        child.kill('SIGTERM');
      }),
  };
}

function endpointOf(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const match = /ENDPOINT (\S+)\n/.exec(text);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the simulator process exited (${code}) before serving`)));
  });
}
