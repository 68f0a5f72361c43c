import type { KeyReader } from '../../diagnosis/key-reader.js';
import type { S3BucketReader } from '../bucket-reader.js';
import type { MemberReaders } from './member-accounts.js';

/**
 * Every read in the account that owns the resource: a bucket of a reached account (the monitor's
 * own, or a member whose role it assumed) is read with that account's readers, wherever the rule
 * that names it lives; a KMS key too (KMS answers GetKeyPolicy only in the key's own account, so a
 * replica key policy in a vault account is checked instead of "not checked"). A resource of an
 * account the monitor does not reach is read with `current`'s readers, as before.
 */
export interface Reach {
  /** Readers of each reached account. */
  readers: ReadonlyMap<string, MemberReaders>;
  /** The account each bucket of a reached account belongs to (their ListBuckets). */
  owners: ReadonlyMap<string, string>;
}

export function routedReaders(current: MemberReaders, reach: Reach): MemberReaders {
  const forBucket = (bucket: string) => reach.readers.get(reach.owners.get(bucket) ?? '') ?? current;
  const base = current.bucketReader;
  const bucketReader: S3BucketReader = {
    listBuckets: () => base.listBuckets(),
    region: (bucket) => forBucket(bucket).bucketReader.region(bucket),
    replication: (bucket, region) => forBucket(bucket).bucketReader.replication(bucket, region),
    versioning: (bucket, region) => forBucket(bucket).bucketReader.versioning(bucket, region),
    objectLock: (bucket, region) => forBucket(bucket).bucketReader.objectLock(bucket, region),
    encryption: (bucket, region) => forBucket(bucket).bucketReader.encryption(bucket, region),
    requesterPays: (bucket, region) => forBucket(bucket).bucketReader.requesterPays(bucket, region),
    ownership: (bucket, region) => forBucket(bucket).bucketReader.ownership(bucket, region),
    policy: (bucket, region) => forBucket(bucket).bucketReader.policy(bucket, region),
  };
  const diagnosis = current.diagnosis;
  if (diagnosis === undefined) return { ...current, bucketReader };
  const keysOf = (account: string | undefined) =>
    (account === undefined ? undefined : reach.readers.get(account)?.diagnosis?.keys) ?? diagnosis.keys;
  const keys: KeyReader = {
    // A key named by ARN is described in its account; an id or alias is the current account's.
    describe: (keyId, region) =>
      keysOf(keyId.startsWith('arn:') ? keyId.split(':')[4] : undefined).describe(keyId, region),
    policy: (key, monitorAccount) =>
      reach.readers.has(key.account)
        ? keysOf(key.account).policy(key, key.account)
        : diagnosis.keys.policy(key, monitorAccount),
  };
  return { ...current, bucketReader, diagnosis: { ...diagnosis, keys, bucketPolicy: bucketReader.policy } };
}
