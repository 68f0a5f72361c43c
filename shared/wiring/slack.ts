import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { createSlackWebhookPoster } from '../aws/slack-webhook-poster.js';
import {
  cachedWebhookUrl,
  secretWebhookUrl,
  ssmWebhookUrl,
  type WebhookUrlSource,
} from '../aws/slack-webhook-url.js';
import type { SlackNotifierConfig } from '../config/slack-config.js';
import type { Clock } from '../model/clock.js';
import type { SlackPoster } from '../slack/ports.js';
import type { ClientPool } from './clients.js';

/**
 * Builds the one client the notifier needs (SSM or Secrets Manager, in the Region of the ARN when
 * one is given) and the cached webhook URL source. Only this file and wiring.ts build clients.
 */
export function createWebhookUrlSource(
  config: SlackNotifierConfig,
  clients: ClientPool,
  clock: Clock,
): WebhookUrlSource {
  const ttlMs = config.cacheSeconds * 1000;
  if ('secretArn' in config.webhook) {
    const region = regionOf(config.webhook.secretArn) ?? config.region ?? 'us-east-1';
    const client = clients.get('secretsmanager', region, (settings) => new SecretsManagerClient(settings));
    return cachedWebhookUrl(secretWebhookUrl(client, config.webhook.secretArn), clock, ttlMs);
  }
  const name = config.webhook.parameterName;
  const region = regionOf(name) ?? config.region ?? 'us-east-1';
  const client = clients.get('ssm', region, (settings) => new SSMClient(settings));
  return cachedWebhookUrl(ssmWebhookUrl(client, name), clock, ttlMs);
}

function regionOf(value: string): string | undefined {
  return value.startsWith('arn:') ? value.split(':')[3] : undefined;
}

/** The webhook poster with the notifier's timeout and retry settings. */
export function createSlackPoster(config: SlackNotifierConfig): SlackPoster {
  return createSlackWebhookPoster({ timeoutMs: config.timeoutMs, maxRetryDelayMs: config.maxRetryDelayMs });
}
