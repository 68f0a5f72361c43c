import { mapSettled } from '../model/concurrency.js';
import type { Finding } from '../model/findings.js';
import { mergeTimeBudgetFindings, problemFinding, timeBudgetFinding } from '../model/observed.js';
import { auditBucket, type BucketAudit } from './audit-bucket.js';
import type { AuditDependencies, AuditRequest } from './audit-dependencies.js';
import type { AuditReport, BucketCoverage } from './audit-report.js';
import { discoverBuckets } from './discover-buckets.js';
import { checkReplicationMetrics, coverageKey } from './metrics/check-replication-metrics.js';
import type { MetricTarget } from './metrics/metric-queries.js';
import { timeShare } from './time-share.js';

/**
 * The audit: for each replicated source bucket, configuration checks on every rule and
 * destination, HEAD sampling of object replication status, the role and KMS diagnosis
 * (audit-bucket.ts), then the replication metrics of every rule in one batched pass. One bucket's
 * failure never stops the others; what could not be read is reported as MONITOR_* findings,
 * never as healthy.
 */
export async function runAudit(request: AuditRequest, dependencies: AuditDependencies): Promise<AuditReport> {
  const startedAt = dependencies.clock.now();
  const requested = request.buckets.length > 0 ? request.buckets : dependencies.settings.buckets;
  const explicit = requested.length > 0;
  const discovery = explicit
    ? { sources: [...new Set(requested)], findings: [] }
    : await discover(dependencies);
  const { sources } = discovery;
  const { bucketConcurrency } = dependencies.settings;
  const share = timeShare(sources.length, bucketConcurrency, dependencies.samplingTimeLeftMs);
  const results = await mapSettled(sources, bucketConcurrency, async (bucket) => {
    const slot = share.start();
    try {
      return await auditBucket(bucket, explicit, request, dependencies, slot);
    } finally {
      slot.finish();
    }
  });
  const audits = results.map((result, index) =>
    result.status === 'fulfilled'
      ? result.value
      : failedAudit(sources[index] as string, result.reason, dependencies),
  );
  // Discovery audits the buckets that replicate; the others are not worth a line.
  const buckets = audits
    .map((audit) => audit.coverage)
    .filter((coverage) => explicit || coverage.status !== 'no-replication');
  const metrics = await readMetrics(
    audits.flatMap((audit) => audit.metricTargets),
    buckets,
    dependencies,
  );
  const findings = [
    ...discovery.findings,
    ...audits.flatMap((audit) => audit.findings),
    ...(explicit ? [] : unreachedBuckets(buckets, dependencies)),
    ...metrics.findings,
  ];
  return {
    startedAt: startedAt.toISOString(),
    findings: mergeTimeBudgetFindings(findings, dependencies.severityOverrides),
    buckets,
    metricRequests: metrics.requests,
  };
}

/** The buckets discovery selects, or why there are none. */
async function discover(
  dependencies: AuditDependencies,
): Promise<{ sources: string[]; findings: Finding[] }> {
  const { include, exclude } = dependencies.settings;
  // Discovery keeps every selected bucket; auditBucket skips those without replication.
  const listed = await discoverBuckets(dependencies.bucketReader, { include, exclude });
  if (listed.ok) return { sources: listed.value, findings: [] };
  const where = { sourceBucket: '*', check: 'which buckets exist' };
  return { sources: [], findings: [problemFinding(listed.problem, where, dependencies.severityOverrides)] };
}

/** An unexpected error in one bucket is reported, and the others go on. */
function failedAudit(bucket: string, reason: unknown, dependencies: AuditDependencies): BucketAudit {
  const problem = {
    kind: 'error' as const,
    action: 'audit',
    resource: `arn:aws:s3:::${bucket}`,
    detail: String(reason),
  };
  return {
    findings: [
      problemFinding(problem, { sourceBucket: bucket, check: 'this bucket' }, dependencies.severityOverrides),
    ],
    coverage: { bucket, status: 'failed', rules: [], checksSkipped: [`audit failed: ${String(reason)}`] },
    metricTargets: [],
  };
}

/** Discovered buckets the time budget did not reach: one finding for all of them. */
function unreachedBuckets(buckets: readonly BucketCoverage[], dependencies: AuditDependencies): Finding[] {
  const unreached = buckets.filter((bucket) => bucket.status === 'skipped').map((bucket) => bucket.bucket);
  if (unreached.length === 0) return [];
  const named = `${unreached.slice(0, 5).join(', ')}${unreached.length > 5 ? ', …' : ''}`;
  const check = `whether ${unreached.length} more discovered buckets replicate (${named})`;
  return [timeBudgetFinding('*', [check], dependencies.severityOverrides)];
}

/**
 * The metrics of every rule in one batched pass, unless the time budget has run out; records what
 * each rule's coverage read, or that the metrics were skipped.
 */
async function readMetrics(
  targets: MetricTarget[],
  buckets: BucketCoverage[],
  dependencies: AuditDependencies,
): Promise<{ findings: Finding[]; requests: number }> {
  if (targets.length > 0 && dependencies.deadline()) {
    const findings: Finding[] = [];
    for (const bucket of buckets) {
      if (!targets.some((target) => target.sourceBucket === bucket.bucket)) continue;
      findings.push(
        timeBudgetFinding(bucket.bucket, ['the replication metrics'], dependencies.severityOverrides),
      );
      bucket.checksSkipped.push('replication metrics: the time budget ran out before they were read');
    }
    return { findings, requests: 0 };
  }
  const { settings } = dependencies;
  const metrics = await checkReplicationMetrics({
    targets,
    reader: dependencies.metricsReader,
    clock: dependencies.clock,
    thresholds: {
      windowMinutes: settings.metricWindowMinutes,
      latencyThresholdSeconds: settings.latencyThresholdSeconds,
      pendingOperationsThreshold: settings.pendingOperationsThreshold,
      pendingBytesThreshold: settings.pendingBytesThreshold,
    },
    severityOverrides: dependencies.severityOverrides,
  });
  for (const bucket of buckets) {
    for (const rule of bucket.rules) {
      const key = coverageKey({ sourceBucket: bucket.bucket, ruleId: rule.ruleId });
      rule.metricsRead = metrics.coverage.get(key)?.metricsRead ?? [];
    }
  }
  return { findings: metrics.findings, requests: metrics.requests };
}
