/**
 * One replicated source bucket of generated objects (the world format's `syntheticObjects`):
 * what the HEAD sampling and listing benchmarks examine.
 */
export const SOURCE_BUCKET = 'bench-source';
export const NOW = '2026-11-22T12:00:00Z';
const ACCOUNT = '111122223333';

export function syntheticWorld(input: { count: number; keyPrefix: string; rulePrefix: string }) {
  return {
    now: NOW,
    monitor: { account: ACCOUNT, region: 'us-east-1' },
    buckets: [
      {
        name: SOURCE_BUCKET,
        region: 'us-east-1',
        account: ACCOUNT,
        versioning: 'Enabled',
        replication: {
          Role: `arn:aws:iam::${ACCOUNT}:role/bench-replication`,
          Rules: [
            {
              ID: 'bench-rule',
              Status: 'Enabled',
              Priority: 1,
              Filter: { Prefix: input.rulePrefix },
              DeleteMarkerReplication: { Status: 'Disabled' },
              Destination: { Bucket: 'arn:aws:s3:::bench-destination' },
            },
          ],
        },
        syntheticObjects: {
          count: input.count,
          keyPrefix: input.keyPrefix,
          statusMix: { COMPLETED: 0.98, PENDING: 0.015, FAILED: 0.005 },
          maxAgeMinutes: 1440,
          seed: 8,
        },
      },
      { name: 'bench-destination', region: 'us-west-2', account: ACCOUNT, versioning: 'Enabled' },
    ],
  };
}
