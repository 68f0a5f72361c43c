import type { RetryStrategyV2, RetryToken } from '@smithy/types';

/**
 * The SDK's own retry classification (throttling, transient and server errors are retried, client
 * errors such as AccessDenied are not) with test-sized backoff: the production strategy waits up
 * to seconds between attempts, which would only make these suites slow, not stronger.
 */
export function quickRetry(maxAttempts = 3): RetryStrategyV2 {
  const token = (count: number): RetryToken => ({ getRetryCount: () => count, getRetryDelay: () => 1 });
  return {
    async acquireInitialRetryToken() {
      return token(0);
    },
    async refreshRetryTokenForRetry(previous, info) {
      const count = previous.getRetryCount() + 1;
      // Throwing ends the retries: the middleware then rethrows the last error of the call.
      if (info.errorType === 'CLIENT_ERROR' || count >= maxAttempts) throw info.error;
      return token(count);
    },
    recordSuccess() {},
  };
}
