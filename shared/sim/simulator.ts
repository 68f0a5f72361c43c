import { type HttpHandler, type HttpRequest, HttpResponse } from '@smithy/protocol-http';
import { routeRequest } from './router.js';
import {
  bodyToString,
  buildSimRequest,
  normaliseHeaders,
  type SimRequest,
  type SimResponse,
} from './sim-http.js';
import { type CapturedEvent, type CapturedSnsMessage, createState, type SimWrite } from './state.js';
import type { World } from './world-schema.js';

/** Answers a request instead of the simulator (503 SlowDown, throttling, a reset), or undefined to let it through. */
export type FaultHook = (request: SimRequest) => SimResponse | undefined;

export interface SimulatorOptions {
  /** Injected failures, for reliability tests; applies to both adapters. */
  fault?: FaultHook;
  /** Sees every request before it is answered: counting calls, asserting what the monitor asked. */
  onRequest?: (request: SimRequest) => void;
}

export interface Simulator {
  /** The simulator's own copy of the world: writes change it, the caller's object and the file never. */
  world: World;
  /** A smithy HttpHandler: pass it as `requestHandler` to any AWS SDK v3 client. No sockets. */
  handler: HttpHandler;
  /** Spread into any client constructor. `account` picks which world account the caller acts in. */
  clientConfig(region: string, options?: { account?: string }): SimulatorClientConfig;
  /** Answers one request: what both adapters call. */
  answer(request: SimRequest): Promise<SimResponse>;
  captured: { sns: CapturedSnsMessage[]; events: CapturedEvent[] };
  writes: SimWrite[];
}

export interface SimulatorClientConfig {
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  requestHandler: HttpHandler;
}

export function createSimulator(world: World, options: SimulatorOptions = {}): Simulator {
  const state = createState(structuredClone(world));
  const answer = async (request: SimRequest): Promise<SimResponse> => {
    options.onRequest?.(request);
    return options.fault?.(request) ?? (await routeRequest(state, request));
  };
  const handler = new SimulatorHttpHandler(answer);
  return {
    world: state.world,
    handler,
    answer,
    clientConfig: (region, config = {}) => ({
      region,
      // A static fake: nothing signed here can reach AWS, and the key names the caller's account.
      credentials: {
        accessKeyId: `SIMULATED${config.account ?? state.world.monitor.account}`,
        secretAccessKey: 'simulated',
      },
      requestHandler: handler,
    }),
    captured: state.captured,
    writes: state.writes,
  };
}

/** The in-process adapter: the SDK serialises as for AWS, the router answers, the SDK parses the reply. */
class SimulatorHttpHandler implements HttpHandler {
  constructor(private readonly answer: (request: SimRequest) => Promise<SimResponse>) {}

  async handle(request: HttpRequest): Promise<{ response: HttpResponse }> {
    const query: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.query ?? {})) {
      query[name] = Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
    }
    const simRequest = buildSimRequest({
      method: request.method,
      hostname: request.hostname,
      path: request.path,
      query,
      headers: normaliseHeaders(request.headers),
      body: await bodyToString(request.body),
    });
    const response = await this.answer(simRequest);
    // What @smithy/node-http-handler raises for a reset socket and for a request that timed out.
    if (response.reset) {
      throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET' });
    }
    if (response.hang) {
      throw Object.assign(new Error('the simulator never answered: the request timed out'), {
        name: 'TimeoutError',
        code: 'ETIMEDOUT',
      });
    }
    return {
      response: new HttpResponse({
        statusCode: response.statusCode,
        headers: response.headers,
        body: Buffer.from(response.body ?? '', 'utf8'),
      }),
    };
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }
}
