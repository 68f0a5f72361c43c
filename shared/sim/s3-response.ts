import { type SimRequest, type SimResponse, wireDate } from './sim-http.js';
import { callerArn, nextHex, type SimState } from './state.js';
import { escapeXml } from './xml.js';

/** Headers every S3 response carries; SDK errors expose them as `$metadata.requestId` / `extendedRequestId`. */
export function s3Headers(state: SimState, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'x-amz-request-id': nextHex(state, 16).toUpperCase(),
    'x-amz-id-2': Buffer.from(nextHex(state, 48), 'hex').toString('base64'),
    server: 'AmazonS3',
    date: wireDate(),
    ...extra,
  };
}

export function s3Xml(state: SimState, body: string, headers: Record<string, string> = {}): SimResponse {
  return {
    statusCode: 200,
    headers: s3Headers(state, { 'content-type': 'application/xml', ...headers }),
    body,
  };
}

/**
 * An S3 error. HEAD responses carry no body, so the SDK can only name those errors from the
 * status code (`NotFound`, `Forbidden`), exactly as with real S3.
 */
export function s3Error(
  state: SimState,
  request: SimRequest,
  statusCode: number,
  code: string,
  message: string,
  options: { details?: Record<string, string>; headers?: Record<string, string> } = {},
): SimResponse {
  const headers = s3Headers(state, options.headers);
  if (request.method === 'HEAD') return { statusCode, headers };
  const details = Object.entries(options.details ?? {})
    .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
    .join('');
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message>${details}` +
    `<RequestId>${headers['x-amz-request-id']}</RequestId><HostId>${headers['x-amz-id-2']}</HostId></Error>`;
  return { statusCode, headers: { ...headers, 'content-type': 'application/xml' }, body };
}

export function s3AccessDenied(
  state: SimState,
  request: SimRequest,
  action: string,
  resource: string,
): SimResponse {
  return s3Error(
    state,
    request,
    403,
    'AccessDenied',
    `User: ${callerArn(state, request)} is not authorized to perform: ${action} on resource: "${resource}" because no identity-based policy allows the ${action} action`,
  );
}

export function noSuchBucket(state: SimState, request: SimRequest, bucket: string): SimResponse {
  return s3Error(state, request, 404, 'NoSuchBucket', 'The specified bucket does not exist', {
    details: { BucketName: bucket },
  });
}

/** S3 times: RFC 1123 in headers, ISO 8601 with milliseconds in XML. */
export function xmlTime(iso: string): string {
  return iso.length === 24 && iso.endsWith('Z') ? iso : new Date(iso).toISOString();
}
