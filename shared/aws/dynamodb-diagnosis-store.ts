import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { BucketDiagnosis, DiagnosisStore, IdentitySnapshot } from '../diagnosis/diagnosis-store.js';
import { type Clock, systemClock } from '../model/clock.js';
import { tableArnOf, tableCall } from './aws-errors.js';
import { AUDIT_TABLE_TTL_ATTRIBUTE } from './dynamodb-audit-state-store.js';

export interface DynamoDbDiagnosisStoreOptions {
  tableName: string;
  /** Named in MONITOR_* findings when a call fails; default: the table in any Region and account. */
  tableArn?: string;
  clock?: Clock;
  /** Seconds before DynamoDB may delete an item; readers also check freshness themselves. */
  ttlSeconds?: number;
}

/** DynamoDB's item limit is 400 KB; a diagnosis beyond this keeps its first findings only. */
const MAX_DATA_BYTES = 350_000;

/**
 * Caches in the audit table: IAM's answers per role at `pk = "role#<arn>"`, `sk =
 * "identity#<digest>"`, and each bucket's last diagnosis at `pk = "bucket#<name>"`, `sk =
 * "diagnosis"`, which the event path reads to explain a permission failure. The documents are
 * stored as JSON text: they are read whole, never queried by field. Last writer wins: both are
 * caches of facts, and any writer's copy is as good as another's.
 *
 * IAM: `dynamodb:GetItem`, `dynamodb:PutItem` on the table ARN.
 */
export function createDynamoDbDiagnosisStore(
  client: DynamoDBDocumentClient,
  options: DynamoDbDiagnosisStoreOptions,
): DiagnosisStore {
  if (!options.tableName) throw new TypeError('tableName must be a non-empty string');
  const clock = options.clock ?? systemClock;
  const ttlSeconds = options.ttlSeconds ?? 7 * 86_400;
  const TableName = options.tableName;
  const tableArn = options.tableArn ?? tableArnOf('*', TableName);

  async function load<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
    const { Item } = await tableCall('dynamodb:GetItem', tableArn, () =>
      client.send(new GetCommand({ TableName, Key: key })),
    );
    if (typeof Item?.data !== 'string') return undefined;
    return JSON.parse(Item.data) as T;
  }
  async function save(key: { pk: string; sk: string }, data: string): Promise<void> {
    await tableCall('dynamodb:PutItem', tableArn, () =>
      client.send(
        new PutCommand({
          TableName,
          Item: {
            ...key,
            data,
            [AUDIT_TABLE_TTL_ATTRIBUTE]: Math.floor(clock.now().getTime() / 1000) + ttlSeconds,
          },
        }),
      ),
    );
  }
  const identityKey = (roleArn: string, digest: string) => ({
    pk: `role#${roleArn}`,
    sk: `identity#${digest}`,
  });
  const diagnosisKey = (bucket: string) => ({ pk: `bucket#${bucket}`, sk: 'diagnosis' });
  return {
    loadIdentity: (roleArn, digest) => load<IdentitySnapshot>(identityKey(roleArn, digest)),
    saveIdentity: (roleArn, digest, snapshot) => save(identityKey(roleArn, digest), JSON.stringify(snapshot)),
    loadDiagnosis: (bucket) => load<BucketDiagnosis>(diagnosisKey(bucket)),
    saveDiagnosis: (bucket, diagnosis) => save(diagnosisKey(bucket), boundedJson(diagnosis)),
  };
}

function boundedJson(diagnosis: BucketDiagnosis): string {
  let findings = diagnosis.findings;
  let text = JSON.stringify({ ...diagnosis, findings });
  while (Buffer.byteLength(text) > MAX_DATA_BYTES && findings.length > 0) {
    findings = findings.slice(0, Math.floor(findings.length / 2));
    text = JSON.stringify({ ...diagnosis, findings, truncated: true });
  }
  return text;
}
