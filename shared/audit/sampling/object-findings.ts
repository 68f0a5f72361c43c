import type { Finding, SeverityOverrides } from '../../model/findings.js';
import { severityOf } from '../../model/findings.js';
import { problemFinding, type ReadProblem } from '../../model/observed.js';
import type { ReplicationRule } from '../../model/replication-rules.js';
import type { BucketSamplingState } from './audit-state.js';
import type { ObjectHead } from './object-reader.js';
import type { SamplingCoverage } from './sampling-coverage.js';

/** What the object findings need to know about the sampling run. */
export interface FindingContext {
  bucket: { name: string; region: string };
  stuckAfterSeconds: number;
  severityOverrides?: SeverityOverrides | undefined;
}

export interface MonitorContext extends FindingContext {
  denied: Map<string, { problem: ReadProblem; refusals: number }>;
  problems: string[];
  coverage: SamplingCoverage;
}

export function objectFinding(
  run: FindingContext,
  object: {
    key: string;
    head: ObjectHead;
    covering: ReplicationRule[];
    firstFlaggedAt: string;
    ageSeconds: number;
  },
): Finding {
  const { name: bucket, region } = run.bucket;
  const { key, head, covering } = object;
  const failed = head.replicationStatus === 'FAILED';
  const code = failed ? 'OBJECT_REPLICATION_FAILED' : 'OBJECT_REPLICATION_STUCK';
  // With several rules (or none, after a rule change) no single rule can be named.
  const rule = covering.length === 1 ? covering[0] : undefined;
  const where = `"${key}"${head.versionId === undefined ? '' : ` (version ${head.versionId})`} in ${bucket}`;
  const finding: Finding = {
    code,
    severity: severityOf(code, run.severityOverrides),
    sourceBucket: bucket,
    key,
    message: failed
      ? `Object ${where} has replication status FAILED; S3 does not retry it by itself.`
      : `Object ${where} has been PENDING replication for ${object.ageSeconds} s (threshold ${run.stuckAfterSeconds} s).`,
    remediation: failed
      ? `Fix the cause first (see this rule's other findings and its OperationFailedReplication events), then re-replicate the failed objects with S3 Batch Replication: ${batchReplicationCommand(bucket, region)}`
      : "Temporary failures (destination bucket or Region unavailable) keep objects PENDING without an event: check this rule's backlog, latency and permission findings and the AWS Health Dashboard. The object stays under watch; if it turns FAILED, re-replicate it with S3 Batch Replication.",
    evidence: {
      replicationStatus: head.replicationStatus,
      lastModified: head.lastModified.toISOString(),
      coveringRules: covering.map((covered) => covered.id),
      firstFlaggedAt: object.firstFlaggedAt,
      ...(failed ? {} : { stuckAfterSeconds: run.stuckAfterSeconds }),
    },
  };
  if (!failed) finding.ageSeconds = object.ageSeconds;
  if (head.versionId !== undefined) finding.versionId = head.versionId;
  if (rule !== undefined) {
    finding.ruleId = rule.id;
    if (rule.destination.bucket) finding.destinationBucket = rule.destination.bucket;
  }
  return finding;
}

/** Batch Replication jobs run in the source bucket's Region (https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-batch-replication-batch.html). */
function batchReplicationCommand(bucket: string, region: string): string {
  const generator = {
    S3JobManifestGenerator: {
      SourceBucket: `arn:aws:s3:::${bucket}`,
      EnableManifestOutput: false,
      Filter: { EligibleForReplication: true, ObjectReplicationStatuses: ['FAILED'] },
    },
  };
  return [
    'aws s3control create-job --account-id <source-account-id>',
    `--operation '{"S3ReplicateObject":{}}' --manifest-generator '${JSON.stringify(generator)}'`,
    `--report '{"Enabled":false}' --priority 1 --role-arn <batch-replication-role-arn>`,
    `--no-confirmation-required --region ${region}`,
  ].join(' ');
}

/** Why time kept sampling from reading anything this run, if it did. */
function starvedBy(coverage: MonitorContext['coverage']): string | undefined {
  if (coverage.stoppedBy === 'deadline' && coverage.examined + coverage.rechecked === 0)
    return 'the time budget ran out before any object was read';
  // Its re-checks ran, but the sweep read nothing new: other buckets took the time.
  if (coverage.stoppedBy === 'timeShare' && coverage.examined === 0)
    return "the bucket's share of the audit's time ran out before the sweep read any object";
  return undefined;
}

/** One MONITOR_ACCESS_DENIED per refused action (never per object), one MONITOR_CHECK_INCOMPLETE at most. */
export function monitorFindings(run: MonitorContext, state: BucketSamplingState): Finding[] {
  const { name: bucket } = run.bucket;
  const findings = [...run.denied.values()].map(({ problem, refusals }) => {
    // Object actions are granted on the bucket's objects, not on the one key that was refused.
    const bucketArn = problem.resource.slice(0, problem.resource.indexOf(':::') + 3 + bucket.length);
    const resource = problem.action === 's3:ListBucket' ? bucketArn : `${bucketArn}/*`;
    const finding = problemFinding(
      { ...problem, resource },
      { sourceBucket: bucket, check: 'object replication status' },
      run.severityOverrides,
    );
    finding.evidence = { ...finding.evidence, refusedResource: problem.resource, refusals };
    return finding;
  });
  const { coverage } = run;
  const starved = starvedBy(coverage);
  const problems = starved === undefined ? run.problems : [...run.problems, starved];
  if (problems.length === 0) return findings;
  const resumes =
    state.cursor === undefined ? 'from the start of the bucket' : `after "${state.cursor.afterKey}"`;
  findings.push({
    code: 'MONITOR_CHECK_INCOMPLETE',
    severity: severityOf('MONITOR_CHECK_INCOMPLETE', run.severityOverrides),
    sourceBucket: bucket,
    message: `Object sampling of ${bucket} is incomplete: ${problems[0]}. This run swept ${coverage.examined} objects and re-checked ${coverage.rechecked}; the next run resumes ${resumes}.`,
    remediation:
      starved !== undefined
        ? 'Give the audit function a longer timeout, or audit fewer buckets per invocation.'
        : 'The next audit retries. If throttling persists, lower the sampling concurrency; if an object stays unreadable, read it from the CLI to see the full error.',
    evidence: { problems, ...coverage, recheckWaiting: state.recheck.length },
  });
  return findings;
}
