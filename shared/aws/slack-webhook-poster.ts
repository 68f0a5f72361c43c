import { DeliveryError } from '../model/errors.js';
import type { SlackPoster } from '../slack/ports.js';

export type { SlackPoster } from '../slack/ports.js';

export interface SlackPosterOptions {
  /** Per attempt (default 5,000 ms). */
  timeoutMs?: number;
  /** Longest Retry-After honoured (default 5,000 ms); a longer one fails at once. */
  maxRetryDelayMs?: number;
  /** When Slack gives no Retry-After (default 1,000 ms). */
  defaultRetryDelayMs?: number;
  fetch?: typeof fetch;
  sleep?: (milliseconds: number) => Promise<void>;
  now?: () => number;
}

const defaults = {
  timeoutMs: 5000,
  maxRetryDelayMs: 5000,
  defaultRetryDelayMs: 1000,
  sleep: (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds)),
  now: () => Date.now(),
};

export function createSlackWebhookPoster(options: SlackPosterOptions = {}): SlackPoster {
  const settings = { ...defaults, fetch: globalThis.fetch, ...options };
  return {
    async post(url, message) {
      const body = JSON.stringify(message);
      const first = await attempt(url, body, settings);
      if (first.ok) return;
      if (!first.retryable) throw new DeliveryError(`Slack webhook refused the message: ${first.reason}`);
      const delay = first.retryAfterMs ?? settings.defaultRetryDelayMs;
      if (delay > settings.maxRetryDelayMs) {
        throw new DeliveryError(
          `Slack webhook asked to retry after ${Math.ceil(delay / 1000)} s: ${first.reason}`,
        );
      }
      await settings.sleep(delay);
      const second = await attempt(url, body, settings);
      if (!second.ok) throw new DeliveryError(`Slack webhook failed twice: ${second.reason}`);
    },
  };
}

type Attempt = { ok: true } | { ok: false; retryable: boolean; reason: string; retryAfterMs?: number };

async function attempt(
  url: string,
  body: string,
  settings: typeof defaults & { fetch: typeof fetch },
): Promise<Attempt> {
  let response: Response;
  try {
    response = await settings.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body,
      signal: AbortSignal.timeout(settings.timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    // Not retried here: a timed-out post may have been delivered. The error's own text and
    // cause are left out, since a network error may quote the URL.
    throw new DeliveryError(`Slack webhook could not be reached: ${errorCode(error, settings.timeoutMs)}`);
  }
  const text = (await response.text().catch(() => '')).slice(0, 200).replace(/\s+/g, ' ');
  if (response.ok) return { ok: true };
  const reason = `HTTP ${response.status}${text === '' ? '' : ` ${text}`}`;
  const retryable = response.status === 429 || response.status >= 500;
  const retryAfterMs = retryAfter(response.headers.get('retry-after'), settings.now());
  return retryAfterMs === undefined
    ? { ok: false, retryable, reason }
    : { ok: false, retryable, reason, retryAfterMs };
}

/** Retry-After in seconds or as an HTTP date (RFC 9110). */
function retryAfter(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function errorCode(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${timeoutMs} ms`;
  }
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : 'network error';
}
