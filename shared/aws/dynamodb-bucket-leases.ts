import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { BucketLeases } from '../audit/bucket-leases.js';
import type { Clock } from '../model/clock.js';
import { errorName, readProblemOf, tableArnOf } from './aws-errors.js';
import { AUDIT_TABLE_TTL_ATTRIBUTE } from './dynamodb-audit-state-store.js';

export interface DynamoDbBucketLeasesOptions {
  tableName: string;
  tableArn?: string;
  clock: Clock;
  /** This audit's id: the lease's holder. */
  holder: string;
  /** How long a lease lasts unless given back: the invocation's time left. */
  leaseMs: number;
  /** How long giving the leases back may take before they are left to expire; default 1 s. */
  releaseWithinMs?: number;
}

/**
 * The clients the leases use: `acquire` is cut off at the audit's deadline like its reads (a
 * throttled table must not hold the audit past it), `release` is not (it runs after the deadline,
 * in the time kept back, and is bounded by `releaseWithinMs` instead).
 */
export interface BucketLeaseClients {
  acquire: DynamoDBDocumentClient;
  release: DynamoDBDocumentClient;
}

/** `pk = "bucket#<name>"`, `sk = "lease"`, beside the bucket's sampling state and incidents. */
const leaseKey = (bucket: string) => ({ pk: `bucket#${bucket}`, sk: 'lease' });

/**
 * Bucket leases in the state table: a conditional PutItem takes a lease that is free, expired or
 * already this holder's; giving it back writes it expired (the same action, so the audit role
 * needs nothing more). An item left behind expires by TTL a day after its lease.
 *
 * IAM: `dynamodb:PutItem`, `dynamodb:GetItem` (who holds a lease, until when) on the table ARN.
 */
export function createDynamoDbBucketLeases(
  clients: BucketLeaseClients,
  options: DynamoDbBucketLeasesOptions,
): BucketLeases {
  const { tableName, clock, holder } = options;
  if (!tableName) throw new TypeError('tableName must be a non-empty string');
  const tableArn = options.tableArn ?? tableArnOf('*', tableName);
  const mine = new Set<string>();
  const releaseWithinMs = options.releaseWithinMs ?? 1_000;
  const write = (
    client: DynamoDBDocumentClient,
    bucket: string,
    until: number,
    condition: string,
    now: number,
    abortSignal?: AbortSignal,
  ) =>
    client.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...leaseKey(bucket),
          holder,
          until,
          [AUDIT_TABLE_TTL_ATTRIBUTE]: Math.floor(until / 1000) + 86_400,
        },
        ConditionExpression: condition,
        ExpressionAttributeNames: { '#until': 'until', '#holder': 'holder' },
        ExpressionAttributeValues: { ':now': now, ':holder': holder },
      }),
      abortSignal === undefined ? {} : { abortSignal },
    );
  return {
    async acquire(bucket) {
      const now = clock.now().getTime();
      try {
        await write(
          clients.acquire,
          bucket,
          now + options.leaseMs,
          'attribute_not_exists(pk) OR #until <= :now OR #holder = :holder',
          now,
        );
        mine.add(bucket);
        return { kind: 'acquired' };
      } catch (error) {
        if (errorName(error) === 'ConditionalCheckFailedException') {
          // Only to say until when: a failed read of it still means the lease is someone else's.
          const held = await clients.acquire
            .send(new GetCommand({ TableName: tableName, Key: leaseKey(bucket), ConsistentRead: true }))
            .catch(() => undefined);
          const until = held?.Item?.until;
          return { kind: 'held', until: new Date(typeof until === 'number' ? until : now).toISOString() };
        }
        return { kind: 'unavailable', problem: readProblemOf(error, 'dynamodb:PutItem', tableArn) };
      }
    },
    async releaseAll() {
      const now = clock.now().getTime();
      const signal = AbortSignal.timeout(releaseWithinMs);
      const condition = '#holder = :holder AND #until > :now';
      const released = Promise.allSettled(
        [...mine].map((bucket) => write(clients.release, bucket, now, condition, now, signal)),
      );
      mine.clear();
      // The abort cancels the requests; the race bounds the wait even if one ignores it.
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, releaseWithinMs);
      });
      await Promise.race([released, late]).finally(() => clearTimeout(timer));
    },
  };
}
