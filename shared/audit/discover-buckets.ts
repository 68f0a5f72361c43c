import type { Observed } from '../model/observed.js';
import { selectedBy } from '../model/patterns.js';
import type { S3BucketReader } from './bucket-reader.js';

/**
 * The account's buckets whose names pass the discovery filters (`AUDIT_INCLUDE` /
 * `AUDIT_EXCLUDE`). Callers skip those without a replication configuration as they read them:
 * reading it is the only way to know.
 */
export async function discoverBuckets(
  reader: Pick<S3BucketReader, 'listBuckets'>,
  filters: { include: readonly string[]; exclude: readonly string[] },
): Promise<Observed<string[]>> {
  const listed = await reader.listBuckets();
  if (!listed.ok) return listed;
  return {
    ok: true,
    value: listed.value.filter((name) => selectedBy(name, filters.include, filters.exclude)),
  };
}
