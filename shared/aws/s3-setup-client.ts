import {
  GetBucketNotificationConfigurationCommand,
  type NotificationConfiguration,
  PutBucketNotificationConfigurationCommand,
  PutBucketReplicationCommand,
  type ReplicationConfiguration,
  type S3Client,
} from '@aws-sdk/client-s3';
import { observed, unobserved } from '../model/observed.js';
import type { NotificationConfigurationInput } from '../setup/notification-configuration.js';
import type { BucketSetupClient } from '../setup/set-up-buckets.js';
import { readProblemOf } from './aws-errors.js';

/**
 * Reads and replaces a bucket's notification and replication configurations, for the CLI's
 * `setup` (run with the operator's credentials, never by the deployed stack). IAM, on
 * `arn:aws:s3:::BUCKET`: s3:GetBucketNotification, s3:PutBucketNotification,
 * s3:PutReplicationConfiguration; and iam:PassRole on the replication configuration's `Role`,
 * which PutBucketReplication hands to S3. Reading the bucket's Region and replication
 * configuration (s3:GetBucketLocation, s3:GetReplicationConfiguration, and s3:ListAllMyBuckets for
 * discovery) goes through `createS3BucketReader`.
 *
 * S3 checks a notification's destination when it is written: the queue's policy must let
 * s3.amazonaws.com `sqs:SendMessage` for this bucket, or the write fails with "Unable to validate
 * the following destination configurations". Destination validation is never skipped here.
 */
export function createS3SetupClient(clientFor: (region: string) => S3Client): BucketSetupClient {
  const arn = (bucket: string) => `arn:aws:s3:::${bucket}`;
  return {
    async notificationConfiguration(bucket, region) {
      try {
        const output = await clientFor(region).send(
          new GetBucketNotificationConfigurationCommand({ Bucket: bucket }),
        );
        // Everything but the SDK's own metadata is the document, including members added later.
        const document = Object.fromEntries(Object.entries(output).filter(([name]) => name !== '$metadata'));
        return observed(document as NotificationConfigurationInput);
      } catch (error) {
        return unobserved(readProblemOf(error, 's3:GetBucketNotification', arn(bucket)));
      }
    },
    async putNotificationConfiguration(bucket, region, document) {
      try {
        await clientFor(region).send(
          new PutBucketNotificationConfigurationCommand({
            Bucket: bucket,
            NotificationConfiguration: document as NotificationConfiguration,
          }),
        );
        return observed(undefined);
      } catch (error) {
        return unobserved(readProblemOf(error, 's3:PutBucketNotification', arn(bucket)));
      }
    },
    async putReplication(bucket, region, document) {
      try {
        await clientFor(region).send(
          new PutBucketReplicationCommand({
            Bucket: bucket,
            ReplicationConfiguration: document as ReplicationConfiguration,
          }),
        );
        return observed(undefined);
      } catch (error) {
        return unobserved(readProblemOf(error, 's3:PutReplicationConfiguration', arn(bucket)));
      }
    },
  };
}
