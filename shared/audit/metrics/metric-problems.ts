import { type Finding, type SeverityOverrides, severityOf } from '../../model/findings.js';
import { timeBudgetFinding } from '../../model/observed.js';
import { findingBuilder } from './metric-checks.js';
import type { MetricQuery, MetricQueryPlan, MetricTarget } from './metric-queries.js';
import type { MetricReadProblem, MetricReadProblemKind } from './metric-read.js';
import { describeTarget } from './metric-remediation.js';

const MONITOR_STATEMENT = JSON.stringify({
  Effect: 'Allow',
  Action: 'cloudwatch:GetMetricData',
  Resource: '*',
});

/** Refusals and cut-offs have findings of their own (one per bucket and Region, one time budget). */
type IncompleteKind = Exclude<MetricReadProblemKind, 'access-denied' | 'cut-off'>;

const WHY: Record<IncompleteKind, string> = {
  throttled: 'GetMetricData was throttled after the SDK retries',
  error: 'GetMetricData failed',
  truncated: 'the datapoints ran past the page budget',
};

const FIX: Record<IncompleteKind, string> = {
  throttled:
    'The next run reads these metrics again. If throttling persists, lower the monitor concurrency or the number of tools sharing the account GetMetricData quota (50 TPS), or request a quota increase.',
  error:
    'The next run reads these metrics again. If it persists, check that the monitor can reach monitoring.REGION.amazonaws.com and that the Region is enabled for the account (opt-in Regions).',
  truncated: 'Shorten windowMinutes or raise the reader page budget so every page of datapoints is read.',
};

interface Group {
  target: MetricTarget;
  region: string;
  queries: MetricQuery[];
  problems: MetricReadProblem[];
}

/**
 * What could not be read, as findings: refused reads become MONITOR_ACCESS_DENIED (one per source
 * bucket and Region, since one IAM statement fixes them all), other failures
 * MONITOR_CHECK_INCOMPLETE per rule and Region, and reads abandoned at the audit's deadline a
 * time-budget finding for their bucket (which the audit folds into one per bucket). Either way
 * the metrics are reported unchecked.
 */
export function findingsForReadProblems(
  plan: MetricQueryPlan,
  allProblems: readonly MetricReadProblem[],
  overrides: SeverityOverrides = {},
): Finding[] {
  const build = findingBuilder(overrides);
  const problems = allProblems.filter((problem) => problem.kind !== 'cut-off');
  const cutOff = group(
    plan,
    allProblems.filter((problem) => problem.kind === 'cut-off'),
    false,
    (query, _target, region) => `${query.targetIndex}\n${region}`,
  );
  const denied = group(plan, problems, true, (_query, target, region) => `${target.sourceBucket}\n${region}`);
  const incomplete = group(
    plan,
    problems,
    false,
    (query, _target, region) => `${query.targetIndex}\n${region}`,
  );
  return [
    ...[...cutOff.values()].map(({ target, region, queries }) =>
      timeBudgetFinding(
        target.sourceBucket,
        [`${queries.map((query) => query.metric).join(', ')} of ${describeTarget(target)} in ${region}`],
        overrides,
      ),
    ),
    ...[...denied.values()].map(({ target, region, queries, problems: seen }) => {
      const rules = [...new Set(queries.map((query) => plan.targets[query.targetIndex]?.ruleId))];
      const metrics = [...new Set(queries.map((query) => query.metric))];
      return {
        code: 'MONITOR_ACCESS_DENIED',
        severity: severityOf('MONITOR_ACCESS_DENIED', overrides),
        sourceBucket: target.sourceBucket,
        action: 'cloudwatch:GetMetricData',
        // The action has no resource-level permissions; the Region in the ARN says where it was refused.
        resource: `arn:aws:cloudwatch:${region}:*:*`,
        principal: 'monitor',
        region,
        message: `The monitor was refused cloudwatch:GetMetricData in ${region}, so ${metrics.join(', ')} of ${target.sourceBucket} (rules ${rules.join(', ')}) are unchecked, not healthy.`,
        remediation: `Add this statement to the monitor's role: ${MONITOR_STATEMENT} (GetMetricData supports no resource-level permissions, so Resource must be "*"). If the role already allows it, look for an explicit Deny in its permissions boundary or an SCP covering ${region} (for example an aws:RequestedRegion condition).`,
        evidence: { rules, metrics, details: [...new Set(seen.map((problem) => problem.detail))] },
      } satisfies Finding;
    }),
    ...[...incomplete.values()].map(({ target, region, queries, problems: seen }) => {
      const metrics = queries.map((query) => query.metric);
      const kinds = [...new Set(seen.map((problem) => problem.kind))].filter(
        (kind): kind is IncompleteKind => kind !== 'access-denied' && kind !== 'cut-off',
      );
      return build('MONITOR_CHECK_INCOMPLETE', target, {
        metric: metrics.join(','),
        action: 'cloudwatch:GetMetricData',
        resource: `arn:aws:cloudwatch:${region}:*:*`,
        region,
        message: `${metrics.join(', ')} of ${describeTarget(target)} were not read in ${region} (${kinds.map((kind) => WHY[kind]).join('; ')}): unchecked, not healthy.`,
        remediation: kinds.map((kind) => FIX[kind].replace('REGION', region)).join(' '),
        evidence: {
          unreadMetrics: metrics,
          kinds,
          details: [...new Set(seen.map((problem) => problem.detail))],
        },
      });
    }),
  ];
}

function group(
  plan: MetricQueryPlan,
  problems: readonly MetricReadProblem[],
  accessDenied: boolean,
  keyOf: (query: MetricQuery, target: MetricTarget, region: string) => string,
): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const problem of problems) {
    if ((problem.kind === 'access-denied') !== accessDenied) continue;
    for (const id of problem.queryIds) {
      const query = plan.queries.get(id);
      const target = query === undefined ? undefined : plan.targets[query.targetIndex];
      if (query === undefined || target === undefined) continue;
      const key = keyOf(query, target, problem.region);
      const entry = groups.get(key) ?? { target, region: problem.region, queries: [], problems: [] };
      if (!entry.queries.includes(query)) entry.queries.push(query);
      if (!entry.problems.includes(problem)) entry.problems.push(problem);
      groups.set(key, entry);
    }
  }
  return groups;
}
