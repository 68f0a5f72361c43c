import { DeadlineExceededError, StoreCallError } from '../model/errors.js';
import { type Observed, observed, type ReadProblem, unobserved } from '../model/observed.js';

interface AwsError {
  name?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AllAccessDisabled',
]);
const THROTTLED = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
]);

export function errorName(error: unknown): string {
  const value = error as AwsError;
  return value?.name ?? value?.Code ?? 'Error';
}

export function httpStatus(error: unknown): number | undefined {
  return (error as AwsError)?.$metadata?.httpStatusCode;
}

/**
 * Classifies an error the SDK raised after its own retries. A refusal or throttling of the
 * monitor's own call is a reportable problem (MONITOR_*), never a healthy result.
 */
export function readProblemOf(error: unknown, action: string, resource: string): ReadProblem {
  const name = errorName(error);
  const status = httpStatus(error);
  const detail = `${name}${status === undefined ? '' : ` (HTTP ${status})`}: ${(error as AwsError)?.message ?? String(error)}`;
  if (error instanceof DeadlineExceededError)
    return { kind: 'cut-off', action, resource, detail, transient: true };
  if (DENIED.has(name) || status === 403) return { kind: 'access-denied', action, resource, detail };
  if (THROTTLED.has(name) || status === 429 || status === 503)
    return { kind: 'throttled', action, resource, detail };
  // No HTTP answer at all (timeout, reset, DNS), a 5xx, or S3's 400 RequestTimeout: may pass.
  if (status === undefined || status >= 500 || TRANSIENT.has(name))
    return { kind: 'error', action, resource, detail, transient: true };
  return { kind: 'error', action, resource, detail, status };
}

/** Errors worth another read later, whatever their status code. */
const TRANSIENT = new Set(['RequestTimeout', 'RequestTimeoutException', 'TimeoutError', 'InternalError']);

/**
 * Runs one call to the monitor's own state table; a failure other than a lost conditional write
 * (which the store handles) becomes a StoreCallError naming the action and the table.
 */
export async function tableCall<T>(action: string, tableArn: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (errorName(error) === 'ConditionalCheckFailedException') throw error;
    throw new StoreCallError(readProblemOf(error, action, tableArn));
  }
}

/** The ARN of a table in the monitor's Region; `*` for an account not known where it is built. */
export const tableArnOf = (region: string, tableName: string, account = '*'): string =>
  `arn:aws:dynamodb:${region}:${account}:table/${tableName}`;

export function isNotFound(error: unknown, ...names: string[]): boolean {
  const name = errorName(error);
  return names.includes(name) || (names.length === 0 && httpStatus(error) === 404);
}

/**
 * Runs one read and turns its outcome into an Observed value: a missing thing named in `absent`
 * is a fact (`absent.value`), every other error a ReadProblem for the action and resource.
 */
export async function observeCall<T>(
  action: string,
  resource: string,
  call: () => Promise<T>,
  absent?: { names: string[]; value: T },
): Promise<Observed<T>> {
  try {
    return observed(await call());
  } catch (error) {
    if (absent !== undefined && isNotFound(error, ...absent.names)) return observed(absent.value);
    return unobserved<T>(readProblemOf(error, action, resource));
  }
}
