import type { Observed } from '../model/observed.js';
import type { ReplicationConfigurationInput } from '../model/replication-rules.js';
import type { DefaultEncryption } from './config-checks.js';

/** The port through which the audit (and setup) read bucket settings; shared/aws implements it. */

export interface S3BucketReader {
  listBuckets(): Promise<Observed<string[]>>;
  /** The bucket's Region; `undefined` when the bucket does not exist. */
  region(bucket: string): Promise<Observed<string | undefined>>;
  /** `undefined` when the bucket has no replication configuration. */
  replication(bucket: string, region: string): Promise<Observed<ReplicationConfigurationInput | undefined>>;
  versioning(bucket: string, region: string): Promise<Observed<string | undefined>>;
  objectLock(bucket: string, region: string): Promise<Observed<boolean>>;
  encryption(bucket: string, region: string): Promise<Observed<DefaultEncryption>>;
  requesterPays(bucket: string, region: string): Promise<Observed<boolean>>;
  /** Object Ownership (`BucketOwnerEnforced`, …); `undefined` when the bucket has no ownership controls. */
  ownership(bucket: string, region: string): Promise<Observed<string | undefined>>;
  /** The bucket policy document; `undefined` when the bucket has none. */
  policy(bucket: string, region: string): Promise<Observed<unknown>>;
}
