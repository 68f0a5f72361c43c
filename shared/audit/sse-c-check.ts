import { type Finding, type SeverityOverrides, severityOf } from '../model/findings.js';
import type { Observed } from '../model/observed.js';
import type { ReplicationRule } from '../model/replication-rules.js';
import type { DefaultEncryption } from './config-checks.js';

const BLOCKED_ENCRYPTION =
  'https://docs.aws.amazon.com/AmazonS3/latest/userguide/blocking-unblocking-s3-c-encryption-gpb.html';

const blocksSseC = (encryption: Observed<DefaultEncryption> | undefined) =>
  encryption?.ok === true && (encryption.value.blockedEncryptionTypes ?? []).includes('SSE-C');

/**
 * A destination that blocks SSE-C (BlockedEncryptionTypes; new buckets do by default since April
 * 2026) rejects replication of SSE-C objects with 403 AccessDenied (AWS: "If a destination bucket
 * for replication has SSE-C blocked and the source objects being replicated are encrypted with
 * SSE-C, the replication will fail"), and S3 replicates SSE-C objects without opt-in. The monitor
 * cannot read an SSE-C object's encryption without its key: objects whose HEAD answers 400 are
 * what S3 answers for them, which AWS does not document, so the finding is a warning that says
 * so, as it is when the source merely still accepts SSE-C uploads.
 */
export function checkSseCReplication(
  input: {
    sourceBucket: string;
    rule: ReplicationRule;
    sourceEncryption: Observed<DefaultEncryption>;
    destinationEncryption: Observed<DefaultEncryption> | undefined;
    /** Keys of the source that answered HEAD with 400: SSE-C objects asked without their key. */
    sseCKeys: readonly string[];
  },
  overrides: SeverityOverrides = {},
): Finding | undefined {
  const { rule } = input;
  if (!rule.enabled || !blocksSseC(input.destinationEncryption)) return undefined;
  const seen = input.sseCKeys.filter((key) => key.startsWith(rule.prefix));
  const sourceAccepts = input.sourceEncryption.ok && !blocksSseC(input.sourceEncryption);
  if (seen.length === 0 && !sourceAccepts) return undefined;
  const configured = severityOf('SSE_C_BLOCKED_AT_DESTINATION', overrides);
  const destination = rule.destination.bucket;
  const likely = seen.length > 0;
  return {
    code: 'SSE_C_BLOCKED_AT_DESTINATION',
    severity: configured,
    sourceBucket: input.sourceBucket,
    ruleId: rule.id,
    destinationBucket: destination,
    message: likely
      ? `Destination bucket ${destination} blocks SSE-C (BlockedEncryptionTypes), and AWS documents that replication of SSE-C objects to it then fails with 403 AccessDenied; objects of ${input.sourceBucket} under rule ${rule.id} answer HeadObject 400 without a key, as SSE-C objects do (e.g. "${seen[0]}"): if they are SSE-C, they cannot replicate.`
      : `Destination bucket ${destination} blocks SSE-C (BlockedEncryptionTypes), which also blocks replication requests, while ${input.sourceBucket} still accepts SSE-C uploads: an SSE-C object written under rule ${rule.id} would not replicate (none was seen).`,
    remediation: likely
      ? `Unblock SSE-C on ${destination} if its replicas must keep SSE-C (aws s3api put-bucket-encryption --bucket ${destination} with BlockedEncryptionTypes {"EncryptionType":["NONE"]} in the rule, keeping its default encryption), or stop writing SSE-C objects to ${input.sourceBucket} and re-upload them with SSE-S3 or SSE-KMS; then re-replicate them with S3 Batch Replication.`
      : `Block SSE-C on ${input.sourceBucket} too if nobody uploads with customer keys (BlockedEncryptionTypes {"EncryptionType":["SSE-C"]} in its put-bucket-encryption rule), or unblock it on ${destination}.`,
    evidence: {
      documentation: BLOCKED_ENCRYPTION,
      certain: false,
      ...(likely ? { sseCKeys: seen.slice(0, 5) } : {}),
    },
  };
}
