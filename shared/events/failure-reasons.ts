/**
 * Diagnoses the `failureReason` of `s3:Replication:OperationFailedReplication` events (and of
 * Batch Replication completion reports, which use the same codes): what it means, which category
 * of fix it needs, and the exact fix. Pure: no AWS, no clock, no environment.
 *
 * The codes are AWS's table at
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-metrics-events.html#replication-failure-codes
 * plus the older spelling DstMultipartPartUploadNotPermitted. AWS adds codes over time, so an
 * unknown code is diagnosed too (category 'unknown'), never rejected.
 */

import type { FailureCategory } from '../model/findings.js';
import { CONFIGURATION_REASONS } from './failure-reasons-configuration.js';
import { OBJECT_REASONS } from './failure-reasons-object.js';
import { PERMISSION_REASONS } from './failure-reasons-permission.js';
import {
  bucketArn,
  destinationObjects,
  type FailureContext,
  type ReasonTable,
  role,
  sentences,
  sourceObjects,
} from './failure-reasons-text.js';

export type { FailureContext } from './failure-reasons-text.js';

export interface FailureDiagnosis {
  /** Verbatim, as received ('' when the event carried none). */
  failureReason: string;
  /** False for a value not in AWS's table (kept verbatim, category 'unknown'). */
  known: boolean;
  category: FailureCategory;
  /** One or two plain sentences a person understands without the docs. */
  meaning: string;
  /** The exact fix: action and ARN, key setting, bucket setting, with the aws CLI command where one exists. */
  remediation: string;
  /** True for usually benign, self-resolving object reasons (the object went away, or was already replicated). */
  transient: boolean;
}

const FAILURE_REASONS: ReasonTable = { ...PERMISSION_REASONS, ...CONFIGURATION_REASONS, ...OBJECT_REASONS };

export const KNOWN_FAILURE_REASONS: readonly string[] = Object.freeze(Object.keys(FAILURE_REASONS).sort());

const TROUBLESHOOTING_GUIDE =
  'https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-troubleshoot.html';
const FAILURE_CODES_TABLE =
  'https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-metrics-events.html#replication-failure-codes';

/**
 * A batch of failure events repeats a handful of (reason, bucket, destination, rule, role)
 * combinations thousands of times; the texts depend on nothing else, so each is built once.
 * Frozen, because every caller shares it; bounded, so a long-lived Lambda's memory stays flat.
 */
const DIAGNOSES = new Map<string, Readonly<FailureDiagnosis>>();
const DIAGNOSES_LIMIT = 1024;

export function diagnoseFailure(
  failureReason: string | undefined,
  context: FailureContext,
): Readonly<FailureDiagnosis> {
  if (typeof context?.sourceBucket !== 'string' || context.sourceBucket === '') {
    throw new TypeError('diagnoseFailure: context.sourceBucket must be a non-empty bucket name');
  }
  // The whole context is the key, so a field added to it later can never be served a stale text.
  const id = JSON.stringify([failureReason ?? '', context]);
  let diagnosis = DIAGNOSES.get(id);
  if (diagnosis === undefined) {
    if (DIAGNOSES.size >= DIAGNOSES_LIMIT) DIAGNOSES.clear();
    diagnosis = Object.freeze(diagnose(failureReason, context));
    DIAGNOSES.set(id, diagnosis);
  }
  return diagnosis;
}

function diagnose(failureReason: string | undefined, context: FailureContext): FailureDiagnosis {
  const received = failureReason ?? '';
  const code = received.trim();
  // Object.hasOwn, not `in`: a reason such as "constructor" must not match Object.prototype.
  const entry = Object.hasOwn(FAILURE_REASONS, code) ? FAILURE_REASONS[code] : undefined;
  if (entry === undefined) return unknownDiagnosis(received, context);
  return {
    failureReason: received,
    known: true,
    category: entry.category,
    meaning: entry.meaning(context),
    remediation: entry.remediation(context),
    transient: entry.transient ?? false,
  };
}

function unknownDiagnosis(received: string, context: FailureContext): FailureDiagnosis {
  const missing = received.trim() === '';
  const meaning = missing
    ? 'S3 reported a replication failure without a failureReason, so the cause is not known.'
    : `S3 reported the failure reason "${received}", which this monitor does not know (AWS adds codes over time).`;
  const lookUp = missing
    ? `Use the S3 replication troubleshooting guide (${TROUBLESHOOTING_GUIDE}) and check the usual causes:`
    : `Look "${received}" up in the AWS failure reason table (${FAILURE_CODES_TABLE}) and the S3 replication troubleshooting guide (${TROUBLESHOOTING_GUIDE}), then check the usual causes:`;
  return {
    failureReason: received,
    known: false,
    category: 'unknown',
    meaning,
    remediation: sentences(
      lookUp,
      `${role(context)} exists and its trust policy allows s3.amazonaws.com;`,
      `it is allowed s3:GetReplicationConfiguration and s3:ListBucket on ${bucketArn(context, context.sourceBucket)},`,
      `s3:GetObjectVersionForReplication, s3:GetObjectVersionAcl and s3:GetObjectVersionTagging on ${sourceObjects(context)},`,
      `and s3:ReplicateObject, s3:ReplicateDelete and s3:ReplicateTags on ${destinationObjects(context)}`,
      '(cross-account, in the destination bucket policy too);',
      'the source KMS key and the ReplicaKmsKeyID key are Enabled and let it use kms:Decrypt, kms:Encrypt and kms:GenerateDataKey;',
      'versioning is Enabled on both buckets, and Object Lock is on the destination whenever it is on the source.',
      `This monitor's audit runs these checks: npm run --silent cli -- audit --bucket ${context.sourceBucket}.`,
    ),
    transient: false,
  };
}
