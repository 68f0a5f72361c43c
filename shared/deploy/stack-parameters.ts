import * as z from 'zod/mini';
import { loadConfig, monitorEnvironment } from '../config/config.js';
import { loadSlackConfig, slackEnvironment } from '../config/slack-config.js';
import { ConfigurationError, type Problem } from '../model/errors.js';
import { SEVERITIES } from '../model/findings.js';
import { bucketLists, type Parameters, roleProblems } from './stack-resources.js';

/**
 * The stack parameters (serverless.yml `params`) checked when the stack is packaged, with the
 * schemas the functions use at cold start: a wrong value fails `serverless package` or `deploy`
 * naming the parameter, instead of every cold start after the deploy.
 */

/** Parameters that set a function's environment variable, by parameter name. */
export const FUNCTION_PARAMETERS: Readonly<Record<string, string>> = {
  alertMinSeverity: 'ALERT_MIN_SEVERITY',
  alertSampleSize: 'ALERT_SAMPLE_SIZE',
  severityOverrides: 'SEVERITY_OVERRIDES',
  auditIntervalMinutes: 'AUDIT_INTERVAL_MINUTES',
  incidentUnmonitoredGraceMinutes: 'INCIDENT_UNMONITORED_GRACE_MINUTES',
  auditBuckets: 'AUDIT_BUCKETS',
  auditInclude: 'AUDIT_INCLUDE',
  auditExclude: 'AUDIT_EXCLUDE',
  auditAccounts: 'AUDIT_ACCOUNTS',
  auditOrganizationUnits: 'AUDIT_ORGANIZATION_UNITS',
  auditAccountInclude: 'AUDIT_ACCOUNT_INCLUDE',
  auditAccountExclude: 'AUDIT_ACCOUNT_EXCLUDE',
  memberRoleName: 'MEMBER_ROLE_NAME',
  memberRoleExternalId: 'MEMBER_ROLE_EXTERNAL_ID',
  diagnosisTtlSeconds: 'DIAGNOSIS_TTL_SECONDS',
  incidentReminderMinutes: 'INCIDENT_REMINDER_MINUTES',
  incidentQuietMinutes: 'INCIDENT_QUIET_MINUTES',
  incidentResolveAfterAudits: 'INCIDENT_RESOLVE_AFTER_AUDITS',
  incidentFlapWindowMinutes: 'INCIDENT_FLAP_WINDOW_MINUTES',
  incidentDigestMinutes: 'INCIDENT_DIGEST_MINUTES',
  eventBusName: 'EVENT_BUS_NAME',
  sampleMaxObjects: 'SAMPLE_MAX_OBJECTS',
  stuckAfterSeconds: 'STUCK_AFTER_SECONDS',
  latencyThresholdSeconds: 'LATENCY_THRESHOLD_SECONDS',
};

/** Parameters of the Slack notifier's environment (shared/config/slack-config.ts). */
export const SLACK_PARAMETERS: Readonly<Record<string, string>> = {
  slackWebhookParameter: 'SLACK_WEBHOOK_PARAMETER',
  slackWebhookSecretArn: 'SLACK_WEBHOOK_SECRET_ARN',
  slackMinSeverity: 'SLACK_MIN_SEVERITY',
};

/** The retention values CloudWatch Logs accepts (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** Every problem of the parameters, each naming its parameter; empty when the stack may deploy. */
export function parameterProblems(parameters: Parameters): Problem[] {
  return [
    ...functionProblems(parameters, FUNCTION_PARAMETERS, monitorEnvironment, (env) => loadConfig(env)),
    ...slackProblems(parameters),
    ...stackOnlyProblems(parameters),
    ...bucketLists(parameters).problems,
    ...roleProblems(parameters),
  ];
}

/** Runs a function's configuration loader on the parameters mapped to its variables. */
function functionProblems(
  parameters: Parameters,
  mapping: Readonly<Record<string, string>>,
  schema: z.ZodMiniType,
  load: (env: Record<string, string>) => unknown,
): Problem[] {
  const byVariable = new Map(Object.entries(mapping).map(([parameter, variable]) => [variable, parameter]));
  const env = Object.fromEntries(
    Object.entries(mapping).map(([parameter, variable]) => [variable, parameters[parameter] ?? '']),
  );
  try {
    load(env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    return error.problems.map((problem) => {
      const parameter = byVariable.get(problem.path);
      const value = parameter === undefined ? '' : ` (given ${JSON.stringify(parameters[parameter])})`;
      return {
        path: parameter ?? problem.path,
        message: `${problem.message}${value}; allowed: ${allowed(schema, problem.path)} (it sets ${problem.path}, see docs/configuration.md)`,
      };
    });
  }
}

/** What a variable accepts, from its schema: `one of …`, `a whole number from … to …`, its default. */
export function allowed(schema: z.ZodMiniType, variable: string): string {
  const properties = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }).properties ?? {};
  const property = properties[variable];
  if (typeof property !== 'object') return 'see docs/configuration.md';
  const parts = [
    property.enum && `one of ${property.enum.join(', ')}`,
    property.type === 'integer' && `a whole number from ${property.minimum} to ${property.maximum}`,
    property.pattern && `text matching ${property.pattern}`,
    property.default !== undefined &&
      property.default !== '' &&
      `default ${JSON.stringify(property.default)}`,
    property.default === undefined && 'empty for none',
  ];
  return parts.filter((part) => typeof part === 'string').join('; ');
}

function slackProblems(parameters: Parameters): Problem[] {
  if (!parameters.slackWebhookParameter && !parameters.slackWebhookSecretArn) return [];
  return functionProblems(parameters, SLACK_PARAMETERS, slackEnvironment, loadSlackConfig).map((problem) =>
    problem.path === 'slackWebhookSecretArn' && problem.message.includes('both set')
      ? { path: problem.path, message: 'and slackWebhookParameter are both set: set exactly one' }
      : problem,
  );
}

const ALLOWED: readonly [string, (value: string) => boolean, string][] = [
  ['emailMinSeverity', oneOf(SEVERITIES), `must be one of ${SEVERITIES.join(', ')}`],
  ['slackMinSeverity', oneOf(SEVERITIES), `must be one of ${SEVERITIES.join(', ')}`],
  [
    'logRetentionInDays',
    oneOf(LOG_RETENTION_DAYS.map(String)),
    `must be a CloudWatch Logs retention: ${LOG_RETENTION_DAYS.join(', ')}`,
  ],
  ['auditStalledAfterMinutes', wholeNumber(1, 1440), 'must be a whole number from 1 to 1440'],
  ['eventMaximumConcurrency', wholeNumber(2, 1000), 'must be a whole number from 2 to 1000'],
  [
    'auditSchedule',
    (value) => /^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\([^)]+\))$/.test(value),
    'must be an EventBridge schedule such as rate(5 minutes) or cron(0/5 * * * ? *)',
  ],
  ['alertEmail', optional((value) => /^[^\s@]+@[^\s@]+$/.test(value)), 'must be an e-mail address'],
  [
    'monitoredAccounts',
    optional((value) => /^\d{12}(,\d{12})*$/.test(value)),
    'must be 12-digit account ids separated by commas, without spaces',
  ],
  [
    'replicationDestinationRegion',
    optional((value) => /^[a-z]{2}(-[a-z]+)+-\d$/.test(value)),
    'must be a Region such as eu-west-1',
  ],
  [
    'slackWebhookKeyArn',
    optional((value) => /^arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/.test(value)),
    'must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)',
  ],
  ['allowAllBuckets', oneOf(['true', 'false']), 'must be true or false'],
  ['objectSampling', oneOf(['true', 'false']), 'must be true or false'],
];

function stackOnlyProblems(parameters: Parameters): Problem[] {
  return ALLOWED.filter(([parameter, allowed]) => !allowed(parameters[parameter] ?? '')).map(
    ([parameter, , message]) => ({
      path: parameter,
      message: `${message} (given ${JSON.stringify(parameters[parameter] ?? '')})`,
    }),
  );
}

function oneOf(values: readonly string[]): (value: string) => boolean {
  return (value) => values.includes(value);
}

function wholeNumber(minimum: number, maximum: number): (value: string) => boolean {
  return (value) => /^\d+$/.test(value) && Number(value) >= minimum && Number(value) <= maximum;
}

function optional(check: (value: string) => boolean): (value: string) => boolean {
  return (value) => value === '' || check(value);
}
