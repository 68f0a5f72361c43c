import assert from 'node:assert/strict';
import { awsActionOf, type FaultKind, faultResponse, s3BucketOf } from '../../../shared/sim/faults.js';
import type { SimRequest } from '../../../shared/sim/sim-http.js';
import {
  type AuditHarnessOptions,
  auditEverything,
  type OnDemandReport,
  startAuditHarness,
} from './audit-harness.js';
import {
  CONTROL,
  FAULTY,
  FAULTY_DESTINATION,
  FAULTY_KEYS,
  FAULTY_METRICS_REGION,
  faultWorld,
} from './fault-world.js';
import { tally } from './figures.js';

/** Calls that concern no bucket in particular: a fault there touches every bucket. */
export const GLOBAL_ACTIONS = new Set(['s3:ListAllMyBuckets']);

/** Whether a request concerns FAULTY: its buckets, role, keys, or the Region of its destination's metrics. */
export function aboutFaulty(request: SimRequest): boolean {
  if (request.service === 's3') {
    const bucket = s3BucketOf(request);
    return bucket === undefined || bucket === FAULTY || bucket === FAULTY_DESTINATION;
  }
  if (request.service === 'monitoring') return request.region === FAULTY_METRICS_REGION;
  const text = decodeURIComponent(`${request.path} ${JSON.stringify(request.query)} ${request.body}`);
  return text.includes(FAULTY) || FAULTY_KEYS.some((key) => text.includes(key.slice(key.indexOf('/') + 1)));
}

export interface Scenario {
  /** The calls that fail (`*`: every call), each on FAULTY's resources only. */
  actions: readonly string[];
  kind: FaultKind;
  /** `first-attempt`: only the first attempt of each call fails, as a transient fault does. */
  persistence?: 'every-attempt' | 'first-attempt';
  /** The simulator's node:http server, or the in-process adapter (which raises what the SDK's handler raises). */
  transport?: 'socket' | 'in-process';
}

const firstAttempt = (request: SimRequest) =>
  /attempt=1;/.test(request.headers['amz-sdk-request'] ?? 'attempt=1;');

/** Runs one audit with `scenario`'s fault injected on every matching call; counts what was injected. */
export async function auditWithFault(
  scenario: Scenario,
  options: Partial<AuditHarnessOptions> = {},
): Promise<{ report: OnDemandReport; injected: number; published: string[] }> {
  let injected = 0;
  const matches = (request: SimRequest) =>
    scenario.actions.includes('*') ||
    (aboutFaulty(request) && scenario.actions.includes(awsActionOf(request)));
  const harness = await startAuditHarness({
    world: faultWorld(),
    transport: scenario.transport ?? 'in-process',
    fault: (request) => {
      if (!matches(request) || (scenario.persistence === 'first-attempt' && !firstAttempt(request)))
        return undefined;
      injected += 1;
      return faultResponse(scenario.kind, request);
    },
    ...options,
  });
  try {
    const report = await auditEverything(harness);
    tally(`faults.${scenario.kind}`, injected);
    tally('faults.audits');
    return { report, injected, published: harness.simulator.captured.sns.map((message) => message.message) };
  } finally {
    await harness.close();
  }
}

const fingerprints = (report: OnDemandReport, bucket?: string) =>
  report.findings
    .filter((finding) => bucket === undefined || finding.sourceBucket === bucket)
    .map((finding) => finding.fingerprint)
    .sort();

/**
 * What a fault on some calls must never do: stop the audit, change what another bucket reports,
 * invent a finding, or leave what could not be read unreported.
 */
export function assertFaultReported(
  baseline: OnDemandReport,
  report: OnDemandReport,
  scenario: Scenario,
): void {
  const { actions, kind } = scenario;
  if (!actions.some((action) => GLOBAL_ACTIONS.has(action))) {
    assert.deepEqual(
      fingerprints(report, CONTROL),
      fingerprints(baseline, CONTROL),
      `${CONTROL}'s findings changed`,
    );
    assert.deepEqual(
      report.buckets.find((bucket) => bucket.bucket === CONTROL),
      baseline.buckets.find((bucket) => bucket.bucket === CONTROL),
      `${CONTROL}'s coverage changed`,
    );
  }
  const known = new Set(fingerprints(baseline));
  const invented = report.findings.filter(
    (finding) => !finding.code.startsWith('MONITOR_') && !known.has(finding.fingerprint),
  );
  assert.deepEqual(
    invented.map((finding) => `${finding.code}: ${finding.message}`),
    [],
    'a fault was read as a problem of the bucket',
  );
  const code = kind === 'access-denied' ? 'MONITOR_ACCESS_DENIED' : 'MONITOR_CHECK_INCOMPLETE';
  const scope = new Set([FAULTY, FAULTY_DESTINATION, '*']);
  for (const action of actions) {
    const reported = report.findings.filter(
      (finding) =>
        finding.code === code &&
        scope.has(finding.sourceBucket) &&
        (finding.action === action || finding.message.includes(action)),
    );
    const seen = report.findings.map(
      (finding) => `${finding.code} ${finding.action ?? ''} ${finding.message}`,
    );
    assert.ok(reported.length > 0, `no ${code} names ${action}; got ${seen.join(' | ')}`);
    if (code === 'MONITOR_ACCESS_DENIED')
      assert.ok(reported.every((finding) => finding.principal === 'monitor'));
  }
}
