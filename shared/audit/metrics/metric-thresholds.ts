export interface MetricThresholds {
  /** Minutes of datapoints read per run. */
  windowMinutes: number;
  latencyThresholdSeconds: number;
  /** Latency is the maximum over this many minutes, counted back from the latest datapoint. */
  latencyLookbackMinutes: number;
  pendingOperationsThreshold: number;
  pendingBytesThreshold: number;
  /** Growth rule: share of minute-to-minute steps that must rise… */
  backlogGrowthStepShare: number;
  /** …and the rise from first to last must exceed max(backlogGrowthMinimum, backlogGrowthRatio × first). */
  backlogGrowthMinimum: number;
  backlogGrowthRatio: number;
  /** Failures are summed over this many minutes before the end of the window. */
  failedLookbackMinutes: number;
}

/**
 * Latency, lookbacks and growth figures are contract defaults (docs/findings.md). The pending
 * thresholds are ours: backstops set high because a busy, healthy bucket keeps thousands of
 * operations in flight; latency and the growth rule are the primary signals. 100 GiB is about what
 * the default 1 Gbps replication quota moves in the 15-minute RTC threshold.
 */
export const DEFAULT_METRIC_THRESHOLDS: Readonly<MetricThresholds> = Object.freeze({
  windowMinutes: 60,
  latencyThresholdSeconds: 900,
  latencyLookbackMinutes: 5,
  pendingOperationsThreshold: 10_000,
  pendingBytesThreshold: 100 * 1024 ** 3,
  backlogGrowthStepShare: 0.8,
  backlogGrowthMinimum: 10,
  backlogGrowthRatio: 0.5,
  failedLookbackMinutes: 60,
});

/** Validated once here, naming the setting, so a bad threshold fails the run instead of hiding problems. */
export function resolveThresholds(overrides: Partial<MetricThresholds> = {}): MetricThresholds {
  const thresholds: MetricThresholds = { ...DEFAULT_METRIC_THRESHOLDS, ...overrides };
  for (const [name, value] of Object.entries(thresholds)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`thresholds.${name} must be a finite number ≥ 0, got ${String(value)}`);
    }
  }
  for (const name of ['windowMinutes', 'latencyLookbackMinutes', 'failedLookbackMinutes'] as const) {
    if (!Number.isInteger(thresholds[name]) || thresholds[name] < 1) {
      throw new RangeError(
        `thresholds.${name} must be a whole number of minutes ≥ 1, got ${thresholds[name]}`,
      );
    }
  }
  if (thresholds.backlogGrowthStepShare > 1) {
    throw new RangeError(
      `thresholds.backlogGrowthStepShare must be at most 1, got ${thresholds.backlogGrowthStepShare}`,
    );
  }
  return thresholds;
}
