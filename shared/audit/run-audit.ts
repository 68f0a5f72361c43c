import type { AuditSettings } from '../config/config.js';
import { type DiagnosisDependencies, diagnoseReplication } from '../diagnosis/diagnose-replication.js';
import type { Clock } from '../model/clock.js';
import { mapSettled } from '../model/concurrency.js';
import type { Finding, SeverityOverrides } from '../model/findings.js';
import { mergeTimeBudgetFindings, problemFinding, timeBudgetFinding } from '../model/observed.js';
import { selectedBy } from '../model/patterns.js';
import type { ReplicationRule } from '../model/replication-rules.js';
import type { AuditReport, BucketCoverage } from './audit-report.js';
import type { S3BucketReader } from './bucket-reader.js';
import { checkRuleConfiguration, checkSourceBucket } from './config-checks.js';
import {
  checkReplicationMetrics,
  coverageKey,
  type MetricsReader,
} from './metrics/check-replication-metrics.js';
import { metricTargetsFor } from './metrics/metric-queries.js';
import { readBucketFacts } from './read-bucket-facts.js';
import type { AuditStateStore } from './sampling/audit-state.js';
import { type ObjectReader, type StatusCounts, zeroCounts } from './sampling/object-reader.js';
import { type SamplingResult, sampleObjects } from './sampling/sample-objects.js';
import { checkSseCReplication } from './sse-c-check.js';
import { type BucketSlot, timeShare } from './time-share.js';

export interface AuditRequest {
  /** Source buckets; empty: the configured ones, or discovery. */
  buckets: string[];
  /** Objects examined per bucket; defaults to the configured sample size. */
  sampleSize?: number;
}

export interface AuditDependencies {
  bucketReader: S3BucketReader;
  objectReader: ObjectReader;
  metricsReader: MetricsReader;
  stateStore: AuditStateStore;
  clock: Clock;
  /**
   * True once no check may start: what time is left is kept to save state and send alerts (the
   * Lambda's remaining time, less AUDIT_DEADLINE_RESERVE_MS). A bucket, its diagnosis or the
   * metrics not started by then are reported as MONITOR_CHECK_INCOMPLETE, never as healthy.
   */
  deadline: () => boolean;
  /**
   * Sampling's time left: the Lambda's remaining time less both reserves, so sampling stops at 0
   * leaving the checks that follow it (diagnosis, metrics) AUDIT_CHECKS_RESERVE_MS. It is shared
   * between the buckets (`timeShare`). Absent (the CLI): sampling stops at `deadline`, unshared.
   */
  samplingTimeLeftMs?: () => number;
  settings: AuditSettings;
  severityOverrides: SeverityOverrides;
  /** The role and KMS diagnosis; absent, those checks are skipped and the coverage says so. */
  diagnosis?: Omit<DiagnosisDependencies, 'clock' | 'severityOverrides'>;
}

/**
 * The audit: for each replicated source bucket, configuration checks on every rule and
 * destination, HEAD sampling of object replication status, then the replication metrics of every
 * rule in one batched pass. One bucket's failure never stops the others; what could not be read
 * is reported as MONITOR_* findings, never as healthy.
 */
export async function runAudit(request: AuditRequest, dependencies: AuditDependencies): Promise<AuditReport> {
  const startedAt = dependencies.clock.now();
  const findings: Finding[] = [];
  const requested = request.buckets.length > 0 ? request.buckets : dependencies.settings.buckets;
  const explicit = requested.length > 0;
  const sources = explicit ? [...new Set(requested)] : await discoverBuckets(dependencies, findings);
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
  const buckets: BucketCoverage[] = [];
  const targets = [];
  for (const [index, result] of results.entries()) {
    const bucket = sources[index] as string;
    if (result.status === 'rejected') {
      // An unexpected error in one bucket is reported, and the others go on.
      findings.push(
        problemFinding(
          {
            kind: 'error',
            action: 'audit',
            resource: `arn:aws:s3:::${bucket}`,
            detail: String(result.reason),
          },
          { sourceBucket: bucket, check: 'this bucket' },
          dependencies.severityOverrides,
        ),
      );
      buckets.push({
        bucket,
        status: 'failed',
        rules: [],
        checksSkipped: [`audit failed: ${String(result.reason)}`],
      });
      continue;
    }
    findings.push(...result.value.findings);
    // Discovery audits the buckets that replicate; the others are not worth a line.
    if (result.value.coverage.status !== 'no-replication' || explicit) buckets.push(result.value.coverage);
    targets.push(...result.value.metricTargets);
  }
  const unreached = buckets.filter((bucket) => bucket.status === 'skipped').map((bucket) => bucket.bucket);
  if (!explicit && unreached.length > 0) {
    const named = `${unreached.slice(0, 5).join(', ')}${unreached.length > 5 ? ', …' : ''}`;
    findings.push(
      timeBudgetFinding(
        '*',
        [`whether ${unreached.length} more discovered buckets replicate (${named})`],
        dependencies.severityOverrides,
      ),
    );
  }
  const metrics = await readMetrics(targets, dependencies);
  findings.push(...metrics.findings);
  if (metrics.skipped) {
    for (const bucket of buckets) {
      if (!targets.some((target) => target.sourceBucket === bucket.bucket)) continue;
      findings.push(
        timeBudgetFinding(bucket.bucket, ['the replication metrics'], dependencies.severityOverrides),
      );
      bucket.checksSkipped.push('replication metrics: the time budget ran out before they were read');
    }
  }
  for (const bucket of buckets) {
    for (const rule of bucket.rules) {
      rule.metricsRead =
        metrics.coverage.get(coverageKey({ sourceBucket: bucket.bucket, ruleId: rule.ruleId }))
          ?.metricsRead ?? [];
    }
  }
  return {
    startedAt: startedAt.toISOString(),
    findings: mergeTimeBudgetFindings(findings, dependencies.severityOverrides),
    buckets,
    metricRequests: metrics.requests,
  };
}

function samplingDeadline({ samplingTimeLeftMs, deadline }: AuditDependencies): () => boolean {
  return samplingTimeLeftMs === undefined ? deadline : () => samplingTimeLeftMs() <= 0;
}

/** The metrics of every rule in one batched pass, unless the time budget has run out. */
async function readMetrics(
  targets: ReturnType<typeof metricTargetsFor>['targets'],
  dependencies: AuditDependencies,
) {
  if (targets.length > 0 && dependencies.deadline()) {
    return { findings: [], coverage: new Map(), requests: 0, skipped: true };
  }
  const metrics = await checkReplicationMetrics({
    targets,
    reader: dependencies.metricsReader,
    clock: dependencies.clock,
    thresholds: {
      windowMinutes: dependencies.settings.metricWindowMinutes,
      latencyThresholdSeconds: dependencies.settings.latencyThresholdSeconds,
      pendingOperationsThreshold: dependencies.settings.pendingOperationsThreshold,
      pendingBytesThreshold: dependencies.settings.pendingBytesThreshold,
    },
    severityOverrides: dependencies.severityOverrides,
  });
  return { ...metrics, skipped: false };
}

async function discoverBuckets(dependencies: AuditDependencies, findings: Finding[]): Promise<string[]> {
  const listed = await dependencies.bucketReader.listBuckets();
  if (!listed.ok) {
    findings.push(
      problemFinding(
        listed.problem,
        { sourceBucket: '*', check: 'which buckets exist' },
        dependencies.severityOverrides,
      ),
    );
    return [];
  }
  const { include, exclude } = dependencies.settings;
  // Discovery keeps every selected bucket; auditBucket skips those without replication.
  return listed.value.filter((name) => selectedBy(name, include, exclude));
}

interface BucketAudit {
  findings: Finding[];
  coverage: BucketCoverage;
  metricTargets: ReturnType<typeof metricTargetsFor>['targets'];
}

async function auditBucket(
  name: string,
  explicit: boolean,
  request: AuditRequest,
  dependencies: AuditDependencies,
  slot: BucketSlot,
): Promise<BucketAudit> {
  const overrides = dependencies.severityOverrides;
  const empty = (
    status: BucketCoverage['status'],
    reason: string,
    findings: Finding[] = [],
    region?: string,
  ): BucketAudit => ({
    findings,
    coverage: {
      bucket: name,
      ...(region === undefined ? {} : { region }),
      status,
      rules: [],
      checksSkipped: [reason],
    },
    metricTargets: [],
  });
  if (dependencies.deadline()) {
    // A discovered bucket may not replicate at all: runAudit reports those together, once.
    const everything = [
      'the replication configuration',
      'the objects',
      'the role and KMS keys',
      'the metrics',
    ];
    return empty(
      'skipped',
      'the time budget ran out before this bucket was audited',
      explicit ? [timeBudgetFinding(name, everything, overrides)] : [],
    );
  }
  const read = await readBucketFacts(dependencies.bucketReader, name);
  if (read.kind === 'unreadable') {
    return empty('unreadable', read.problem.detail, [
      problemFinding(read.problem, { sourceBucket: name, check: 'the replication configuration' }, overrides),
    ]);
  }
  if (read.kind === 'not-found') {
    const missing = {
      kind: 'error' as const,
      action: 's3:GetBucketLocation',
      resource: `arn:aws:s3:::${name}`,
      detail: 'NoSuchBucket: the bucket does not exist',
    };
    return empty(
      'not-found',
      'bucket does not exist',
      explicit ? [problemFinding(missing, { sourceBucket: name, check: 'this bucket' }, overrides)] : [],
    );
  }
  if (read.kind === 'no-replication')
    return empty('no-replication', 'no replication configuration', [], read.region);

  const { source, rules, destinations } = read.bucket;
  const sampling = await slot.sweep((sweepSpent) =>
    sampleObjects({
      bucket: { name, region: source.region },
      rules,
      reader: dependencies.objectReader,
      store: dependencies.stateStore,
      clock: dependencies.clock,
      budget: {
        deadline: samplingDeadline(dependencies),
        maxObjects: request.sampleSize ?? dependencies.settings.sampleMaxObjects,
        sweepSpent,
      },
      concurrency: dependencies.settings.sampleConcurrency,
      stuckAfterSeconds: dependencies.settings.stuckAfterSeconds,
      severityOverrides: overrides,
    }),
  );
  source.kmsObjectsSeen = sampling.kmsObjectsSeen;
  const findings = [...checkSourceBucket(source, overrides), ...sampling.findings];
  const notes: string[] = [];
  if (dependencies.diagnosis === undefined) {
    notes.push('role and KMS diagnosis: not configured for this run');
  } else if (read.bucket.roleArn !== undefined && dependencies.deadline()) {
    notes.push('role and KMS diagnosis: the time budget ran out before it ran');
    findings.push(timeBudgetFinding(name, ['the replication role and KMS keys'], overrides));
  } else {
    const diagnosis = await diagnoseReplication(read.bucket, sampling, {
      ...dependencies.diagnosis,
      clock: dependencies.clock,
      severityOverrides: overrides,
    });
    findings.push(...diagnosis.findings);
    notes.push(...diagnosis.notes);
  }
  for (const rule of rules) {
    const destination = destinations.get(rule.destination.bucket);
    if (destination === undefined) continue;
    const roleAccount = read.bucket.roleArn?.split(':')[4];
    const crossAccount = rule.destination.account !== undefined && rule.destination.account !== roleAccount;
    findings.push(...checkRuleConfiguration(source, rule, { ...destination, crossAccount }, overrides));
    const sseC = checkSseCReplication(
      {
        sourceBucket: name,
        rule,
        sourceEncryption: source.encryption,
        destinationEncryption: destination.encryption,
        sseCKeys: sampling.sseCKeys,
      },
      overrides,
    );
    if (sseC !== undefined) findings.push(sseC);
  }
  const { targets, unresolved } = metricTargetsFor(
    { bucket: name, region: source.region },
    rules,
    (bucket) => destinations.get(bucket)?.region,
  );
  return {
    findings,
    coverage: coverageOf(
      name,
      source.region,
      rules,
      sampling,
      unresolved.map((rule) => rule.id),
      notes,
    ),
    metricTargets: targets,
  };
}

function coverageOf(
  name: string,
  region: string,
  rules: readonly ReplicationRule[],
  sampling: SamplingResult,
  unresolved: string[],
  notes: readonly string[],
): BucketCoverage {
  const byStatus = zeroCounts();
  for (const counts of Object.values(sampling.counts)) {
    for (const [status, count] of Object.entries(counts)) byStatus[status as keyof StatusCounts] += count;
  }
  const checksSkipped = [
    ...unresolved.map((rule) => `metrics of rule ${rule}: the destination's Region is unknown`),
    ...notes,
  ];
  if (!sampling.coverage.complete && sampling.coverage.stoppedBy !== undefined) {
    checksSkipped.push(
      `object sampling stopped early (${sampling.coverage.stoppedBy}); the next run resumes from the cursor`,
    );
  }
  return {
    bucket: name,
    region,
    status: 'audited',
    rules: rules.map((rule) => ({
      ruleId: rule.id,
      enabled: rule.enabled,
      destinationBucket: rule.destination.bucket,
      metricsEnabled: rule.metricsEnabled,
      metricsRead: [],
      objects: sampling.counts[rule.id] ?? zeroCounts(),
    })),
    objects: { ...sampling.coverage, byStatus },
    checksSkipped,
  };
}
