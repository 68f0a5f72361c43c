import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  bodyToString,
  buildSimRequest,
  normaliseHeaders,
  type SimRequest,
  type SimResponse,
} from './sim-http.js';
import type { FaultHook, Simulator } from './simulator.js';

export interface SimulatorServerOptions {
  /** Added to every request: a round trip to AWS is never free. */
  latencyMs?: number;
  /** Per-request latency, overriding `latencyMs` when it answers a number (e.g. 20 ms for HeadObject). */
  latencyFor?: (request: SimRequest) => number | undefined;
  fault?: FaultHook;
}

export interface SimulatorServer {
  /** `http://127.0.0.1:PORT`: pass as `endpoint` (with `forcePathStyle: true` for S3) or as AWS_ENDPOINT_URL. */
  endpoint: string;
  close(): Promise<void>;
  readonly requestCount: number;
}

/** The node:http adapter: the same router behind a real socket, for benchmarks, bundles and child processes. */
export async function startSimulatorServer(
  simulator: Simulator,
  options: SimulatorServerOptions = {},
): Promise<SimulatorServer> {
  let requestCount = 0;
  const server = createServer((incoming, outgoing) => {
    requestCount += 1;
    serve(simulator, options, incoming, outgoing).catch((error: unknown) => {
      if (!outgoing.headersSent) outgoing.writeHead(500, { 'content-type': 'text/plain' });
      outgoing.end(
        `simulator error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
    get requestCount() {
      return requestCount;
    },
  };
}

async function serve(
  simulator: Simulator,
  options: SimulatorServerOptions,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
): Promise<void> {
  const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
  const headers = normaliseHeaders(incoming.headers);
  const request = buildSimRequest({
    method: incoming.method ?? 'GET',
    hostname: (headers.host ?? '127.0.0.1').replace(/:\d+$/, ''),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers,
    body: await bodyToString(incoming),
  });
  const latency = options.latencyFor?.(request) ?? options.latencyMs ?? 0;
  if (latency > 0) await sleep(latency);
  const response: SimResponse = options.fault?.(request) ?? (await simulator.answer(request));
  if (response.reset) {
    incoming.socket.destroy();
    return;
  }
  // No answer at all: the client's timeout ends the request, or close() the connection.
  if (response.hang) return;
  const body = Buffer.from(response.body ?? '', 'utf8');
  // A HEAD answer keeps the object's content-length although it sends no body.
  const length =
    request.method === 'HEAD' ? (response.headers['content-length'] ?? '0') : String(body.length);
  outgoing.writeHead(response.statusCode, { ...response.headers, 'content-length': length });
  outgoing.end(request.method === 'HEAD' ? undefined : body);
}
