import { type Observed, observed, type ReadProblem, unobserved } from '../model/observed.js';
import { normaliseRules, type ReplicationRule } from '../model/replication-rules.js';
import type { S3BucketReader } from './bucket-reader.js';
import type { DefaultEncryption, DestinationFacts, SourceFacts } from './config-checks.js';

export interface DestinationState extends DestinationFacts {
  /** Known when the bucket exists and its location could be read. */
  region?: string;
  /** Default encryption: a Bucket Key there changes the encryption context of replicas. */
  encryption?: Observed<DefaultEncryption>;
  /**
   * Object Ownership, read only when a rule changes replica ownership (AccessControlTranslation):
   * with BucketOwnerEnforced the destination owns replicas without the owner-override permission.
   */
  ownership?: Observed<string | undefined>;
}

export interface ReplicatedBucket {
  source: SourceFacts;
  roleArn?: string;
  rules: ReplicationRule[];
  /** One entry per distinct destination bucket, read once however many rules point at it. */
  destinations: Map<string, DestinationState>;
}

export type BucketRead =
  | { kind: 'replicated'; bucket: ReplicatedBucket }
  | { kind: 'not-found' }
  | { kind: 'no-replication'; region: string }
  | { kind: 'unreadable'; problem: ReadProblem };

/** Reads everything the configuration checks need about one source bucket and its destinations. */
export async function readBucketFacts(reader: S3BucketReader, name: string): Promise<BucketRead> {
  const region = await reader.region(name);
  if (!region.ok) return { kind: 'unreadable', problem: region.problem };
  if (region.value === undefined) return { kind: 'not-found' };
  const replication = await reader.replication(name, region.value);
  if (!replication.ok) return { kind: 'unreadable', problem: replication.problem };
  if (replication.value === undefined || (replication.value.Rules ?? []).length === 0) {
    return { kind: 'no-replication', region: region.value };
  }
  const [versioning, objectLock, encryption] = await Promise.all([
    reader.versioning(name, region.value),
    reader.objectLock(name, region.value),
    reader.encryption(name, region.value),
  ]);
  const rules = normaliseRules(replication.value);
  const names = [...new Set(rules.map((rule) => rule.destination.bucket))];
  const overridden = (destination: string) =>
    rules.some((rule) => rule.enabled && rule.ownershipOverride && rule.destination.bucket === destination);
  const destinations = new Map(
    await Promise.all(
      names.map(
        async (destination) =>
          [destination, await readDestination(reader, destination, overridden(destination))] as const,
      ),
    ),
  );
  const bucket: ReplicatedBucket = {
    source: { name, region: region.value, versioning, objectLock, encryption, kmsObjectsSeen: false },
    rules,
    destinations,
  };
  if (replication.value.Role !== undefined) bucket.roleArn = replication.value.Role;
  return { kind: 'replicated', bucket };
}

async function readDestination(
  reader: S3BucketReader,
  name: string,
  withOwnership: boolean,
): Promise<DestinationState> {
  const region = await reader.region(name);
  if (!region.ok || region.value === undefined) {
    const exists: Observed<boolean> = region.ok ? observed(false) : unobserved(region.problem);
    // Nothing more can be read of a bucket that is missing or unreadable; the checks stop at `exists`.
    const skipped = unobserved<never>({
      kind: 'error',
      action: 's3:GetBucketLocation',
      resource: `arn:aws:s3:::${name}`,
      detail: 'not read: the bucket is missing or unreadable',
    });
    return { name, exists, versioning: skipped, objectLock: skipped, requesterPays: skipped };
  }
  const [versioning, objectLock, requesterPays, encryption, ownership] = await Promise.all([
    reader.versioning(name, region.value),
    reader.objectLock(name, region.value),
    reader.requesterPays(name, region.value),
    reader.encryption(name, region.value),
    withOwnership ? reader.ownership(name, region.value) : undefined,
  ]);
  return {
    name,
    region: region.value,
    exists: observed(true),
    versioning,
    objectLock,
    requesterPays,
    encryption,
    ...(ownership === undefined ? {} : { ownership }),
  };
}
