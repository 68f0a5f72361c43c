import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DigestState } from '../incidents/digest.js';
import type { Incident } from '../incidents/incident.js';
import type { IncidentStore } from '../incidents/incident-store.js';
import { DEFAULT_INCIDENT_SETTINGS } from '../incidents/settings.js';
import { AUDIT_TABLE_TTL_ATTRIBUTE } from './dynamodb-audit-state-store.js';

export interface DynamoDbIncidentStoreOptions {
  /** The monitor's state table (AUDIT_TABLE_KEY_SCHEMA), shared with the audit's cursors. */
  tableName: string;
  /** Days a resolved incident is kept before DynamoDB's TTL may delete it; default 30. */
  retentionDays?: number;
  /** Query pages read per bucket at most (1 MB each); default 20. */
  maxPages?: number;
}

/**
 * The single-table keys, next to the audit's `bucket#<name>` / `sampling`:
 * - an incident: `pk = "bucket#<sourceBucket>"`, `sk = "incident#<id>"`, so one Query reads a
 *   bucket's incidents;
 * - the registry of buckets with incidents: one item per bucket, `pk = "monitor#incidents"`,
 *   `sk = "bucket#<sourceBucket>"`, read with one paginated Query; no item grows with the number
 *   of buckets (the single `sk = "buckets"` string set of earlier versions passed DynamoDB's 400 KB
 *   item limit at about 6,500 names; it is moved to per-bucket items the first time it is read);
 * - the digest's bookkeeping: `pk = "monitor#digest"`, `sk = "digest"`.
 */
export const incidentKey = (sourceBucket: string, id: string) => ({
  pk: `bucket#${sourceBucket}`,
  sk: `incident#${id}`,
});
const REGISTRY_PK = 'monitor#incidents';
const registryKey = (sourceBucket: string) => ({ pk: REGISTRY_PK, sk: `bucket#${sourceBucket}` });
/** Earlier versions' registry: one string set that only grew. */
const LEGACY_REGISTRY_KEY = { pk: REGISTRY_PK, sk: 'buckets' } as const;
/** A legacy name moved to its own item counts as registered long ago: forgettable at once. */
const LONG_AGO = '1970-01-01T00:00:00.000Z';
const DIGEST_KEY = { pk: 'monitor#digest', sk: 'digest' } as const;

/**
 * Incidents in DynamoDB. Every write is conditional on `revision` (absent for a first write), so
 * of two invocations changing one incident only one succeeds; the other is told (save resolves
 * false), reloads and applies its change again (shared/incidents/incident-transaction.ts). A resolved
 * incident carries `expiresAt` (its resolution plus `retentionDays`) for DynamoDB's TTL, so the
 * table does not grow for ever; an open one never expires.
 *
 * IAM: `dynamodb:Query`, `dynamodb:GetItem`, `dynamodb:PutItem`, `dynamodb:UpdateItem` on the table ARN.
 */
export function createDynamoDbIncidentStore(
  client: DynamoDBDocumentClient,
  options: DynamoDbIncidentStoreOptions,
): IncidentStore {
  const { tableName } = options;
  if (!tableName) throw new TypeError('tableName must be a non-empty string');
  const retentionSeconds = (options.retentionDays ?? DEFAULT_INCIDENT_SETTINGS.retentionDays) * 86_400;
  const maxPages = options.maxPages ?? 20;

  const conditional = async (command: PutCommand): Promise<boolean> => {
    try {
      await client.send(command);
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  };
  const revisionCondition = (revision: number) =>
    revision - 1 === 0
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : {
          ConditionExpression: '#revision = :expected',
          ExpressionAttributeNames: { '#revision': 'revision' },
          ExpressionAttributeValues: { ':expected': revision - 1 },
        };

  /** Each legacy name gets its own item (unless it has one), then the set is emptied. */
  const migrateLegacy = async (legacy: readonly string[]) => {
    for (const bucket of legacy) {
      await conditional(
        new PutCommand({
          TableName: tableName,
          Item: { ...registryKey(bucket), bucket, registeredAt: LONG_AGO },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    }
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: LEGACY_REGISTRY_KEY,
        UpdateExpression: 'REMOVE #buckets',
        ExpressionAttributeNames: { '#buckets': 'buckets' },
      }),
    );
  };

  return {
    async loadBucket(sourceBucket) {
      const incidents: Incident[] = [];
      let start: Record<string, unknown> | undefined;
      for (let page = 0; page < maxPages; page += 1) {
        const output = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :incidents)',
            ExpressionAttributeValues: { ':pk': `bucket#${sourceBucket}`, ':incidents': 'incident#' },
            ConsistentRead: true,
            ...(start === undefined ? {} : { ExclusiveStartKey: start }),
          }),
        );
        incidents.push(...(output.Items ?? []).map(incidentFromItem));
        start = output.LastEvaluatedKey;
        if (start === undefined) return incidents;
      }
      throw new Error(`Incidents of ${sourceBucket} span more than ${maxPages} Query pages`);
    },
    async load(sourceBucket, id) {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: incidentKey(sourceBucket, id), ConsistentRead: true }),
      );
      return Item === undefined ? undefined : incidentFromItem(Item);
    },
    save(incident) {
      const expires =
        incident.resolvedAt === undefined
          ? {}
          : {
              [AUDIT_TABLE_TTL_ATTRIBUTE]:
                Math.floor(Date.parse(incident.resolvedAt) / 1000) + retentionSeconds,
            };
      return conditional(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...incidentKey(incident.sourceBucket, incident.id),
            revision: incident.revision,
            status: incident.status,
            ...expires,
            // JSON drops undefined fields, which the injected DocumentClient would refuse.
            incident: JSON.parse(JSON.stringify(incident)),
          },
          ...revisionCondition(incident.revision),
        }),
      );
    },
    async listBuckets() {
      const buckets = new Set<string>();
      const legacy: string[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const output = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': REGISTRY_PK },
            ConsistentRead: true,
            ...(start === undefined ? {} : { ExclusiveStartKey: start }),
          }),
        );
        for (const item of output.Items ?? []) {
          if (item.sk === LEGACY_REGISTRY_KEY.sk && item.buckets instanceof Set)
            legacy.push(...[...item.buckets].map(String));
          else if (typeof item.bucket === 'string' && item.forgottenAt === undefined)
            buckets.add(item.bucket);
        }
        start = output.LastEvaluatedKey;
      } while (start !== undefined);
      if (legacy.length > 0) await migrateLegacy(legacy);
      for (const bucket of legacy) buckets.add(bucket);
      return [...buckets].sort();
    },
    async rememberBucket(sourceBucket, at) {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...registryKey(sourceBucket), bucket: sourceBucket, registeredAt: at },
        }),
      );
    },
    async forgetBucket(sourceBucket, registeredBefore, at) {
      // Kept as a forgotten marker until TTL deletes it: the functions' roles need no DeleteItem.
      return conditional(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...registryKey(sourceBucket),
            bucket: sourceBucket,
            forgottenAt: at,
            [AUDIT_TABLE_TTL_ATTRIBUTE]: Math.floor(Date.parse(at) / 1000),
          },
          ConditionExpression: 'attribute_exists(pk) AND #registeredAt < :before',
          ExpressionAttributeNames: { '#registeredAt': 'registeredAt' },
          ExpressionAttributeValues: { ':before': registeredBefore },
        }),
      );
    },
    async loadDigest() {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: DIGEST_KEY, ConsistentRead: true }),
      );
      return Item === undefined ? undefined : digestFromItem(Item);
    },
    saveDigest(state) {
      return conditional(
        new PutCommand({
          TableName: tableName,
          Item: { ...DIGEST_KEY, ...JSON.parse(JSON.stringify(state)) },
          ...revisionCondition(state.revision),
        }),
      );
    },
  };
}

/** Reads an item this store wrote; anything else is a bug worth failing loudly on. */
function incidentFromItem(item: Record<string, unknown>): Incident {
  const incident = item.incident as Incident | undefined;
  if (
    typeof incident?.id !== 'string' ||
    typeof item.revision !== 'number' ||
    !Array.isArray(incident.causes)
  )
    throw new TypeError(`Incident item ${String(item.pk)} ${String(item.sk)} is malformed`);
  return { ...incident, revision: item.revision };
}

function digestFromItem(item: Record<string, unknown>): DigestState {
  if (typeof item.revision !== 'number') throw new TypeError('The digest item is malformed');
  const state: DigestState = { revision: item.revision };
  if (typeof item.sentAt === 'string') state.sentAt = item.sentAt;
  const claim = item.claim as DigestState['claim'];
  if (typeof claim?.owner === 'string' && typeof claim.at === 'string')
    state.claim = { owner: claim.owner, at: claim.at };
  return state;
}
