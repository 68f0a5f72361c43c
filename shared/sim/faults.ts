import { jsonOperation, queryParameters } from './protocols.js';
import { requiredAction, s3Target } from './s3.js';
import type { SimRequest, SimResponse } from './sim-http.js';

/**
 * Failures a reliability test injects through a FaultHook, answered in each service's own wire
 * format so the real SDK parses, classifies and retries them as it would AWS's.
 */
export type FaultKind = 'throttle' | 'server-error' | 'timeout' | 'reset' | 'access-denied';

export const FAULT_KINDS: readonly FaultKind[] = [
  'throttle',
  'server-error',
  'timeout',
  'reset',
  'access-denied',
];

/** The IAM action a request needs: `s3:GetBucketVersioning`, `cloudwatch:GetMetricData`, `sns:Publish`. */
export function awsActionOf(request: SimRequest): string {
  switch (request.service) {
    case 's3':
      return s3Target(request).bucket === undefined ? 's3:ListAllMyBuckets' : requiredAction(request);
    case 'monitoring':
      return `cloudwatch:${jsonOperation(request.headers)}`;
    case 'sns':
    case 'iam':
    case 'sts':
      return `${request.service}:${queryParameters(request.body).get('Action') ?? ''}`;
    default:
      return `${request.service}:${jsonOperation(request.headers)}`;
  }
}

/** The S3 bucket a request is about, if any. */
export function s3BucketOf(request: SimRequest): string | undefined {
  return request.service === 's3' ? s3Target(request).bucket : undefined;
}

/** What S3, CloudWatch (JSON 1.0, query-compatible) or SNS (query) answer for `kind`. */
export function faultResponse(kind: FaultKind, request: SimRequest): SimResponse {
  if (kind === 'timeout') return { statusCode: 0, headers: {}, hang: true };
  if (kind === 'reset') return { statusCode: 0, headers: {}, reset: true };
  const [status, code, message] = ERRORS[protocolOf(request)][kind];
  switch (protocolOf(request)) {
    case 's3':
      return s3Fault(request, status, code, message);
    case 'json':
      return {
        statusCode: status,
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amzn-query-error': `${code};${status >= 500 ? 'Receiver' : 'Sender'}`,
        },
        body: JSON.stringify({ __type: code, message }),
      };
    case 'query':
    case 'sns':
      return {
        statusCode: status,
        headers: { 'content-type': 'text/xml' },
        body: `<ErrorResponse><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fault</RequestId></ErrorResponse>`,
      };
  }
}

type Protocol = 's3' | 'json' | 'query' | 'sns';
type ErrorKind = Exclude<FaultKind, 'timeout' | 'reset'>;

/** Each service's own codes: the SDK retries only the throttling codes it knows for that service. */
const ERRORS: Record<Protocol, Record<ErrorKind, [number, string, string]>> = {
  s3: {
    throttle: [503, 'SlowDown', 'Please reduce your request rate.'],
    'server-error': [500, 'InternalError', 'We encountered an internal error. Please try again.'],
    'access-denied': [403, 'AccessDenied', 'Access Denied'],
  },
  json: {
    throttle: [400, 'ThrottlingException', 'Rate exceeded'],
    'server-error': [500, 'InternalServiceError', 'Internal service error'],
    'access-denied': [400, 'AccessDeniedException', 'User is not authorized to perform this action'],
  },
  // IAM and STS.
  query: {
    throttle: [400, 'Throttling', 'Rate exceeded'],
    'server-error': [500, 'ServiceFailure', 'The request processing has failed because of an unknown error'],
    'access-denied': [403, 'AccessDenied', 'User is not authorized to perform this action'],
  },
  sns: {
    throttle: [400, 'Throttled', 'Rate exceeded'],
    'server-error': [500, 'InternalError', 'Internal error'],
    'access-denied': [403, 'AuthorizationError', 'User is not authorized to perform this action'],
  },
};

function protocolOf(request: SimRequest): Protocol {
  if (request.service === 's3' || request.service === 'sns') return request.service;
  return request.service === 'monitoring' || request.headers['x-amz-target'] !== undefined ? 'json' : 'query';
}

/** HEAD answers carry no body: the SDK names the error from the status, as with real S3. */
function s3Fault(request: SimRequest, status: number, code: string, message: string): SimResponse {
  const headers = { 'x-amz-request-id': 'FAULT', server: 'AmazonS3' };
  if (request.method === 'HEAD') return { statusCode: status, headers };
  return {
    statusCode: status,
    headers: { ...headers, 'content-type': 'application/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>FAULT</RequestId></Error>`,
  };
}
