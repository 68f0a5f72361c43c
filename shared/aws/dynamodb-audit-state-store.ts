import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  type AuditStateStore,
  type BucketSamplingState,
  mergeBucketStates,
  type RecheckEntry,
} from '../audit/sampling/audit-state.js';
import { type Clock, systemClock } from '../model/clock.js';
import { tableArnOf, tableCall } from './aws-errors.js';

/**
 * The audit table's keys. One table holds the audit's state and (later) incidents, told apart by
 * key prefixes: `pk = "bucket#<name>"`, `sk = "sampling"` here. serverless.yml and the tests
 * create the table from this, so they cannot drift from the code.
 */
export const AUDIT_TABLE_KEY_SCHEMA: Required<
  Pick<CreateTableCommandInput, 'AttributeDefinitions' | 'KeySchema'>
> = {
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'S' },
  ],
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
};

/** The table's TTL attribute (epoch seconds): state of a bucket no longer audited expires. */
export const AUDIT_TABLE_TTL_ATTRIBUTE = 'expiresAt';

export interface DynamoDbAuditStateStoreOptions {
  tableName: string;
  /** Named in MONITOR_* findings when a call fails; default: the table in any Region and account. */
  tableArn?: string;
  clock?: Clock;
  /** Days after the last save before DynamoDB may delete the item; default 30. */
  ttlDays?: number;
}

const samplingKey = (bucket: string) => ({ pk: `bucket#${bucket}`, sk: 'sampling' });

/**
 * Keeps each bucket's sampling state in one item, written with optimistic concurrency: every save
 * increments `revision` on the condition that the item still has the revision this store loaded.
 * When another audit saved in between (ConditionalCheckFailed), the store reloads, merges with
 * `mergeBucketStates` (furthest cursor, united re-check lists) and retries once. If that conflicts
 * too, a third writer is progressing and its newer state is kept: this run's findings are already
 * reported, and objects it flagged are met again by the next sweep.
 *
 * A failed call throws a StoreCallError naming the action and the table, which the audit reports
 * as MONITOR_* and gets past.
 *
 * IAM: `dynamodb:GetItem`, `dynamodb:PutItem` on the table ARN.
 */
export function createDynamoDbAuditStateStore(
  client: DynamoDBDocumentClient,
  options: DynamoDbAuditStateStoreOptions,
): AuditStateStore {
  if (!options.tableName) throw new TypeError('tableName must be a non-empty string');
  const clock = options.clock ?? systemClock;
  const ttlSeconds = (options.ttlDays ?? 30) * 86_400;
  const tableArn = options.tableArn ?? tableArnOf('*', options.tableName);
  // The revision each bucket had when this store last read or wrote it.
  const revisions = new Map<string, number>();

  async function load(bucket: string): Promise<BucketSamplingState | undefined> {
    const { Item } = await tableCall('dynamodb:GetItem', tableArn, () =>
      client.send(
        new GetCommand({ TableName: options.tableName, Key: samplingKey(bucket), ConsistentRead: true }),
      ),
    );
    revisions.set(bucket, typeof Item?.revision === 'number' ? Item.revision : 0);
    return Item === undefined ? undefined : stateFromItem(Item);
  }

  async function put(bucket: string, state: BucketSamplingState): Promise<void> {
    const expected = revisions.get(bucket) ?? 0;
    await tableCall('dynamodb:PutItem', tableArn, () =>
      client.send(
        new PutCommand({
          TableName: options.tableName,
          Item: {
            ...samplingKey(bucket),
            ...itemFromState(state),
            revision: expected + 1,
            [AUDIT_TABLE_TTL_ATTRIBUTE]: Math.floor(clock.now().getTime() / 1000) + ttlSeconds,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #revision = :expected',
          ExpressionAttributeNames: { '#revision': 'revision' },
          ExpressionAttributeValues: { ':expected': expected },
        }),
      ),
    );
    revisions.set(bucket, expected + 1);
  }

  return {
    loadBucketState: load,
    async saveBucketState(bucket, state) {
      try {
        return await put(bucket, state);
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      const stored = await load(bucket);
      try {
        await put(bucket, stored === undefined ? state : mergeBucketStates(stored, state));
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },
  };
}

const isConditionFailure = (error: unknown) =>
  (error as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException';

// DocumentClient rejects `undefined` attribute values unless configured to drop them, and the
// client is injected: so the item is built without them.
function itemFromState(state: BucketSamplingState): Record<string, unknown> {
  return {
    ...(state.cursor === undefined ? {} : { cursor: { afterKey: state.cursor.afterKey } }),
    recheck: state.recheck.map((entry) => ({
      key: entry.key,
      ...(entry.versionId === undefined ? {} : { versionId: entry.versionId }),
      firstFlaggedAt: entry.firstFlaggedAt,
      status: entry.status,
    })),
    passes: state.passes,
    updatedAt: state.updatedAt,
  };
}

/** Reads an item this store wrote; anything else in the shape is a bug worth failing loudly on. */
function stateFromItem(item: Record<string, unknown>): BucketSamplingState {
  const { cursor, recheck, passes, updatedAt } = item as Partial<BucketSamplingState>;
  if (!Array.isArray(recheck) || typeof passes !== 'number' || typeof updatedAt !== 'string') {
    throw new TypeError(`Audit state item ${String(item.pk)} is malformed`);
  }
  const state: BucketSamplingState = { recheck: recheck.map(entryFromItem), passes, updatedAt };
  if (typeof cursor?.afterKey === 'string') state.cursor = { afterKey: cursor.afterKey };
  return state;
}

function entryFromItem(entry: RecheckEntry): RecheckEntry {
  const copy: RecheckEntry = { key: entry.key, firstFlaggedAt: entry.firstFlaggedAt, status: entry.status };
  if (entry.versionId !== undefined) copy.versionId = entry.versionId;
  return copy;
}
