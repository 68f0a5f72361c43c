import { startDynaliteTable } from '../test/helpers/dynalite.js';

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
  // The operation is named by X-Amz-Target, e.g. DynamoDB_20120810.GetItem.
  const table = await startDynaliteTable(tableName, {
    onRequest: (request) =>
      count(
        `DynamoDB.${String(request.headers['x-amz-target'] ?? '')
          .split('.')
          .pop()}`,
      ),
  });
  return { endpoint: table.endpoint, tableName: table.tableName, close: () => table.close() };
}
