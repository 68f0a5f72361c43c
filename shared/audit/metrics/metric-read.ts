/** What reading a query plan returns: series by query id, and what could not be read and why. */

export interface MetricSeries {
  /** Oldest first, aligned with `values`. */
  timestamps: Date[];
  values: number[];
}

/** `cut-off`: the audit stopped waiting at its deadline; nothing is known about the metrics. */
export type MetricReadProblemKind = 'access-denied' | 'throttled' | 'cut-off' | 'error' | 'truncated';

export interface MetricReadProblem {
  kind: MetricReadProblemKind;
  action: 'cloudwatch:GetMetricData';
  region: string;
  /** The error name and message (or the reason) as a person reads it. */
  detail: string;
  /** The queries left unread: their series are unknown, never empty. */
  queryIds: string[];
}

export interface MetricReadResult {
  series: Map<string, MetricSeries>;
  problems: MetricReadProblem[];
  /** GetMetricData calls made, pages included. */
  requests: number;
}
