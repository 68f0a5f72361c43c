import { type Finding, type SeverityOverrides, severityOf } from '../model/findings.js';

/** What DescribeKey says about a key, in the monitor's terms. */
export interface KeyFacts {
  arn: string;
  account: string;
  region: string;
  /** KMS KeyState: Enabled, Disabled, PendingDeletion, PendingImport, Unavailable, … */
  state: string;
  /** `AWS` for AWS managed keys such as aws/s3, `CUSTOMER` otherwise. */
  keyManager: string;
  keySpec: string;
  deletionDate?: string;
}

export interface KeyUse {
  /** The key as the configuration names it (id, alias or ARN). */
  named: string;
  role: 'source' | 'replica';
  /** `undefined`: KMS says there is no such key (in that Region and account). */
  key: KeyFacts | undefined;
  sourceBucket: string;
  ruleId: string;
  destinationBucket: string;
  /** The account of the replication role (the source account). */
  roleAccount: string;
  /**
   * SSE-KMS objects that need the key exist (a source key always: it was found on them or is
   * the default); false for a replica key while the rule replicates no SSE-KMS object yet.
   */
  objectsKnown?: boolean;
}

const NOT_FOUND_STATE = 'NotFound';

/**
 * Whether a key S3 needs for replication can serve: it exists, is Enabled, is symmetric, and (for
 * a replica key) is not an AWS managed key of another account, which no other account may use.
 */
export function checkKeyUsable(use: KeyUse, overrides: SeverityOverrides = {}): Finding | undefined {
  const problem = problemOf(use);
  if (problem === undefined) return undefined;
  const keyArn = use.key?.arn ?? use.named;
  const which = use.role === 'source' ? 'source objects' : 'replicas';
  // Only SSE-KMS objects need the key: before any exists, the failure is a case not seen yet.
  const certain = use.objectsKnown !== false;
  const configured = severityOf('KMS_KEY_UNUSABLE', overrides);
  return {
    code: 'KMS_KEY_UNUSABLE',
    severity: certain || configured !== 'critical' ? configured : 'warning',
    sourceBucket: use.sourceBucket,
    ruleId: use.ruleId,
    destinationBucket: use.destinationBucket,
    kmsKeyArn: keyArn,
    keyState: use.key?.state ?? NOT_FOUND_STATE,
    message: `The KMS key for ${which} of rule ${use.ruleId} (${keyArn}) ${problem.what}, so S3 cannot replicate SSE-KMS objects${certain ? '' : ' once any is uploaded (none seen yet)'}.`,
    remediation: problem.fix,
    evidence: { key: use.key ?? null, named: use.named, role: use.role, certain },
  };
}

function problemOf(use: KeyUse): { what: string; fix: string } | undefined {
  const { key } = use;
  if (key === undefined) {
    return {
      what: 'does not exist',
      fix:
        use.role === 'replica'
          ? `Set Destination.EncryptionConfiguration.ReplicaKmsKeyID of rule ${use.ruleId} to the ARN of an existing symmetric customer managed key in the destination Region.`
          : `Point the source bucket's default encryption at an existing key, or restore the key; objects encrypted with a deleted key cannot be read again.`,
    };
  }
  if (key.state === 'PendingDeletion') {
    return {
      what: `is scheduled for deletion${key.deletionDate === undefined ? '' : ` on ${key.deletionDate}`}`,
      fix: `aws kms cancel-key-deletion --key-id ${key.arn} --region ${key.region} && aws kms enable-key --key-id ${key.arn} --region ${key.region}`,
    };
  }
  if (key.state !== 'Enabled') {
    return {
      what: `is in state ${key.state}`,
      fix:
        key.state === 'Disabled'
          ? `aws kms enable-key --key-id ${key.arn} --region ${key.region}`
          : `Wait until the key is Enabled, or choose a key that is (KMS key state ${key.state}: see the KMS key states documentation).`,
    };
  }
  if (key.keySpec !== 'SYMMETRIC_DEFAULT') {
    return {
      what: `is an asymmetric key (${key.keySpec})`,
      fix: 'S3 supports only symmetric encryption keys: choose a SYMMETRIC_DEFAULT key.',
    };
  }
  if (use.role === 'replica' && key.keyManager === 'AWS' && key.account !== use.roleAccount) {
    return {
      what: `is an AWS managed key of account ${key.account}, which no other account may use`,
      fix: `Create a customer managed key in account ${key.account} (destination Region), grant the replication role kms:Encrypt and kms:GenerateDataKey in its key policy, and set it as ReplicaKmsKeyID of rule ${use.ruleId}.`,
    };
  }
  return undefined;
}
