import type { MonitorConfig } from '../config/config.js';
import { UsageError } from '../model/errors.js';
import type { ReadProblem } from '../model/read-problem.js';
import { createSetupDependencies } from '../wiring/cli.js';
import type { ClientPool } from '../wiring/clients.js';

/** Node's and the SDK's words for "no answer from the endpoint at all". */
const UNREACHABLE =
  /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH|TimeoutError|socket hang up/;

function unreachable(problem: ReadProblem): boolean {
  return problem.kind === 'error' && problem.status === undefined && UNREACHABLE.test(problem.detail);
}

/**
 * Before an audit from the CLI: every bucket named with `--bucket` exists, and (against real AWS)
 * S3 answers at all. In Lambda both are findings, for the next run to retry; at a terminal they
 * are a mistyped name or a machine offline, so the command stops with one line (exit status 2)
 * instead of reporting a warning about the monitor itself.
 */
export async function auditPreflight(input: {
  buckets: readonly string[];
  clients: ClientPool;
  config: MonitorConfig;
  region: string;
  realAws: boolean;
}): Promise<void> {
  const reader = createSetupDependencies({ config: input.config, clients: input.clients }).bucketReader;
  if (input.buckets.length === 0) {
    if (!input.realAws) return;
    const listed = await reader.listBuckets();
    if (!listed.ok && unreachable(listed.problem)) throw unreachableError(listed.problem, input.region);
    return;
  }
  for (const bucket of input.buckets) {
    const read = await reader.region(bucket);
    if (!read.ok) {
      if (unreachable(read.problem)) throw unreachableError(read.problem, input.region);
      continue; // Access denied and the like stay findings: the audit says what it could not read.
    }
    if (read.value === undefined) throw new UsageError(`bucket ${bucket} does not exist (--bucket)`);
  }
}

function unreachableError(problem: ReadProblem, region: string): UsageError {
  return new UsageError(
    `cannot reach AWS (S3, Region ${region}): ${problem.action} got no answer (${problem.detail}); check the network, proxy or AWS_ENDPOINT_URL`,
  );
}
