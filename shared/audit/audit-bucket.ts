import { diagnoseReplication } from '../diagnosis/diagnose-replication.js';
import type { Finding } from '../model/findings.js';
import { problemFinding, timeBudgetFinding } from '../model/observed.js';
import type { ReplicationRule } from '../model/replication-rules.js';
import type { AuditDependencies, AuditRequest } from './audit-dependencies.js';
import type { BucketCoverage } from './audit-report.js';
import { checkRuleConfiguration, checkSourceBucket } from './config-checks.js';
import { type MetricTarget, metricTargetsFor } from './metrics/metric-queries.js';
import { type BucketRead, type ReplicatedBucket, readBucketFacts } from './read-bucket-facts.js';
import { type StatusCounts, zeroCounts } from './sampling/object-reader.js';
import { type SamplingResult, sampleObjects } from './sampling/sample-objects.js';
import { checkSseCReplication } from './sse-c-check.js';
import type { BucketSlot } from './time-share.js';

/** One bucket's audit: its findings, what was covered, and the metrics its rules need read. */
export interface BucketAudit {
  findings: Finding[];
  coverage: BucketCoverage;
  metricTargets: MetricTarget[];
}

/**
 * Audits one source bucket: reads its configuration, samples its objects (within its share of
 * sampling's time), diagnoses its role and keys, and checks every rule and destination. The
 * metrics are read afterwards for all buckets at once, from `metricTargets`.
 */
export async function auditBucket(
  name: string,
  explicit: boolean,
  request: AuditRequest,
  dependencies: AuditDependencies,
  slot: BucketSlot,
): Promise<BucketAudit> {
  if (dependencies.deadline()) return outOfTime(name, explicit, dependencies);
  const lease = await dependencies.leases?.acquire(name);
  if (lease?.kind === 'held') {
    return nothingAudited(
      name,
      'leased',
      `another audit of this bucket is running (its lease ends at ${lease.until})`,
    );
  }
  const leaseNotes =
    lease?.kind === 'unavailable'
      ? [`bucket lease: ${lease.problem.action} failed (${lease.problem.detail}); audited without it`]
      : [];
  const read = await readBucketFacts(dependencies.bucketReader, name);
  if (read.kind !== 'replicated') {
    const audit = notReplicated(name, explicit, read, dependencies);
    audit.coverage.checksSkipped.push(...leaseNotes);
    return audit;
  }
  const { source, rules, destinations } = read.bucket;
  // No object budget is sampling turned off (SAMPLE_MAX_OBJECTS=0): no object is read at all.
  const maxObjects = request.sampleSize ?? dependencies.settings.sampleMaxObjects;
  const sampling = await slot.sweep((sweepSpent) =>
    sampleObjects({
      bucket: { name, region: source.region },
      rules,
      reader: dependencies.objectReader,
      store: dependencies.stateStore,
      clock: dependencies.clock,
      budget: {
        deadline: samplingDeadline(dependencies),
        maxObjects,
        sweepSpent,
        recheck: maxObjects > 0,
      },
      concurrency: dependencies.settings.sampleConcurrency,
      stuckAfterSeconds: dependencies.settings.stuckAfterSeconds,
      severityOverrides: dependencies.severityOverrides,
    }),
  );
  source.kmsObjectsSeen = sampling.kmsObjectsSeen;
  const diagnosis = await diagnose(read.bucket, sampling, dependencies);
  const findings = [
    ...checkSourceBucket(source, dependencies.severityOverrides),
    ...sampling.findings,
    ...diagnosis.findings,
    ...checkRules(read.bucket, sampling, dependencies),
  ];
  const { targets, unresolved } = metricTargetsFor(
    { bucket: name, region: source.region },
    rules,
    (bucket) => destinations.get(bucket)?.region,
  );
  const skipped = [
    ...unresolved.map((rule) => `metrics of rule ${rule.id}: the destination's Region is unknown`),
    ...diagnosis.notes,
    ...leaseNotes,
  ];
  return {
    findings,
    coverage: coverageOf(name, source.region, rules, sampling, skipped),
    metricTargets: targets,
  };
}

/** Sampling stops at its own deadline when the checks after it keep a reserve, else at the audit's. */
function samplingDeadline({ samplingTimeLeftMs, deadline }: AuditDependencies): () => boolean {
  return samplingTimeLeftMs === undefined ? deadline : () => samplingTimeLeftMs() <= 0;
}

function nothingAudited(
  name: string,
  status: BucketCoverage['status'],
  reason: string,
  findings: Finding[] = [],
  region?: string,
): BucketAudit {
  const coverage: BucketCoverage = { bucket: name, status, rules: [], checksSkipped: [reason] };
  if (region !== undefined) coverage.region = region;
  return { findings, coverage, metricTargets: [] };
}

/** A bucket the time budget did not reach. A discovered one may not replicate: runAudit reports those together, once. */
function outOfTime(name: string, explicit: boolean, dependencies: AuditDependencies): BucketAudit {
  const everything = ['the replication configuration', 'the objects', 'the role and KMS keys', 'the metrics'];
  return nothingAudited(
    name,
    'skipped',
    'the time budget ran out before this bucket was audited',
    explicit ? [timeBudgetFinding(name, everything, dependencies.severityOverrides)] : [],
  );
}

/** A bucket that could not be read, does not exist, or has no replication configuration. */
function notReplicated(
  name: string,
  explicit: boolean,
  read: Exclude<BucketRead, { kind: 'replicated' }>,
  dependencies: AuditDependencies,
): BucketAudit {
  const overrides = dependencies.severityOverrides;
  if (read.kind === 'unreadable') {
    const where = { sourceBucket: name, check: 'the replication configuration' };
    return nothingAudited(name, 'unreadable', read.problem.detail, [
      problemFinding(read.problem, where, overrides),
    ]);
  }
  if (read.kind === 'no-replication')
    return nothingAudited(name, 'no-replication', 'no replication configuration', [], read.region);
  const missing = {
    kind: 'error' as const,
    action: 's3:GetBucketLocation',
    resource: `arn:aws:s3:::${name}`,
    detail: 'NoSuchBucket: the bucket does not exist',
  };
  const where = { sourceBucket: name, check: 'this bucket' };
  return nothingAudited(
    name,
    'not-found',
    'bucket does not exist',
    explicit ? [problemFinding(missing, where, overrides)] : [],
  );
}

/** The role and KMS diagnosis, unless it is not configured or the time budget has run out. */
async function diagnose(
  bucket: ReplicatedBucket,
  sampling: SamplingResult,
  dependencies: AuditDependencies,
): Promise<{ findings: Finding[]; notes: string[] }> {
  if (dependencies.diagnosis === undefined) {
    return { findings: [], notes: ['role and KMS diagnosis: not configured for this run'] };
  }
  if (bucket.roleArn !== undefined && dependencies.deadline()) {
    return {
      findings: [
        timeBudgetFinding(
          bucket.source.name,
          ['the replication role and KMS keys'],
          dependencies.severityOverrides,
        ),
      ],
      notes: ['role and KMS diagnosis: the time budget ran out before it ran'],
    };
  }
  return diagnoseReplication(bucket, sampling, {
    ...dependencies.diagnosis,
    clock: dependencies.clock,
    severityOverrides: dependencies.severityOverrides,
  });
}

/** Every rule's configuration against its destination, and SSE-C objects the destination refuses. */
function checkRules(
  bucket: ReplicatedBucket,
  sampling: SamplingResult,
  dependencies: AuditDependencies,
): Finding[] {
  const overrides = dependencies.severityOverrides;
  const { source, rules, destinations } = bucket;
  const roleAccount = bucket.roleArn?.split(':')[4];
  const findings: Finding[] = [];
  for (const rule of rules) {
    const destination = destinations.get(rule.destination.bucket);
    if (destination === undefined) continue;
    const crossAccount = rule.destination.account !== undefined && rule.destination.account !== roleAccount;
    findings.push(...checkRuleConfiguration(source, rule, { ...destination, crossAccount }, overrides));
    const sseC = checkSseCReplication(
      {
        sourceBucket: source.name,
        rule,
        sourceEncryption: source.encryption,
        destinationEncryption: destination.encryption,
        sseCKeys: sampling.sseCKeys,
      },
      overrides,
    );
    if (sseC !== undefined) findings.push(sseC);
  }
  return findings;
}

function coverageOf(
  name: string,
  region: string,
  rules: readonly ReplicationRule[],
  sampling: SamplingResult,
  skipped: readonly string[],
): BucketCoverage {
  const byStatus = zeroCounts();
  for (const counts of Object.values(sampling.counts)) {
    for (const [status, count] of Object.entries(counts)) byStatus[status as keyof StatusCounts] += count;
  }
  const checksSkipped = [...skipped];
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
