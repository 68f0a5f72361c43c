import * as z from 'zod/mini';
import type { Problem } from '../model/errors.js';
import { SEVERITIES, type Severity } from '../model/findings.js';
import { defaultsOf, integer, optionalMatching, readEnvironment } from './environment.js';

/**
 * Configuration of the Slack notifier, read once at cold start and validated as a whole (as
 * config.ts does for the monitor). The webhook URL is a credential: the environment names where
 * it is kept (an SSM SecureString parameter or a Secrets Manager secret), never the URL itself.
 */
export interface SlackNotifierConfig {
  webhook: SlackWebhookLocation;
  /** Notices below this severity are not posted; digests always are. */
  minimumSeverity: Severity;
  /** Per attempt (milliseconds). */
  timeoutMs: number;
  /** The longest Retry-After honoured before the one retry (milliseconds); longer fails now. */
  maxRetryDelayMs: number;
  /** How long the URL read from SSM or Secrets Manager is reused (seconds). */
  cacheSeconds: number;
  /** The Lambda's Region, for a parameter given by name. */
  region?: string;
}

export type SlackWebhookLocation = { parameterName: string } | { secretArn: string };

const environment = z.object({
  SLACK_WEBHOOK_PARAMETER: optionalMatching(
    /^(arn:aws[\w-]*:ssm:[a-z0-9-]+:\d{12}:parameter\/[\w./-]{1,2048}|[\w./-]{1,2048})$/,
    'must be an SSM parameter name such as /s3-replication-monitor/slack-webhook, or its ARN',
  ),
  SLACK_WEBHOOK_SECRET_ARN: optionalMatching(
    /^arn:aws[\w-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]{1,512}$/,
    'must be a Secrets Manager secret ARN',
  ),
  SLACK_MIN_SEVERITY: z._default(z.enum(SEVERITIES), 'warning'),
  SLACK_TIMEOUT_MS: integer(500, 30_000, 5000),
  SLACK_RETRY_MAX_DELAY_MS: integer(0, 20_000, 5000),
  SLACK_WEBHOOK_CACHE_SECONDS: integer(0, 3600, 300),
  AWS_REGION: z.optional(z.string()),
});

/** The schema of the Slack notifier's variables, for the stack parameters' check at package time. */
export { environment as slackEnvironment };

/** Every Slack setting's default, by environment variable. */
export function slackEnvironmentDefaults(): Record<string, unknown> {
  return defaultsOf(environment);
}

export function loadSlackConfig(env: Record<string, string | undefined>): SlackNotifierConfig {
  const values = readEnvironment(environment, env, (present) => {
    const problems: Problem[] = [];
    const parameter = present.SLACK_WEBHOOK_PARAMETER;
    const secret = present.SLACK_WEBHOOK_SECRET_ARN;
    if (parameter === undefined && secret === undefined) {
      problems.push({
        path: 'SLACK_WEBHOOK_PARAMETER',
        message: 'or SLACK_WEBHOOK_SECRET_ARN is required: where the Slack webhook URL is kept',
      });
    }
    if (parameter !== undefined && secret !== undefined) {
      problems.push({
        path: 'SLACK_WEBHOOK_SECRET_ARN',
        message: 'and SLACK_WEBHOOK_PARAMETER are both set: set exactly one',
      });
    }
    return problems;
  });
  const config: SlackNotifierConfig = {
    webhook:
      values.SLACK_WEBHOOK_SECRET_ARN !== undefined
        ? { secretArn: values.SLACK_WEBHOOK_SECRET_ARN }
        : { parameterName: values.SLACK_WEBHOOK_PARAMETER as string },
    minimumSeverity: values.SLACK_MIN_SEVERITY,
    timeoutMs: values.SLACK_TIMEOUT_MS,
    maxRetryDelayMs: values.SLACK_RETRY_MAX_DELAY_MS,
    cacheSeconds: values.SLACK_WEBHOOK_CACHE_SECONDS,
  };
  if (values.AWS_REGION !== undefined) config.region = values.AWS_REGION;
  return config;
}
