import type { IncomingMessage, Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { AUDIT_TABLE_KEY_SCHEMA } from '../../shared/aws/dynamodb-audit-state-store.js';

interface DynaliteOptions {
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}

// dynalite ships CommonJS without type declarations: require it through a typed signature
// instead of adding an ambient module declaration for one test helper.
const dynalite = createRequire(import.meta.url)('dynalite') as (options: DynaliteOptions) => Server;

export interface DynaliteTable {
  endpoint: string;
  tableName: string;
  /** A DocumentClient on the table's endpoint, as the adapters receive in Lambda. */
  client: DynamoDBDocumentClient;
  /** Deletes every item: suites sharing one table start each test from an empty one. */
  clear(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts an in-memory dynalite (real DynamoDB semantics: condition expressions, validation) on a
 * free port and creates the audit table with the production key schema. `onRequest` sees every
 * request made after the table exists (the benchmarks count them).
 */
export async function startDynaliteTable(
  tableName = 'audit-state',
  options: { onRequest?: (request: IncomingMessage) => void } = {},
): Promise<DynaliteTable> {
  // Zero delays: tables are ACTIVE at once instead of CREATING for 500 ms.
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const base = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
  });
  await base.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      ...AUDIT_TABLE_KEY_SCHEMA,
    }),
  );
  const client = DynamoDBDocumentClient.from(base);
  if (options.onRequest !== undefined) server.on('request', options.onRequest);
  return {
    endpoint,
    tableName,
    client,
    async clear() {
      const { Items = [] } = await client.send(new ScanCommand({ TableName: tableName }));
      for (const item of Items)
        await client.send(new DeleteCommand({ TableName: tableName, Key: { pk: item.pk, sk: item.sk } }));
    },
    async close() {
      client.destroy();
      // Keep-alive sockets would otherwise hold close() open until they time out.
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
