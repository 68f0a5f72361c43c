import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { AlertPublisher } from '../checks/alert-publisher.js';
import type { Notification } from '../core/render/notification.js';

/**
 * Publishes rendered alerts to the alert topic with per-protocol bodies (MessageStructure json:
 * `default` for programs, `email` for people).
 *
 * IAM: `sns:Publish` on the topic ARN; with a KMS-encrypted topic also `kms:GenerateDataKey*` and
 * `kms:Decrypt` on the topic's key.
 */
export function createSnsAlertPublisher(client: SNSClient, topicArn: string): AlertPublisher {
  return {
    async publish(notification: Notification): Promise<void> {
      await client.send(
        new PublishCommand({
          TopicArn: topicArn,
          Subject: notification.subject,
          MessageStructure: notification.messageStructure,
          Message: JSON.stringify(notification.message),
        }),
      );
    },
  };
}
