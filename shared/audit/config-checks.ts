import type { Finding, FindingCode, SeverityOverrides } from '../model/findings.js';
import { severityOf } from '../model/findings.js';
import { type Observed, problemFinding } from '../model/observed.js';
import type { ReplicationRule } from '../model/replication-rules.js';

export interface DefaultEncryption {
  algorithm: string;
  kmsKeyId?: string;
  bucketKeyEnabled: boolean;
  /** Encryption types the bucket refuses to be written with (`SSE-C`), replicas included. */
  blockedEncryptionTypes?: string[];
}

/** What the audit read about a source bucket. */
export interface SourceFacts {
  name: string;
  region: string;
  versioning: Observed<string | undefined>;
  objectLock: Observed<boolean>;
  encryption: Observed<DefaultEncryption>;
  /** Sampled objects were SSE-KMS encrypted (HeadObject's x-amz-server-side-encryption). */
  kmsObjectsSeen: boolean;
}

/** What the audit read about a destination bucket (possibly in another account or Region). */
export interface DestinationFacts {
  name: string;
  /** Owned by another account than the source (the rule's Destination.Account says so). */
  crossAccount?: boolean;
  exists: Observed<boolean>;
  versioning: Observed<string | undefined>;
  objectLock: Observed<boolean>;
  requesterPays: Observed<boolean>;
}

const KMS_ALGORITHMS = new Set(['aws:kms', 'aws:kms:dsse']);

/** Bucket-level requirement: replication needs versioning on the source. */
export function checkSourceBucket(source: SourceFacts, overrides: SeverityOverrides = {}): Finding[] {
  if (!source.versioning.ok) {
    return [
      problemFinding(
        source.versioning.problem,
        { sourceBucket: source.name, check: 'source versioning' },
        overrides,
      ),
    ];
  }
  if (source.versioning.value === 'Enabled') return [];
  const state = source.versioning.value ?? 'never enabled';
  return [
    {
      code: 'SOURCE_VERSIONING_NOT_ENABLED',
      severity: severityOf('SOURCE_VERSIONING_NOT_ENABLED', overrides),
      sourceBucket: source.name,
      message: `Versioning on source bucket ${source.name} is ${state}; S3 replicates nothing without it.`,
      remediation: `aws s3api put-bucket-versioning --bucket ${source.name} --versioning-configuration Status=Enabled`,
      evidence: { versioning: source.versioning.value ?? null },
    },
  ];
}

/** The configuration checks of one rule against its source and destination. */
export function checkRuleConfiguration(
  source: SourceFacts,
  rule: ReplicationRule,
  destination: DestinationFacts,
  overrides: SeverityOverrides = {},
): Finding[] {
  const where = { sourceBucket: source.name, ruleId: rule.id, destinationBucket: destination.name };
  const finding = (
    code: FindingCode,
    message: string,
    remediation: string,
    evidence: Record<string, unknown>,
  ): Finding => ({
    code,
    severity: severityOf(code, overrides),
    ...where,
    message,
    remediation,
    evidence,
  });
  const unreadable = (fact: Observed<unknown>, check: string) =>
    fact.ok ? [] : [problemFinding(fact.problem, { ...where, check }, overrides)];

  if (!rule.enabled) {
    return [
      finding(
        'RULE_DISABLED',
        `Rule ${rule.id} (${source.name} -> ${destination.name}) is disabled: objects in its scope are not replicated.`,
        'If replication to this destination is still wanted, set the rule’s Status to Enabled (aws s3api put-bucket-replication); otherwise delete the rule.',
        { status: 'Disabled' },
      ),
    ];
  }
  const findings: Finding[] = [];
  if (!rule.metricsEnabled) {
    findings.push(
      finding(
        'REPLICATION_METRICS_DISABLED',
        `Rule ${rule.id} has no replication metrics, so S3 sends no failure events and publishes no metrics for it: failures are silent.`,
        `Add "Metrics": {"Status": "Enabled", "EventThreshold": {"Minutes": 15}} to the rule’s Destination (aws s3api get-bucket-replication --bucket ${source.name}, edit, put-bucket-replication). Metrics are billed as CloudWatch custom metrics; S3 RTC is not required.`,
        { metrics: 'Disabled' },
      ),
    );
  }
  const kmsDefault = source.encryption.ok && KMS_ALGORITHMS.has(source.encryption.value.algorithm);
  if ((kmsDefault || source.kmsObjectsSeen) && !rule.kmsObjectsOptIn) {
    findings.push(
      finding(
        'KMS_OBJECTS_NOT_REPLICATED',
        `${kmsDefault ? `Source bucket ${source.name} encrypts new objects with SSE-KMS by default` : `Sampled objects in ${source.name} are SSE-KMS encrypted`}, but rule ${rule.id} does not opt in: those objects are silently not replicated.`,
        `Add "SourceSelectionCriteria": {"SseKmsEncryptedObjects": {"Status": "Enabled"}} to rule ${rule.id} and set Destination.EncryptionConfiguration.ReplicaKmsKeyID to a symmetric KMS key in the destination Region; grant the replication role kms:Decrypt on the source key and kms:Encrypt/kms:GenerateDataKey on the replica key.`,
        {
          defaultEncryption: source.encryption.ok ? source.encryption.value : null,
          kmsObjectsSeen: source.kmsObjectsSeen,
        },
      ),
    );
  }
  if (rule.kmsObjectsOptIn && rule.replicaKmsKeyId === undefined) {
    findings.push(
      finding(
        'REPLICA_KMS_KEY_NOT_SET',
        `Rule ${rule.id} replicates SSE-KMS objects but names no ReplicaKmsKeyID, so S3 cannot encrypt the replicas in ${destination.name}.`,
        `Set Destination.EncryptionConfiguration.ReplicaKmsKeyID of rule ${rule.id} to the ARN of a symmetric customer managed key in the destination Region, and grant the replication role kms:Encrypt and kms:GenerateDataKey on it.`,
        {},
      ),
    );
  }
  if (!source.encryption.ok) findings.push(...unreadable(source.encryption, 'default encryption'));
  findings.push(...checkDestination(source, rule, destination, finding, unreadable));
  return findings;
}

type Make = (
  code: FindingCode,
  message: string,
  remediation: string,
  evidence: Record<string, unknown>,
) => Finding;

function checkDestination(
  source: SourceFacts,
  rule: ReplicationRule,
  destination: DestinationFacts,
  finding: Make,
  unreadable: (fact: Observed<unknown>, check: string) => Finding[],
): Finding[] {
  if (!destination.exists.ok) return unreadable(destination.exists, 'the destination bucket');
  if (!destination.exists.value) {
    return [
      finding(
        'DESTINATION_BUCKET_NOT_FOUND',
        `Destination bucket ${destination.name} of rule ${rule.id} does not exist: nothing in the rule’s scope can replicate.`,
        `Create ${destination.name} (versioning enabled, in the intended Region and account) or point rule ${rule.id} at an existing bucket: aws s3api get-bucket-replication --bucket ${source.name}, edit Destination.Bucket, put-bucket-replication.`,
        { destinationBucketArn: rule.destination.bucketArn },
      ),
    ];
  }
  const findings: Finding[] = [];
  if (!destination.versioning.ok)
    findings.push(...unreadable(destination.versioning, 'destination versioning'));
  else if (destination.versioning.value !== 'Enabled') {
    findings.push(
      finding(
        'DESTINATION_VERSIONING_NOT_ENABLED',
        `Versioning on destination bucket ${destination.name} is ${destination.versioning.value ?? 'never enabled'}: replication to it fails (FAILED status, DstBucketUnversioned).`,
        `aws s3api put-bucket-versioning --bucket ${destination.name} --versioning-configuration Status=Enabled (run with the destination account's credentials), then re-replicate FAILED objects with S3 Batch Replication.`,
        { versioning: destination.versioning.value ?? null },
      ),
    );
  }
  if (!source.objectLock.ok) findings.push(...unreadable(source.objectLock, 'source Object Lock'));
  else if (source.objectLock.value) {
    if (!destination.objectLock.ok)
      findings.push(...unreadable(destination.objectLock, 'destination Object Lock'));
    else if (!destination.objectLock.value) {
      findings.push(
        finding(
          'OBJECT_LOCK_MISMATCH',
          `Source bucket ${source.name} has Object Lock but destination ${destination.name} does not: replication fails (DstBucketObjectLockConfigMissing).`,
          `Enable Object Lock on ${destination.name} (aws s3api put-object-lock-configuration --bucket ${destination.name} --object-lock-configuration ObjectLockEnabled=Enabled; versioning must be enabled) or replicate to a bucket created with Object Lock.`,
          { sourceObjectLock: true, destinationObjectLock: false },
        ),
      );
    }
  }
  if (!destination.requesterPays.ok)
    findings.push(...unreadable(destination.requesterPays, 'destination Requester Pays'));
  else if (destination.requesterPays.value) {
    // AWS states it among the cross-account requirements (RREQ, RTRB); for a destination of the
    // same account it is not documented, so certainty (and severity) follow the account.
    const certain = destination.crossAccount === true;
    const requesterPays = finding(
      'DESTINATION_REQUESTER_PAYS',
      certain
        ? `Destination bucket ${destination.name} is Requester Pays, which AWS does not support for a destination of another account.`
        : `Destination bucket ${destination.name} is Requester Pays. AWS documents that a destination of another account cannot be Requester Pays; whether one in the same account breaks replication is not documented, so this is not confirmed.`,
      `aws s3api put-bucket-request-payment --bucket ${destination.name} --request-payment-configuration Payer=BucketOwner`,
      { payer: 'Requester', certain },
    );
    if (!certain && requesterPays.severity === 'critical') requesterPays.severity = 'warning';
    findings.push(requesterPays);
  }
  return findings;
}
