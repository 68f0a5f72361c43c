import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AUDIT_TABLE_KEY_SCHEMA } from '../shared/aws/dynamodb-audit-state-store.js';

// dynalite ships CommonJS without type declarations (as in test/helpers/dynalite.ts).
const dynalite = createRequire(import.meta.url)('dynalite') as (options: Record<string, number>) => Server;

export interface CountedTable {
  endpoint: string;
  tableName: string;
  close(): Promise<void>;
}

/**
 * The monitor's state table in dynalite (real DynamoDB semantics, in-process, on a socket): what
 * persists between two audits as the DynamoDB table does between two invocations. Every request
 * after the table exists is counted as `DynamoDB.<Operation>`.
 */
export async function startCountedTable(
  tableName: string,
  count: (operation: string) => void,
): Promise<CountedTable> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      ...AUDIT_TABLE_KEY_SCHEMA,
    }),
  );
  client.destroy();
  // The operation is named by X-Amz-Target, e.g. DynamoDB_20120810.GetItem.
  server.on('request', (request) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    count(`DynamoDB.${target.split('.').pop()}`);
  });
  return {
    endpoint,
    tableName,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
