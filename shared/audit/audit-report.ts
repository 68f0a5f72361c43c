import type { Finding } from '../model/findings.js';
import type { StatusCounts } from './sampling/object-reader.js';
import type { SamplingCoverage } from './sampling/sampling-coverage.js';

/** Per rule: what the audit covered. */
export interface RuleCoverage {
  ruleId: string;
  enabled: boolean;
  destinationBucket: string;
  metricsEnabled: boolean;
  /** Metrics for which datapoints were read (empty when none could be read or none exist). */
  metricsRead: string[];
  /** Sampled objects in the rule's scope, by replication status. */
  objects: StatusCounts;
}

/** Per source bucket: what was covered, and what was not and why. Part of the CLI contract. */
export interface BucketCoverage {
  bucket: string;
  region?: string;
  /** `skipped`: the time budget ran out before the bucket was reached; the next run audits it. */
  /** `leased`: another audit holds the bucket's lease and audits it (bucket-leases.ts). */
  status: 'audited' | 'not-found' | 'no-replication' | 'unreadable' | 'failed' | 'skipped' | 'leased';
  rules: RuleCoverage[];
  objects?: SamplingCoverage & { byStatus: StatusCounts };
  /** Checks that did not run, each with the reason. */
  checksSkipped: string[];
}

export interface AuditReport {
  startedAt: string;
  findings: Finding[];
  buckets: BucketCoverage[];
  /** AWS requests made to CloudWatch (the costly part of an audit). */
  metricRequests: number;
}
