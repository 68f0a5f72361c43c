import { type SimResponse, wireDate } from './sim-http.js';
import { nextUuid, type SimState } from './state.js';
import { escapeXml } from './xml.js';

/** awsQuery (IAM, STS, SNS): form-encoded requests, `<ActionResponse><ActionResult>` XML answers. */
export function queryParameters(body: string): URLSearchParams {
  return new URLSearchParams(body);
}

/** `Names.member.1`, `Names.member.2`, … in order. */
export function queryList(parameters: URLSearchParams, name: string): string[] {
  const values: string[] = [];
  for (let index = 1; parameters.has(`${name}.member.${index}`); index++) {
    values.push(parameters.get(`${name}.member.${index}`) ?? '');
  }
  return values;
}

export function queryResult(
  state: SimState,
  namespace: string,
  action: string,
  resultXml: string,
): SimResponse {
  const requestId = nextUuid(state);
  return {
    statusCode: 200,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId, date: wireDate() },
    body:
      `<${action}Response xmlns="${namespace}"><${action}Result>${resultXml}</${action}Result>` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
  };
}

export function queryError(
  state: SimState,
  namespace: string,
  statusCode: number,
  code: string,
  message: string,
  type: 'Sender' | 'Receiver' = 'Sender',
): SimResponse {
  const requestId = nextUuid(state);
  return {
    statusCode,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId, date: wireDate() },
    body:
      `<ErrorResponse xmlns="${namespace}"><Error><Type>${type}</Type><Code>${code}</Code>` +
      `<Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  };
}

/** AWS JSON 1.0/1.1 (KMS, EventBridge, CloudWatch): the operation is named by `x-amz-target`. */
export function jsonOperation(headers: Record<string, string>): string {
  const target = headers['x-amz-target'] ?? '';
  return target.slice(target.lastIndexOf('.') + 1);
}

export function jsonResult(state: SimState, version: '1.0' | '1.1', body: unknown): SimResponse {
  return {
    statusCode: 200,
    headers: {
      'content-type': `application/x-amz-json-${version}`,
      'x-amzn-requestid': nextUuid(state),
      date: wireDate(),
    },
    body: JSON.stringify(body),
  };
}

/**
 * A JSON protocol error. Query-compatible services (CloudWatch) also send `x-amzn-query-error`,
 * from which the SDK takes the error name the older query protocol used.
 */
export function jsonError(
  state: SimState,
  version: '1.0' | '1.1',
  statusCode: number,
  type: string,
  message: string,
  queryCompatible = false,
): SimResponse {
  const headers: Record<string, string> = {
    'content-type': `application/x-amz-json-${version}`,
    'x-amzn-requestid': nextUuid(state),
    date: wireDate(),
  };
  if (queryCompatible) headers['x-amzn-query-error'] = `${type};${statusCode >= 500 ? 'Receiver' : 'Sender'}`;
  return { statusCode, headers, body: JSON.stringify({ __type: type, message }) };
}

export function parseJsonBody(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  const parsed: unknown = JSON.parse(body);
  return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
}
