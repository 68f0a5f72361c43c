import type { SNSEvent } from 'aws-lambda';

/** SNS → Lambda delivers the `default` body as Sns.Message (the message has no `lambda` key). */
export function snsEvent(...messages: string[]): SNSEvent {
  return {
    Records: messages.map((message, index) => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:us-east-1:111122223333:s3-replication-monitor-dev-alerts:5f7c1e2a',
      Sns: {
        Type: 'Notification',
        MessageId: `00000000-0000-4000-8000-00000000000${index}`,
        TopicArn: 'arn:aws:sns:us-east-1:111122223333:s3-replication-monitor-dev-alerts',
        Subject: 'subject',
        Message: message,
        Timestamp: '2026-11-22T12:00:01.000Z',
        SignatureVersion: '1',
        Signature: 'EXAMPLE',
        SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0000.pem',
        UnsubscribeUrl: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe',
        MessageAttributes: {},
      },
    })),
  };
}
