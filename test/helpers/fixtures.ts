import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** A fresh copy of a fixture on every call: tests change one field and never share mutations. */
export function loadFixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(`${FIXTURES}${name}`, 'utf8')) as T;
}

export interface S3Record {
  eventVersion: string;
  eventName: string;
  eventTime: string;
  awsRegion: string;
  s3: {
    bucket: { name: string; arn: string };
    object: { key: string; versionId?: string; size?: number; sequencer?: string };
  };
  replicationEventData: Record<string, string>;
  [other: string]: unknown;
}

/** The AWS-documented OperationFailedReplication record, fresh. */
export function documentedRecord(): S3Record {
  const event = loadFixture<{ Records: S3Record[] }>('events/operation-failed-replication.aws-doc.json');
  return event.Records[0] as S3Record;
}

export function sqsEvent(bodies: readonly unknown[]): { Records: Record<string, unknown>[] } {
  return {
    Records: bodies.map((body, index) => ({
      messageId: `message-${index}`,
      receiptHandle: 'AQEBEXAMPLE',
      body: typeof body === 'string' ? body : JSON.stringify(body),
      attributes: {},
      messageAttributes: {},
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:111122223333:replication-events',
      awsRegion: 'us-east-1',
    })),
  };
}
