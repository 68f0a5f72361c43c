/**
 * Building blocks for the failure-reason table: the entry shape, ARN forms and the sentences
 * that several reasons share. Values (bucket names, ARNs) are inserted verbatim; rendering
 * escapes them later.
 */

import type { FailureCategory } from '../model/findings.js';

export interface FailureContext {
  /** Source bucket name. */
  sourceBucket: string;
  /** Destination bucket name (not ARN); may be unknown. */
  destinationBucket?: string;
  ruleId?: string;
  /** The replication role, when an audit has read it. */
  roleArn?: string;
  /** The event's awsRegion: the source bucket's Region. */
  sourceRegion?: string;
}

export interface ReasonEntry {
  category: Exclude<FailureCategory, 'unknown'>;
  /** Usually benign or self-resolving: the object went away or was already replicated. */
  transient?: boolean;
  meaning: (context: FailureContext) => string;
  remediation: (context: FailureContext) => string;
}

export type ReasonTable = Readonly<Record<string, ReasonEntry>>;

/** One paragraph from sentences (empty ones skipped), so entries read as a list of steps. */
export function sentences(...parts: string[]): string {
  return parts.filter((part) => part !== '').join(' ');
}

// China and GovCloud buckets live in their own partitions; their ARNs do not start with arn:aws:.
const PARTITIONS: readonly [regionPrefix: string, partition: string][] = [
  ['cn-', 'aws-cn'],
  ['us-gov-', 'aws-us-gov'],
];

function partition(context: FailureContext): string {
  const region = context.sourceRegion ?? '';
  return PARTITIONS.find(([prefix]) => region.startsWith(prefix))?.[1] ?? 'aws';
}

// The event carries the destination as an ARN; the contract says name, but never print arn:…:::arn:….
function bucketName(value: string): string {
  return value.startsWith('arn:') ? value.slice(value.indexOf(':::') + 3) : value;
}

export function destinationName(context: FailureContext): string {
  return context.destinationBucket ? bucketName(context.destinationBucket) : '<destination-bucket>';
}

/** arn:aws:s3:::bucket — the bucket itself (configuration, listing). */
export function bucketArn(context: FailureContext, bucket: string): string {
  return `arn:${partition(context)}:s3:::${bucket}`;
}

/** arn:aws:s3:::bucket/* — the objects in it (every object-level replication action). */
export function objectsArn(context: FailureContext, bucket: string): string {
  return `${bucketArn(context, bucket)}/*`;
}

export function sourceObjects(context: FailureContext): string {
  return objectsArn(context, context.sourceBucket);
}

export function destinationObjects(context: FailureContext): string {
  return objectsArn(context, destinationName(context));
}

export function destination(context: FailureContext): string {
  if (context.destinationBucket) return `destination bucket ${destinationName(context)}`;
  return context.ruleId ? `the destination bucket of rule ${context.ruleId}` : 'the destination bucket';
}

export function rule(context: FailureContext): string {
  return context.ruleId ? `rule ${context.ruleId}` : 'the replication rule';
}

export function role(context: FailureContext): string {
  return context.roleArn
    ? `the replication role ${context.roleArn}`
    : "the replication role named in the bucket's replication configuration";
}

export function roleName(context: FailureContext): string {
  return context.roleArn?.split('/').pop() || '<role-name>';
}

export function regionOption(context: FailureContext): string {
  return context.sourceRegion ? ` --region ${context.sourceRegion}` : '';
}

export function list(items: readonly string[]): string {
  if (items.length <= 2) return items.join(' and ');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function simulate(context: FailureContext, actions: readonly string[], resource: string): string {
  const where = context.roleArn
    ? ''
    : ` (the Role shown by aws s3api get-bucket-replication --bucket ${context.sourceBucket})`;
  return sentences(
    `Check the role's own policies with aws iam simulate-principal-policy --policy-source-arn ${context.roleArn ?? '<role-arn>'}${where}`,
    `--action-names ${actions.join(' ')} --resource-arns ${resource} (EvalDecision must be allowed).`,
  );
}

/** The role reads from the source: only its own policies (and any Deny) decide. */
export function sourceGrant(context: FailureContext, actions: readonly string[]): string {
  const resource = sourceObjects(context);
  return sentences(
    `Allow ${list(actions)} on ${resource} in the permissions policy of ${role(context)},`,
    'and make sure no Deny in the source bucket policy, a permissions boundary or an SCP overrides it.',
    simulate(context, actions, resource),
  );
}

/** The role writes into the destination: cross-account, the destination bucket policy must allow it too. */
export function destinationGrant(context: FailureContext, actions: readonly string[]): string {
  const resource = destinationObjects(context);
  return sentences(
    `Allow ${list(actions)} on ${resource} for ${role(context)}: in the role's permissions policy and,`,
    `when ${destination(context)} belongs to another account, also in its bucket policy (Principal: the role ARN);`,
    'make sure no Deny in a bucket policy, a permissions boundary or an SCP overrides it.',
    simulate(context, actions, resource),
  );
}

/** The job that re-replicates objects that already FAILED: S3 never retries them on its own. */
export function batchReplicationJob(context: FailureContext): string {
  const region = context.sourceRegion ? ` (${context.sourceRegion})` : '';
  return sentences(
    `an S3 Batch Replication job on ${bucketArn(context, context.sourceBucket)},`,
    `created in the source bucket's Region${region}, whose manifest generator filters on`,
    `ObjectReplicationStatuses=["FAILED"] (aws s3control create-job --operation '{"S3ReplicateObject":{}}' ...).`,
  );
}

export function retryAfterFix(context: FailureContext): string {
  return `Objects that already FAILED are not retried automatically: after the fix, re-replicate them with ${batchReplicationJob(context)}`;
}

/** Rules are edited by replacing the whole configuration; there is no per-rule update call. */
export function updateRule(context: FailureContext, change: string): string {
  const bucket = context.sourceBucket;
  return sentences(
    `save the ReplicationConfiguration object printed by aws s3api get-bucket-replication --bucket ${bucket}`,
    `to replication.json, ${change} in ${rule(context)}, then apply it with`,
    `aws s3api put-bucket-replication --bucket ${bucket} --replication-configuration file://replication.json.`,
  );
}
