/** The simulator's own request and response: what both adapters (in-process, node:http) translate to and from. */

export interface SimRequest {
  method: string;
  /** Signing name from the SigV4 credential scope: s3, iam, kms, monitoring, sts, sns, events. */
  service: string;
  region: string;
  hostname: string;
  /** Raw (still percent-encoded) path, without the query string. */
  path: string;
  query: Record<string, string>;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
  /** From the credential scope; `SIMULATED<account>` names the account the caller acts in. */
  accessKeyId: string;
}

export interface SimResponse {
  statusCode: number;
  headers: Record<string, string>;
  body?: string;
  /** Drop the connection without answering (a reset, for reliability tests). */
  reset?: boolean;
  /** Never answer (a timeout, for reliability tests): the client gives up by its own timeout. */
  hang?: boolean;
}

const CREDENTIAL_SCOPE = /Credential=([^/,\s]+)\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/;

/**
 * Service and Region come from the SigV4 credential scope, which both adapters see the same way
 * (a 127.0.0.1 endpoint hides them from the hostname). IAM signs for us-east-1 whatever the client's Region.
 */
export function buildSimRequest(parts: {
  method: string;
  hostname: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
}): SimRequest {
  const scope = CREDENTIAL_SCOPE.exec(parts.headers.authorization ?? '');
  const fromHost = serviceFromHostname(parts.hostname);
  return {
    ...parts,
    service: scope?.[3] ?? fromHost.service,
    region: scope?.[2] ?? fromHost.region,
    accessKeyId: scope?.[1] ?? '',
  };
}

function serviceFromHostname(hostname: string): { service: string; region: string } {
  const labels = hostname.replace(/\.amazonaws\.com$/, '').split('.');
  const s3 = labels.lastIndexOf('s3');
  if (s3 >= 0) return { service: 's3', region: labels[s3 + 1] ?? 'us-east-1' };
  if (labels.length >= 2) return { service: labels[0] ?? 's3', region: labels[1] ?? 'us-east-1' };
  if (labels[0] === 'iam') return { service: 'iam', region: 'us-east-1' };
  return { service: 's3', region: 'us-east-1' };
}

/** Lower-cases header names; the SDK and node:http disagree on case. */
export function normaliseHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return out;
}

/** Reads a request body whatever the SDK gave: string, bytes, or a stream. */
export async function bodyToString(body: unknown): Promise<string> {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array)
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  if (typeof body === 'object' && Symbol.asyncIterator in body) {
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
    }
    return Buffer.concat(chunks).toString('utf8');
  }
  throw new TypeError(`simulator: unsupported request body type ${Object.prototype.toString.call(body)}`);
}

/**
 * The `Date` header of every simulated response: the machine's clock, never the world's `now`.
 * The SDK compares it with its own clock, and an error response more than 5 minutes off counts
 * as clock skew: it is retried (up to every attempt, with back-off) after "correcting" the skew.
 * A real endpoint's clock agrees with ours, so the world's time stays in the bodies only.
 */
export const wireDate = (): string => new Date().toUTCString();
