import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import type { Clock } from '../model/clock.js';
import { ConfigurationError } from '../model/errors.js';
import type { WebhookUrlSource } from '../slack/ports.js';

export type { WebhookUrlSource } from '../slack/ports.js';

/** Reads a SecureString parameter, decrypted. Its value is the URL. */
export function ssmWebhookUrl(client: SSMClient, parameterName: string): WebhookUrlSource {
  return async () => {
    const output = await client.send(new GetParameterCommand({ Name: parameterName, WithDecryption: true }));
    return webhookUrlFrom(output.Parameter?.Value, `SSM parameter ${parameterName}`);
  };
}

/** Reads a secret whose string is the URL, or JSON with a `url` (or `webhookUrl`) field. */
export function secretWebhookUrl(client: SecretsManagerClient, secretArn: string): WebhookUrlSource {
  return async () => {
    const output = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    return webhookUrlFrom(output.SecretString, `secret ${secretArn}`);
  };
}

/**
 * Reuses the URL for `ttlMs` (5 minutes by default), so a burst of notices reads it once and a
 * rotated URL is picked up within minutes. Concurrent callers share one read; a failed read is
 * not remembered.
 */
export function cachedWebhookUrl(read: WebhookUrlSource, clock: Clock, ttlMs = 300_000): WebhookUrlSource {
  let cached: { url: string; expiresAt: number } | undefined;
  let reading: Promise<string> | undefined;
  return async () => {
    const now = clock.now().getTime();
    if (cached !== undefined && now < cached.expiresAt) return cached.url;
    reading ??= read()
      .then((url) => {
        cached = { url, expiresAt: clock.now().getTime() + ttlMs };
        return url;
      })
      .finally(() => {
        reading = undefined;
      });
    return reading;
  };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Validates what was read; the error names the place, never the value. */
export function webhookUrlFrom(value: string | undefined, where: string): string {
  const text = urlText(value?.trim() ?? '');
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  // http is accepted only on the loopback interface, where the tests serve a webhook.
  const allowed =
    url !== undefined &&
    (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname)));
  if (!allowed) {
    throw new ConfigurationError([
      { path: where, message: 'does not hold a Slack webhook URL (https://hooks.slack.com/services/…)' },
    ]);
  }
  return text;
}

function urlText(value: string): string {
  if (!value.startsWith('{')) return value;
  try {
    const parsed = JSON.parse(value) as Record<string, unknown>;
    const url = parsed.url ?? parsed.webhookUrl;
    return typeof url === 'string' ? url.trim() : '';
  } catch {
    return '';
  }
}
