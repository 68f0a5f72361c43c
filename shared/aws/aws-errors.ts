import { type Observed, observed, type ReadProblem, unobserved } from '../core/observed.js';

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
  if (DENIED.has(name) || status === 403) return { kind: 'access-denied', action, resource, detail };
  if (THROTTLED.has(name) || status === 429 || status === 503)
    return { kind: 'throttled', action, resource, detail };
  return { kind: 'error', action, resource, detail };
}

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
