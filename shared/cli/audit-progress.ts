import type { AuditDependencies } from '../audit/audit-dependencies.js';

/**
 * Wraps the audit's readers so a person watching a terminal sees each bucket as it is read and
 * finished. It only observes calls: the audit's results are the same with or without it. A
 * bucket is finished when its sampling state is saved, the audit's last step for a bucket
 * before the metrics pass, which covers every bucket at once.
 */
export function withAuditProgress(
  dependencies: AuditDependencies,
  report: (line: string) => void,
): AuditDependencies {
  const { bucketReader, objectReader, stateStore, metricsReader } = dependencies;
  const examined = new Map<string, number>();
  let metricsAnnounced = false;
  return {
    ...dependencies,
    bucketReader: {
      ...bucketReader,
      listBuckets: async () => {
        report('Listing the account’s buckets…');
        const listed = await bucketReader.listBuckets();
        if (listed.ok) report(`${listed.value.length} bucket(s); reading their replication configurations…`);
        return listed;
      },
      // Called for source buckets only: destinations need no replication configuration.
      replication: async (bucket, region) => {
        const read = await bucketReader.replication(bucket, region);
        const rules = read.ok ? (read.value?.Rules?.length ?? 0) : 0;
        if (!read.ok) report(`  ${bucket}: replication configuration unreadable (${read.problem.detail})`);
        else if (rules > 0)
          report(`  ${bucket} (${region}): ${rules} rule(s); checking and sampling objects…`);
        return read;
      },
    },
    objectReader: {
      ...objectReader,
      head: (input) => {
        examined.set(input.bucket, (examined.get(input.bucket) ?? 0) + 1);
        return objectReader.head(input);
      },
    },
    stateStore: {
      loadBucketState: (bucket) => stateStore.loadBucketState(bucket),
      saveBucketState: async (bucket, state) => {
        await stateStore.saveBucketState(bucket, state);
        report(`  ${bucket}: done, ${examined.get(bucket) ?? 0} object(s) examined`);
      },
    },
    metricsReader: {
      read: (plan) => {
        if (!metricsAnnounced) report('Reading replication metrics from CloudWatch…');
        metricsAnnounced = true;
        return metricsReader.read(plan);
      },
    },
  };
}
