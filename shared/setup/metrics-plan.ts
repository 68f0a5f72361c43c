import {
  normaliseRule,
  type ReplicationConfigurationInput,
  type ReplicationRuleInput,
} from '../model/replication-rules.js';

/**
 * What `setup` sets on a rule. S3 accepts 15 minutes only, and requires this exact setting on a
 * rule with Replication Time Control.
 */
export const MONITOR_METRICS = { Status: 'Enabled', EventThreshold: { Minutes: 15 } } as const;

export interface RuleMetricsChange {
  ruleId: string;
  /** The rule's position in `Rules`. */
  index: number;
  before: ReplicationRuleInput;
  after: ReplicationRuleInput;
  reason: string;
}

export interface RuleMetricsProblem {
  code: 'V1_RULE_WITHOUT_METRICS';
  ruleId: string;
  message: string;
  remediation: string;
}

export interface MetricsPlan {
  changes: RuleMetricsChange[];
  /** Enabled rules that lack metrics and that setup cannot change. */
  problems: RuleMetricsProblem[];
  /** The whole configuration with every change applied (Role and other rules verbatim); absent when nothing changes. */
  document?: ReplicationConfigurationInput;
}

/**
 * Plans replication metrics on every enabled rule that lacks them: without metrics S3 sends no
 * replication event for the rule and publishes no replication metric, so failures go unseen.
 * PutBucketReplication replaces the whole configuration, so the plan is the whole document.
 * Disabled rules replicate nothing and are left alone.
 */
export function planMetrics(configuration: ReplicationConfigurationInput): MetricsPlan {
  const changes: RuleMetricsChange[] = [];
  const problems: RuleMetricsProblem[] = [];
  for (const [index, rule] of (configuration.Rules ?? []).entries()) {
    const normalised = normaliseRule(rule, index);
    if (!normalised.enabled || rule.Destination?.Metrics?.Status === 'Enabled') continue;
    if (normalised.schemaVersion === 1) {
      problems.push({
        code: 'V1_RULE_WITHOUT_METRICS',
        ruleId: normalised.id,
        message: `Rule ${normalised.id} is a V1 rule (a top-level Prefix, no Filter): S3 accepts replication metrics only on V2 rules, so this rule sends no replication events.`,
        remediation: `Rewrite rule ${normalised.id} as a V2 rule: Filter {"Prefix": ${JSON.stringify(rule.Prefix ?? '')}} instead of Prefix, DeleteMarkerReplication {"Status": "Enabled"} (V1 rules replicate delete markers) and a Priority; then run setup again.`,
      });
      continue;
    }
    const after = structuredClone(rule);
    after.Destination = { ...after.Destination, Metrics: structuredClone(MONITOR_METRICS) };
    changes.push({
      ruleId: normalised.id,
      index,
      before: structuredClone(rule),
      after,
      reason: normalised.replicationTimeControl
        ? 'Replication Time Control is enabled, and S3 requires Metrics with a 15-minute EventThreshold alongside it.'
        : 'Without replication metrics S3 sends no s3:Replication events for this rule and publishes no replication metrics.',
    });
  }
  if (changes.length === 0) return { changes, problems };
  const document = structuredClone(configuration);
  const rules = document.Rules ?? [];
  for (const change of changes) rules[change.index] = structuredClone(change.after);
  return { changes, problems, document };
}
