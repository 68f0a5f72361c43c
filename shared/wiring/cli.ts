import { S3Client } from '@aws-sdk/client-s3';
import { assertCredentials } from '../aws/aws-credentials.js';
import { createS3BucketReader } from '../aws/s3-bucket-reader.js';
import { createS3SetupClient } from '../aws/s3-setup-client.js';
import type { MonitorConfig } from '../config/config.js';
import type { SetupDependencies } from '../setup/set-up-buckets.js';
import type { ClientPool } from './clients.js';

/** The S3 client of a Region, built as wiring/audit.ts builds it (the pool keeps one per Region). */
const s3In = (clients: ClientPool) => (region: string) =>
  clients.get('s3', region, (settings) => new S3Client({ ...settings, followRegionRedirects: true }));

/** `setup`'s reader and writer over a client pool: real AWS, or a world's simulator. */
export function createSetupDependencies(input: {
  config: MonitorConfig;
  clients: ClientPool;
}): Omit<SetupDependencies, 'onBucket'> {
  const s3 = s3In(input.clients);
  const { buckets, include, exclude, bucketConcurrency } = input.config.audit;
  return {
    bucketReader: createS3BucketReader(s3),
    setupClient: createS3SetupClient(s3),
    settings: { buckets, include, exclude, bucketConcurrency },
  };
}

/** Fails with exit status 2 when the default credential chain yields nothing (real AWS only). */
export async function assertAwsCredentials(clients: ClientPool, region: string): Promise<void> {
  await assertCredentials(s3In(clients)(region));
}
