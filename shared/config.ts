import { z } from 'zod';
import { FINDING_CODES, SEVERITIES, type Severity, type SeverityOverrides } from './core/findings.js';
import { ConfigurationError, type Problem } from './errors.js';

/**
 * The monitor's configuration, read once from the environment at cold start and validated as a
 * whole: a deployment with three mistakes learns about all three at once.
 */
export interface MonitorConfig {
  /** SNS topic that receives alerts. Required wherever alerts are published. */
  alertTopicArn?: string;
  /** Alerts below this severity are not published (default `info`: every cause is sent). */
  minimumAlertSeverity: Severity;
  /** Object keys listed per alert (default 20). */
  alertSampleSize: number;
  /** Concurrent SNS publishes (default 8). */
  publishConcurrency: number;
  /** Per-code severity overrides, e.g. `{"REPLICATION_COMPLETED_LATE":"warning"}`. */
  severityOverrides: SeverityOverrides;
}

const severity = z.enum(SEVERITIES);
const integer = (minimum: number, maximum: number, fallback: number) =>
  z.coerce.number().int().min(minimum).max(maximum).default(fallback);

const overrides = z
  .string()
  .default('{}')
  .transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      context.addIssue({
        code: 'custom',
        message: 'must be a JSON object such as {"RULE_DISABLED":"warning"}',
      });
      return z.NEVER;
    }
  })
  .pipe(z.partialRecord(z.enum(FINDING_CODES as [string, ...string[]]), severity));

const environment = z.object({
  ALERT_TOPIC_ARN: z
    .string()
    .regex(/^arn:aws[\w-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/, 'must be an SNS topic ARN')
    .optional(),
  ALERT_MIN_SEVERITY: severity.default('info'),
  ALERT_SAMPLE_SIZE: integer(0, 1000, 20),
  ALERT_PUBLISH_CONCURRENCY: integer(1, 64, 8),
  SEVERITY_OVERRIDES: overrides,
});

export interface ConfigRequirements {
  /** The caller publishes alerts: ALERT_TOPIC_ARN must be set. */
  publishesAlerts?: boolean;
}

export function loadConfig(
  env: Record<string, string | undefined>,
  requirements: ConfigRequirements = {},
): MonitorConfig {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = environment.safeParse(present);
  const problems: Problem[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  if (requirements.publishesAlerts && present.ALERT_TOPIC_ARN === undefined) {
    problems.push({ path: 'ALERT_TOPIC_ARN', message: 'is required: the SNS topic that receives alerts' });
  }
  if (!parsed.success || problems.length > 0) throw new ConfigurationError(problems);
  const values = parsed.data;
  const config: MonitorConfig = {
    minimumAlertSeverity: values.ALERT_MIN_SEVERITY,
    alertSampleSize: values.ALERT_SAMPLE_SIZE,
    publishConcurrency: values.ALERT_PUBLISH_CONCURRENCY,
    severityOverrides: values.SEVERITY_OVERRIDES as SeverityOverrides,
  };
  if (values.ALERT_TOPIC_ARN !== undefined) config.alertTopicArn = values.ALERT_TOPIC_ARN;
  return config;
}
