import type { AuditReport, BucketCoverage } from '../audit/audit-report.js';
import type { ObjectReader } from '../audit/sampling/object-reader.js';
import type { Finding } from '../model/findings.js';
import type { Incident } from './incident.js';
import type { IncidentStore } from './incident-store.js';
import { openCauses } from './observe.js';
import { type BucketWork, observationsByBucket, withFingerprints } from './report-incidents.js';
import { type AuditView, causeKey, eventOnly, metricKey } from './resolution.js';

/** Object HEADs an audit spends re-checking the samples of event causes, at most. */
export const RECHECK_BUDGET = 100;

/**
 * The incident work of one audit: for every bucket it audited, its findings and what it could
 * see (an incomplete view resolves nothing); for every other bucket that has incidents, a tick
 * (reminders, quiet periods) with no findings, and, after a full audit, the news that the bucket
 * is no longer audited. `discovered`: the audit listed the account's
 * buckets, so findings about discovery itself (`sourceBucket: "*"`) can end too.
 */
export function auditWork(
  report: AuditReport,
  context: {
    /** This audit's id (unique per run): an audit applied twice counts once. */
    auditId: string;
    knownBuckets: readonly string[];
    replicated: ReadonlyMap<string, ReadonlySet<string>>;
    discovered: boolean;
    /**
     * The audit covered every bucket the monitor audits (no bucket list was asked for): a known
     * bucket it did not cover has left the audited set, unless the buckets could not be listed.
     */
    full: boolean;
  },
): BucketWork[] {
  const { auditId, knownBuckets, replicated, discovered } = context;
  const unmonitored = context.full && !hasMonitorFinding('*', report.findings);
  const identity = { auditId, startedAt: report.startedAt };
  const observations = observationsByBucket(
    withFingerprints(report.findings),
    'audit',
    new Date(report.startedAt),
  );
  const views = new Map(
    report.buckets.map((bucket) => [
      bucket.bucket,
      { ...identity, ...viewOf(bucket, report.findings, replicated) },
    ]),
  );
  if (discovered)
    views.set('*', {
      ...identity,
      complete: !hasMonitorFinding('*', report.findings),
      metricsRead: new Set(),
      replicated: new Set(),
    });
  // An audited bucket without findings matters only if it has incidents to resolve (it is known).
  const buckets = new Set([...observations.keys(), ...knownBuckets]);
  return [...buckets].map((bucket) => {
    const view = views.get(bucket);
    return {
      bucket,
      observations: observations.get(bucket) ?? [],
      ...(view === undefined ? {} : { audit: view }),
      ...(view === undefined && unmonitored && bucket !== '*' ? { unmonitoredAt: report.startedAt } : {}),
    };
  });
}

function viewOf(
  coverage: BucketCoverage,
  findings: readonly Finding[],
  replicated: ReadonlyMap<string, ReadonlySet<string>>,
): Omit<AuditView, 'auditId' | 'startedAt'> {
  const readable = coverage.status === 'audited' || coverage.status === 'no-replication';
  const stop = coverage.objects?.stoppedBy;
  // `maxObjects` and `timeShare` are the sweep's normal pace; any other stop left something unread.
  const sampled = stop === undefined || stop === 'maxObjects' || stop === 'timeShare';
  return {
    complete: readable && sampled && !hasMonitorFinding(coverage.bucket, findings),
    metricsRead: new Set(
      coverage.rules.flatMap((rule) => rule.metricsRead.map((metric) => metricKey(rule.ruleId, metric))),
    ),
    replicated: replicated.get(coverage.bucket) ?? new Set(),
  };
}

const hasMonitorFinding = (bucket: string, findings: readonly Finding[]) =>
  findings.some((finding) => finding.sourceBucket === bucket && finding.code.startsWith('MONITOR_'));

/**
 * Re-checks the sampled objects of open event causes in the buckets this audit covered: a cause
 * whose every sampled object is now COMPLETED (or REPLICA) is over. Anything unread (refused,
 * throttled, deleted, out of budget or time) confirms nothing. Returns `causeKey`s by bucket.
 */
export async function recheckEventSamples(input: {
  store: IncidentStore;
  report: AuditReport;
  knownBuckets: readonly string[];
  reader: ObjectReader;
  deadline: () => boolean;
  /** Object HEADs it may spend (default RECHECK_BUDGET; 0 with sampling off). */
  budget?: number;
}): Promise<Map<string, Set<string>>> {
  const replicated = new Map<string, Set<string>>();
  let budget = input.budget ?? RECHECK_BUDGET;
  for (const coverage of input.report.buckets) {
    const region = coverage.region;
    if (
      region === undefined ||
      coverage.status !== 'audited' ||
      !input.knownBuckets.includes(coverage.bucket)
    )
      continue;
    const confirmed = new Set<string>();
    // A bucket whose incidents cannot be read confirms nothing: reporting its findings meets the
    // same store next, and fails that bucket alone.
    const open = await openIncidents(input.store, coverage.bucket).catch(() => []);
    for (const incident of open) {
      for (const cause of openCauses(incident).filter(eventOnly)) {
        const samples = cause.samples ?? [];
        if (samples.length === 0 || samples.length > budget) continue;
        budget -= samples.length;
        let all = true;
        for (const sample of samples) {
          if (input.deadline()) return replicated;
          const head = await input.reader.head({ bucket: coverage.bucket, region, ...sample });
          const status = head.ok ? head.value.replicationStatus : undefined;
          all &&= status === 'COMPLETED' || status === 'REPLICA';
          if (!all) break;
        }
        if (all) confirmed.add(causeKey(incident, cause));
      }
    }
    replicated.set(coverage.bucket, confirmed);
  }
  return replicated;
}

async function openIncidents(store: IncidentStore, bucket: string): Promise<Incident[]> {
  return (await store.loadBucket(bucket)).filter((incident) => incident.status === 'open');
}

/**
 * How long a registration protects a bucket from being forgotten: longer than any invocation that
 * registers a bucket and then writes its incident (Lambda runs 15 minutes at most).
 */
export const REGISTRATION_MARGIN_MS = 60 * 60_000;

/**
 * Takes off the registry the known buckets this audit left with nothing to look after: every
 * incident resolved and no notice pending. Their incidents stay until they expire; a finding
 * there registers the bucket again. A bucket registered within REGISTRATION_MARGIN_MS is kept (an
 * incident may be opening there now, unseen by this audit). Failures leave the bucket registered
 * for the next audit: nothing is lost by them. Resolves to the buckets forgotten.
 */
export async function forgetSettledBuckets(input: {
  store: IncidentStore;
  knownBuckets: readonly string[];
  incidents: readonly Incident[];
  failedBuckets: ReadonlyMap<string, unknown>;
  now: Date;
}): Promise<string[]> {
  const busy = new Set(
    input.incidents
      .filter((incident) => incident.status === 'open' || (incident.pendingNotices?.length ?? 0) > 0)
      .map((incident) => incident.sourceBucket),
  );
  const settled = input.knownBuckets.filter(
    (bucket) => !busy.has(bucket) && !input.failedBuckets.has(bucket),
  );
  const before = new Date(input.now.getTime() - REGISTRATION_MARGIN_MS).toISOString();
  const at = input.now.toISOString();
  const forgotten = await Promise.all(
    settled.map((bucket) => input.store.forgetBucket(bucket, before, at).catch(() => false)),
  );
  return settled.filter((_, index) => forgotten[index]);
}
