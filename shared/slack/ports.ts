import type { SlackMessage } from '../render/slack-kit.js';

/** What the Slack notifier posts through and reads its webhook from; shared/aws implements them. */

/**
 * Posts a message to a Slack incoming webhook (https://api.slack.com/messaging/webhooks).
 * Slack answers 200 `ok`, or an error status with a short reason (`invalid_blocks`,
 * `channel_not_found`, `rollup_error`). 429 and 5xx are retried once, after Retry-After when
 * Slack gives one within `maxRetryDelayMs`; anything else, or a second failure, throws a
 * DeliveryError so Lambda's asynchronous retries and its failure destination take over.
 *
 * The URL is a credential: no error message, cause or log line carries it.
 */
export interface SlackPoster {
  post(url: string, message: SlackMessage): Promise<void>;
}

/**
 * The Slack incoming-webhook URL is a credential (anyone holding it can post to the channel), so
 * it lives in SSM Parameter Store as a SecureString or in Secrets Manager, never in an
 * environment variable, and is never logged: errors name where it is kept, not what it is.
 *
 * IAM: `ssm:GetParameter` on the parameter's ARN, plus `kms:Decrypt` on its key when the
 * SecureString uses a customer managed key (the default `alias/aws/ssm` needs no grant); or
 * `secretsmanager:GetSecretValue` on the secret's ARN (plus `kms:Decrypt` for a customer key).
 */
export type WebhookUrlSource = () => Promise<string>;
