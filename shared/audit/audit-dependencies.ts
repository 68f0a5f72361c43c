import type { AuditSettings } from '../config/config.js';
import type { DiagnosisDependencies } from '../diagnosis/diagnose-replication.js';
import type { Clock } from '../model/clock.js';
import type { SeverityOverrides } from '../model/findings.js';
import type { MemberAudits } from './accounts/member-accounts.js';
import type { BucketLeases } from './bucket-leases.js';
import type { S3BucketReader } from './bucket-reader.js';
import type { MetricsReader } from './metrics/check-replication-metrics.js';
import type { AuditStateStore } from './sampling/audit-state.js';
import type { ObjectReader } from './sampling/object-reader.js';

export interface AuditRequest {
  /** Source buckets; empty: the configured ones, or discovery. */
  buckets: string[];
  /** Objects examined per bucket; defaults to the configured sample size. */
  sampleSize?: number;
}

export interface AuditDependencies {
  bucketReader: S3BucketReader;
  objectReader: ObjectReader;
  metricsReader: MetricsReader;
  stateStore: AuditStateStore;
  clock: Clock;
  /**
   * True once no check may start: what time is left is kept to save state and send alerts (the
   * Lambda's remaining time, less AUDIT_DEADLINE_RESERVE_MS). A bucket, its diagnosis or the
   * metrics not started by then are reported as MONITOR_CHECK_INCOMPLETE, never as healthy.
   */
  deadline: () => boolean;
  /**
   * Sampling's time left: the Lambda's remaining time less both reserves, so sampling stops at 0
   * leaving the checks that follow it (diagnosis, metrics) AUDIT_CHECKS_RESERVE_MS. It is shared
   * between the buckets (`timeShare`). Absent (the CLI): sampling stops at `deadline`, unshared.
   */
  samplingTimeLeftMs?: () => number;
  settings: AuditSettings;
  severityOverrides: SeverityOverrides;
  /** One audit at a time per bucket; absent (a single run, no shared state), no lease is taken. */
  leases?: BucketLeases;
  /** The role and KMS diagnosis; absent, those checks are skipped and the coverage says so. */
  diagnosis?: Omit<DiagnosisDependencies, 'clock' | 'severityOverrides'>;
  /** Member accounts audited through their read role; absent, the monitor's own account only. */
  members?: MemberAudits;
}
