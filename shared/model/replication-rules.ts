import { bucketNameFromArn } from '../events/replication-event.js';

/**
 * The replication configuration as GetBucketReplication returns it (the SDK's output shape, and
 * the world format's `replication`). Declared here so core stays free of the AWS SDK.
 */
export interface ReplicationConfigurationInput {
  Role?: string;
  Rules?: ReplicationRuleInput[];
}

export interface TagInput {
  Key?: string;
  Value?: string;
}

export interface ReplicationRuleInput {
  ID?: string;
  Status?: string;
  Priority?: number;
  /** V1 rules only: a top-level prefix and no Filter. */
  Prefix?: string;
  Filter?: { Prefix?: string; Tag?: TagInput; And?: { Prefix?: string; Tags?: TagInput[] } };
  DeleteMarkerReplication?: { Status?: string };
  SourceSelectionCriteria?: {
    SseKmsEncryptedObjects?: { Status?: string };
    ReplicaModifications?: { Status?: string };
  };
  Destination?: {
    Bucket?: string;
    Account?: string;
    StorageClass?: string;
    AccessControlTranslation?: { Owner?: string };
    EncryptionConfiguration?: { ReplicaKmsKeyID?: string };
    ReplicationTime?: { Status?: string; Time?: { Minutes?: number } };
    Metrics?: { Status?: string; EventThreshold?: { Minutes?: number } };
  };
}

/** One replication rule, normalised: V1 and V2 rules look alike from here on. */
export interface ReplicationRule {
  id: string;
  enabled: boolean;
  /** 1: top-level Prefix, no Filter; 2: Filter. They differ in delete-marker behaviour. */
  schemaVersion: 1 | 2;
  priority?: number;
  prefix: string;
  tags: { key: string; value: string }[];
  /** V1 rules always replicate delete markers; V2 only with DeleteMarkerReplication Enabled. */
  replicatesDeleteMarkers: boolean;
  /** SourceSelectionCriteria.SseKmsEncryptedObjects Enabled: SSE-KMS objects replicate. */
  kmsObjectsOptIn: boolean;
  replicaKmsKeyId?: string;
  metricsEnabled: boolean;
  replicationTimeControl: boolean;
  /** AccessControlTranslation.Owner = Destination: needs s3:ObjectOwnerOverrideToBucketOwner. */
  ownershipOverride: boolean;
  replicaModifications: boolean;
  destination: { bucket: string; bucketArn: string; account?: string; storageClass?: string };
}

const enabled = (status: { Status?: string } | undefined) => status?.Status === 'Enabled';

/** Normalises every rule of a configuration (never only the first). */
export function normaliseRules(configuration: ReplicationConfigurationInput): ReplicationRule[] {
  return (configuration.Rules ?? []).map(normaliseRule);
}

export function normaliseRule(input: ReplicationRuleInput, index: number): ReplicationRule {
  const schemaVersion = input.Filter === undefined && input.Prefix !== undefined ? 1 : 2;
  const filter = input.Filter;
  const tags = [...(filter?.Tag ? [filter.Tag] : []), ...(filter?.And?.Tags ?? [])].map((tag) => ({
    key: tag.Key ?? '',
    value: tag.Value ?? '',
  }));
  const destination = input.Destination ?? {};
  const bucketArn = destination.Bucket ?? '';
  const rule: ReplicationRule = {
    // S3 assigns an ID when none is given; a missing one can only come from hand-written input.
    id: input.ID ?? `rule-${index + 1}`,
    enabled: input.Status === 'Enabled',
    schemaVersion,
    prefix: (schemaVersion === 1 ? input.Prefix : (filter?.Prefix ?? filter?.And?.Prefix)) ?? '',
    tags,
    replicatesDeleteMarkers: schemaVersion === 1 || enabled(input.DeleteMarkerReplication),
    kmsObjectsOptIn: enabled(input.SourceSelectionCriteria?.SseKmsEncryptedObjects),
    metricsEnabled: enabled(destination.Metrics) || enabled(destination.ReplicationTime),
    replicationTimeControl: enabled(destination.ReplicationTime),
    ownershipOverride: destination.AccessControlTranslation?.Owner === 'Destination',
    replicaModifications: enabled(input.SourceSelectionCriteria?.ReplicaModifications),
    destination: { bucket: bucketNameFromArn(bucketArn) ?? '', bucketArn },
  };
  if (input.Priority !== undefined) rule.priority = input.Priority;
  if (destination.EncryptionConfiguration?.ReplicaKmsKeyID) {
    rule.replicaKmsKeyId = destination.EncryptionConfiguration.ReplicaKmsKeyID;
  }
  if (destination.Account !== undefined) rule.destination.account = destination.Account;
  if (destination.StorageClass !== undefined) rule.destination.storageClass = destination.StorageClass;
  return rule;
}

/** Whether an object is in a rule's scope: its prefix, and every tag of the filter. */
export function ruleCovers(
  rule: ReplicationRule,
  key: string,
  tags?: Readonly<Record<string, string>>,
): boolean {
  if (!key.startsWith(rule.prefix)) return false;
  if (rule.tags.length === 0) return true;
  if (tags === undefined) return false;
  return rule.tags.every((tag) => tags[tag.key] === tag.value);
}
