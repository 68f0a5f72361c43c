import * as z from 'zod/mini';
import { DEFAULT_METRIC_THRESHOLDS } from '../audit/metrics/metric-thresholds.js';
import { SAMPLING_DEFAULTS } from '../audit/sampling/sampling-run.js';
import { DEFAULT_INCIDENT_SETTINGS } from '../incidents/settings.js';
import type { Problem } from '../model/errors.js';
import { FINDING_CODES, SEVERITIES, type Severity, type SeverityOverrides } from '../model/findings.js';
import { defaultsOf, integer, optionalMatching, readEnvironment } from './environment.js';

/**
 * The monitor's configuration, read once from the environment at cold start and validated as a
 * whole: a deployment with three mistakes learns about all three at once.
 */
export interface MonitorConfig {
  /** SNS topic that receives alerts. Required wherever alerts are published. */
  alertTopicArn?: string;
  /**
   * Incidents below this severity are neither paged nor digested (default `info`: all are told).
   * Pages start at `warning` whatever it says: `info` incidents wait for the periodic digest.
   */
  minimumAlertSeverity: Severity;
  /** Object keys listed per alert (default 20). */
  alertSampleSize: number;
  /** Concurrent SNS publishes (default 8). */
  publishConcurrency: number;
  /** Per-code severity overrides, e.g. `{"REPLICATION_COMPLETED_LATE":"warning"}`. */
  severityOverrides: SeverityOverrides;
  audit: AuditSettings;
  incidents: IncidentConfig;
}

/** How incidents live (shared/incidents/settings.ts has the meaning of each). */
export interface IncidentConfig {
  /** Open incidents still seen are re-notified this often (minutes). */
  reminderIntervalMinutes: number;
  /** An event-only cause with no new event for this long is over (minutes). */
  eventQuietPeriodMinutes: number;
  /** Consecutive complete audits that no longer see a cause before it is over. */
  resolveAfterMissedAudits: number;
  /** The scheduled audit's interval (minutes): audits closer than half of it count once. */
  auditIntervalMinutes: number;
  /** An incident of a bucket full audits no longer cover resolves after this long (minutes). */
  unmonitoredGraceMinutes: number;
  /** Seen again within this long after resolving: the same incident reopens (minutes). */
  flapWindowMinutes: number;
  /** Incidents that page nobody are sent in a digest at most this often (minutes). */
  digestIntervalMinutes: number;
  /** Resolved incidents expire (DynamoDB TTL) this long after resolving (days). */
  retentionDays: number;
  /** EventBridge bus (name or ARN) that receives every incident transition; absent: none. */
  eventBusName?: string;
  /** DynamoDB state table: STATE_TABLE_NAME, or AUDIT_TABLE_NAME (its earlier name). */
  tableName?: string;
}

export interface AuditSettings {
  /** Source buckets to audit; empty: discover every bucket with a replication configuration. */
  buckets: string[];
  /** Discovery filters: `*` wildcards, matched against bucket names. */
  include: string[];
  exclude: string[];
  /** Objects examined (HeadObject) per bucket per run, at most. */
  sampleMaxObjects: number;
  sampleConcurrency: number;
  /** PENDING for longer than this is stuck (default 900 s, the RTC threshold). */
  stuckAfterSeconds: number;
  metricWindowMinutes: number;
  latencyThresholdSeconds: number;
  pendingOperationsThreshold: number;
  pendingBytesThreshold: number;
  /** Source buckets audited at once. */
  bucketConcurrency: number;
  /** Time kept back from the Lambda deadline to save state and send alerts. */
  deadlineReserveMs: number;
  /** Time sampling leaves, beyond deadlineReserveMs, for the diagnosis and metrics that follow it. */
  checksReserveMs: number;
  /** How long IAM's answers about a replication role are reused (IAM's API rate limits are low). */
  diagnosisTtlSeconds: number;
  /**
   * Member accounts audited through their read role besides the monitor's own: ids, or
   * `organization` (every account AWS Organizations lists, under `organizationUnits` when given,
   * chosen by `accountInclude` / `accountExclude`). Empty: the monitor's own account only.
   */
  accounts: string[];
  organizationUnits: string[];
  accountInclude: string[];
  accountExclude: string[];
  /** The member accounts' read role (shared/deploy/member-read-role.yml), path included. */
  memberRoleName: string;
  memberRoleExternalId?: string;
  /** DynamoDB table of the audit state and incidents (STATE_TABLE_NAME or AUDIT_TABLE_NAME). */
  tableName?: string;
  /** Its ARN (STATE_TABLE_ARN), named in MONITOR_* findings when the table cannot be used. */
  tableArn?: string;
}

const severity = z.enum(SEVERITIES);

/** The member accounts' read role (shared/deploy/member-read-role.yml's default RoleName). */
export const DEFAULT_MEMBER_ROLE_NAME = 's3-replication-monitor-read';

/** One entry of AUDIT_ACCOUNTS (and of the CLI's --account): an account id, or `organization`. */
export const isAccountSelector = (value: string): boolean =>
  value === 'organization' || /^\d{12}$/.test(value);
const tableName = optionalMatching(/^[\w.-]{3,255}$/, 'must be a DynamoDB table name');

const overrides = z.pipe(
  z.pipe(
    z._default(z.string(), '{}'),
    z.transform((text: string, payload) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        // zod/mini's transform has no addIssue: the same custom issue, pushed.
        payload.issues.push({
          code: 'custom',
          message: 'must be a JSON object such as {"RULE_DISABLED":"warning"}',
          input: text,
        });
        return z.NEVER;
      }
    }),
  ),
  z.partialRecord(z.enum(FINDING_CODES as [string, ...string[]]), severity),
);

/** A comma-separated list: `a, b,c` → ['a', 'b', 'c']; `fallback` when unset. */
const listOr = (fallback: string) =>
  z.pipe(
    z._default(z.string(), fallback),
    z.transform((text: string) =>
      text
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== ''),
    ),
  );
const list = listOr('');

const environment = z.object({
  ALERT_TOPIC_ARN: optionalMatching(
    /^arn:aws[\w-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/,
    'must be an SNS topic ARN',
  ),
  ALERT_MIN_SEVERITY: z._default(severity, 'info'),
  ALERT_SAMPLE_SIZE: integer(0, 1000, DEFAULT_INCIDENT_SETTINGS.sampleSize),
  ALERT_PUBLISH_CONCURRENCY: integer(1, 64, 8),
  SEVERITY_OVERRIDES: overrides,
  AUDIT_BUCKETS: list,
  AUDIT_INCLUDE: listOr('*'),
  AUDIT_EXCLUDE: list,
  SAMPLE_MAX_OBJECTS: integer(0, 1_000_000, 1000),
  SAMPLE_CONCURRENCY: integer(1, 256, SAMPLING_DEFAULTS.concurrency),
  STUCK_AFTER_SECONDS: integer(60, 30 * 86_400, SAMPLING_DEFAULTS.stuckAfterSeconds),
  // One source for the metric defaults: the checks' own (10,000 operations and 100 GiB were
  // documented while 1,000 and 10 GiB were deployed, so backlogs were reported ten times early).
  METRIC_WINDOW_MINUTES: integer(5, 1440, DEFAULT_METRIC_THRESHOLDS.windowMinutes),
  LATENCY_THRESHOLD_SECONDS: integer(1, 86_400, DEFAULT_METRIC_THRESHOLDS.latencyThresholdSeconds),
  PENDING_OPERATIONS_THRESHOLD: integer(
    1,
    Number.MAX_SAFE_INTEGER,
    DEFAULT_METRIC_THRESHOLDS.pendingOperationsThreshold,
  ),
  PENDING_BYTES_THRESHOLD: integer(
    1,
    Number.MAX_SAFE_INTEGER,
    DEFAULT_METRIC_THRESHOLDS.pendingBytesThreshold,
  ),
  AUDIT_BUCKET_CONCURRENCY: integer(1, 32, 4),
  AUDIT_DEADLINE_RESERVE_MS: integer(1000, 300_000, 15_000),
  AUDIT_CHECKS_RESERVE_MS: integer(0, 300_000, 20_000),
  DIAGNOSIS_TTL_SECONDS: integer(0, 86_400, 3600),
  AUDIT_TABLE_NAME: tableName,
  STATE_TABLE_NAME: tableName,
  STATE_TABLE_ARN: optionalMatching(
    /^arn:aws[\w-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/[\w.-]{3,255}$/,
    'must be a DynamoDB table ARN',
  ),
  INCIDENT_REMINDER_MINUTES: integer(5, 10_080, DEFAULT_INCIDENT_SETTINGS.reminderIntervalMinutes),
  INCIDENT_QUIET_MINUTES: integer(1, 10_080, DEFAULT_INCIDENT_SETTINGS.eventQuietPeriodMinutes),
  INCIDENT_RESOLVE_AFTER_AUDITS: integer(1, 100, DEFAULT_INCIDENT_SETTINGS.resolveAfterMissedAudits),
  AUDIT_INTERVAL_MINUTES: integer(1, 1440, DEFAULT_INCIDENT_SETTINGS.auditIntervalMinutes),
  INCIDENT_UNMONITORED_GRACE_MINUTES: integer(5, 44_640, DEFAULT_INCIDENT_SETTINGS.unmonitoredGraceMinutes),
  INCIDENT_FLAP_WINDOW_MINUTES: integer(0, 10_080, DEFAULT_INCIDENT_SETTINGS.flapWindowMinutes),
  INCIDENT_DIGEST_MINUTES: integer(5, 44_640, DEFAULT_INCIDENT_SETTINGS.digestIntervalMinutes),
  INCIDENT_RETENTION_DAYS: integer(1, 365, DEFAULT_INCIDENT_SETTINGS.retentionDays),
  EVENT_BUS_NAME: optionalMatching(
    /^(arn:aws[\w-]*:events:[a-z0-9-]+:\d{12}:event-bus\/)?[\w.\-/]{1,256}$/,
    'must be an EventBridge event bus name or ARN',
  ),
  AUDIT_ACCOUNTS: list,
  AUDIT_ORGANIZATION_UNITS: list,
  AUDIT_ACCOUNT_INCLUDE: list,
  AUDIT_ACCOUNT_EXCLUDE: list,
  MEMBER_ROLE_NAME: z._default(
    z
      .string()
      .check(z.regex(/^([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/, 'must be an IAM role name, its path included')),
    DEFAULT_MEMBER_ROLE_NAME,
  ),
  MEMBER_ROLE_EXTERNAL_ID: optionalMatching(/^[\w+=,.@:/-]{2,1224}$/, 'must be an STS external id'),
});

/** The schema of the monitor's variables, for the stack parameters' check at package time. */
export { environment as monitorEnvironment };

export interface ConfigRequirements {
  /** The caller publishes alerts: ALERT_TOPIC_ARN must be set. */
  publishesAlerts?: boolean;
  /** The caller keeps audit state in DynamoDB: AUDIT_TABLE_NAME (or STATE_TABLE_NAME) must be set. */
  keepsAuditState?: boolean;
  /** The caller keeps incidents in DynamoDB: STATE_TABLE_NAME (or AUDIT_TABLE_NAME) must be set. */
  keepsIncidents?: boolean;
}

/** Every setting's default, by environment variable: what a function gets when it is not set. */
export function environmentDefaults(): Record<string, unknown> {
  return defaultsOf(environment);
}

export function loadConfig(
  env: Record<string, string | undefined>,
  requirements: ConfigRequirements = {},
): MonitorConfig {
  const values = readEnvironment(environment, env, (present) => {
    const problems: Problem[] = [];
    for (const account of String(present.AUDIT_ACCOUNTS ?? '').split(',')) {
      const value = account.trim();
      if (value !== '' && !isAccountSelector(value))
        problems.push({
          path: 'AUDIT_ACCOUNTS',
          message: `"${value}" is neither a 12-digit account id nor "organization"`,
        });
    }
    if (requirements.publishesAlerts && present.ALERT_TOPIC_ARN === undefined) {
      problems.push({ path: 'ALERT_TOPIC_ARN', message: 'is required: the SNS topic that receives alerts' });
    }
    const noTable = present.AUDIT_TABLE_NAME === undefined && present.STATE_TABLE_NAME === undefined;
    if (requirements.keepsAuditState && noTable) {
      problems.push({
        path: 'AUDIT_TABLE_NAME',
        message: 'is required: the DynamoDB table of the audit state (STATE_TABLE_NAME also works)',
      });
    } else if (requirements.keepsIncidents && noTable) {
      problems.push({
        path: 'STATE_TABLE_NAME',
        message: 'is required: the DynamoDB table of incidents (AUDIT_TABLE_NAME also works)',
      });
    }
    return problems;
  });
  const config: MonitorConfig = {
    minimumAlertSeverity: values.ALERT_MIN_SEVERITY,
    alertSampleSize: values.ALERT_SAMPLE_SIZE,
    publishConcurrency: values.ALERT_PUBLISH_CONCURRENCY,
    severityOverrides: values.SEVERITY_OVERRIDES as SeverityOverrides,
    audit: {
      buckets: values.AUDIT_BUCKETS,
      accounts: values.AUDIT_ACCOUNTS,
      organizationUnits: values.AUDIT_ORGANIZATION_UNITS,
      accountInclude: values.AUDIT_ACCOUNT_INCLUDE,
      accountExclude: values.AUDIT_ACCOUNT_EXCLUDE,
      memberRoleName: values.MEMBER_ROLE_NAME,
      include: values.AUDIT_INCLUDE.length === 0 ? ['*'] : values.AUDIT_INCLUDE,
      exclude: values.AUDIT_EXCLUDE,
      sampleMaxObjects: values.SAMPLE_MAX_OBJECTS,
      sampleConcurrency: values.SAMPLE_CONCURRENCY,
      stuckAfterSeconds: values.STUCK_AFTER_SECONDS,
      metricWindowMinutes: values.METRIC_WINDOW_MINUTES,
      latencyThresholdSeconds: values.LATENCY_THRESHOLD_SECONDS,
      pendingOperationsThreshold: values.PENDING_OPERATIONS_THRESHOLD,
      pendingBytesThreshold: values.PENDING_BYTES_THRESHOLD,
      bucketConcurrency: values.AUDIT_BUCKET_CONCURRENCY,
      deadlineReserveMs: values.AUDIT_DEADLINE_RESERVE_MS,
      checksReserveMs: values.AUDIT_CHECKS_RESERVE_MS,
      diagnosisTtlSeconds: values.DIAGNOSIS_TTL_SECONDS,
    },
    incidents: {
      reminderIntervalMinutes: values.INCIDENT_REMINDER_MINUTES,
      eventQuietPeriodMinutes: values.INCIDENT_QUIET_MINUTES,
      resolveAfterMissedAudits: values.INCIDENT_RESOLVE_AFTER_AUDITS,
      auditIntervalMinutes: values.AUDIT_INTERVAL_MINUTES,
      unmonitoredGraceMinutes: values.INCIDENT_UNMONITORED_GRACE_MINUTES,
      flapWindowMinutes: values.INCIDENT_FLAP_WINDOW_MINUTES,
      digestIntervalMinutes: values.INCIDENT_DIGEST_MINUTES,
      retentionDays: values.INCIDENT_RETENTION_DAYS,
    },
  };
  const stateTable = values.STATE_TABLE_NAME ?? values.AUDIT_TABLE_NAME;
  if (stateTable !== undefined) {
    config.audit.tableName = stateTable;
    config.incidents.tableName = stateTable;
  }
  if (values.STATE_TABLE_ARN !== undefined) config.audit.tableArn = values.STATE_TABLE_ARN;
  if (values.EVENT_BUS_NAME !== undefined) config.incidents.eventBusName = values.EVENT_BUS_NAME;
  if (values.MEMBER_ROLE_EXTERNAL_ID !== undefined)
    config.audit.memberRoleExternalId = values.MEMBER_ROLE_EXTERNAL_ID;
  if (values.ALERT_TOPIC_ARN !== undefined) config.alertTopicArn = values.ALERT_TOPIC_ARN;
  return config;
}
