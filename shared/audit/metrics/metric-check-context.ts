import type { Finding, FindingCode } from '../../model/findings.js';
import type { MetricQueryPlan, MetricTarget, ReplicationMetric } from './metric-queries.js';
import type { MetricSeries } from './metric-read.js';
import type { MetricThresholds } from './metric-thresholds.js';

/** What each metric check receives: the series read for one target, and how to build its finding. */

/** The series read for one target, by metric; a metric that could not be read is absent. */
export type TargetSeries = Partial<Record<ReplicationMetric, MetricSeries>>;

export type FindingFields = Omit<
  Finding,
  'code' | 'severity' | 'sourceBucket' | 'ruleId' | 'destinationBucket'
>;
export type FindingBuilder = (code: FindingCode, target: MetricTarget, fields: FindingFields) => Finding;
export interface CheckContext {
  plan: MetricQueryPlan;
  target: MetricTarget;
  thresholds: MetricThresholds;
  build: FindingBuilder;
}
