import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { IncidentPublisher } from '../incidents/incident-delivery.js';
import type { IncidentNotification } from '../render/sns-message.js';

/**
 * Publishes incident notices and digests to the alert topic: per-protocol bodies
 * (MessageStructure json: `default`, `email`, `https`) and String message attributes
 * (`severity`, `transition`, `code`, `sourceBucket`, `type`) that subscription filter policies
 * match, such as the e-mail subscription's minimum severity.
 *
 * IAM: `sns:Publish` on the topic ARN; with a KMS-encrypted topic also `kms:GenerateDataKey*` and
 * `kms:Decrypt` on the topic's key.
 */
export function createSnsIncidentPublisher(client: SNSClient, topicArn: string): IncidentPublisher {
  return {
    async publish(notification: IncidentNotification): Promise<void> {
      await client.send(
        new PublishCommand({
          TopicArn: topicArn,
          Subject: notification.subject,
          MessageStructure: notification.messageStructure,
          Message: JSON.stringify(notification.message),
          MessageAttributes: notification.messageAttributes,
        }),
      );
    },
  };
}
