import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FaultKind } from '../../../shared/sim/faults.js';
import { HTTP_TIMEOUTS } from '../../../shared/wiring/clients.js';
import { quickRetry } from './retry.js';

export interface DynamoDbCall {
  /** `GetItem`, `PutItem`, … from X-Amz-Target. */
  operation: string;
  body: string;
}

/** A fault to inject, or `conflict` (ConditionalCheckFailedException, what a concurrent writer causes). */
export type DynamoDbFault = FaultKind | 'conflict';

const ERRORS: Record<Exclude<DynamoDbFault, 'timeout' | 'reset'>, [number, string]> = {
  throttle: [400, 'ThrottlingException'],
  'server-error': [500, 'InternalServerError'],
  'access-denied': [400, 'AccessDeniedException'],
  conflict: [400, 'ConditionalCheckFailedException'],
};

/**
 * A node:http proxy in front of dynalite: every DynamoDB call goes through `fault`, which may
 * answer instead of DynamoDB in its wire format (JSON 1.0), hang (a timeout) or reset the socket.
 */
export async function startDynamoDbProxy(
  target: string,
  /** May first act (write what a concurrent audit writes) and then let the call through (undefined). */
  fault: (call: DynamoDbCall) => DynamoDbFault | undefined | Promise<DynamoDbFault | undefined>,
) {
  const calls: DynamoDbCall[] = [];
  const server = createServer(async (incoming, outgoing) => {
    const body = await readBody(incoming);
    const operation = String(incoming.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    const call = { operation, body };
    calls.push(call);
    const injected = await fault(call);
    if (injected === 'reset') return incoming.socket.destroy();
    if (injected === 'timeout') return;
    if (injected !== undefined) {
      const [status, code] = ERRORS[injected];
      outgoing.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
      return outgoing.end(
        JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${code}`, message: code }),
      );
    }
    const url = new URL(incoming.url ?? '/', target);
    const forwarded = httpRequest(url, { method: incoming.method, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 500, answer.headers);
      answer.pipe(outgoing);
    });
    forwarded.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
      requestHandler: { ...HTTP_TIMEOUTS, requestTimeout: 300 },
      retryStrategy: quickRetry(),
    }),
  );
  return {
    endpoint,
    calls,
    /** A DocumentClient through the proxy, with the audit function's timeouts (scaled down). */
    client,
    close: () =>
      new Promise<void>((resolve) => {
        client.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(incoming: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
