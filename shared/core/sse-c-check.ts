import type { DefaultEncryption } from './config-checks.js';
import { type Finding, type SeverityOverrides, severityOf } from './findings.js';
import type { Observed } from './observed.js';
import type { ReplicationRule } from './replication-rules.js';

const BLOCKED_ENCRYPTION = 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_BlockedEncryptionTypes.html';

const blocksSseC = (encryption: Observed<DefaultEncryption> | undefined) =>
  encryption?.ok === true && (encryption.value.blockedEncryptionTypes ?? []).includes('SSE-C');

/**
 * A destination that blocks SSE-C (BlockedEncryptionTypes; new buckets do by default since April
 * 2026) refuses replication requests for SSE-C objects, while S3 replicates SSE-C objects without
 * opt-in. Critical when SSE-C objects under the rule were seen (sampling's HEAD answers 400 without
 * the customer key); a warning when the source still accepts SSE-C uploads and none was seen.
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
  const certain = seen.length > 0;
  return {
    code: 'SSE_C_BLOCKED_AT_DESTINATION',
    severity: certain || configured !== 'critical' ? configured : 'warning',
    sourceBucket: input.sourceBucket,
    ruleId: rule.id,
    destinationBucket: destination,
    message: certain
      ? `Destination bucket ${destination} blocks SSE-C (BlockedEncryptionTypes), which also blocks replication requests, and ${input.sourceBucket} holds SSE-C objects under rule ${rule.id} (e.g. "${seen[0]}"): they cannot replicate.`
      : `Destination bucket ${destination} blocks SSE-C (BlockedEncryptionTypes), which also blocks replication requests, while ${input.sourceBucket} still accepts SSE-C uploads: an SSE-C object written under rule ${rule.id} would not replicate (none was seen).`,
    remediation: certain
      ? `Unblock SSE-C on ${destination} if its replicas must keep SSE-C (aws s3api put-bucket-encryption --bucket ${destination} with BlockedEncryptionTypes {"EncryptionType":["NONE"]} in the rule, keeping its default encryption), or stop writing SSE-C objects to ${input.sourceBucket} and re-upload them with SSE-S3 or SSE-KMS; then re-replicate them with S3 Batch Replication.`
      : `Block SSE-C on ${input.sourceBucket} too if nobody uploads with customer keys (BlockedEncryptionTypes {"EncryptionType":["SSE-C"]} in its put-bucket-encryption rule), or unblock it on ${destination}.`,
    evidence: {
      documentation: BLOCKED_ENCRYPTION,
      certain,
      ...(certain ? { sseCKeys: seen.slice(0, 5) } : {}),
    },
  };
}
