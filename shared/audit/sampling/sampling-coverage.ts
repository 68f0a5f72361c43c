/** What one run of sampling covered, for the report and the findings about what was left unread. */

/**
 * Why sampling stopped before the end of the bucket. `maxObjects` and `timeShare` (the bucket's
 * share of sampling's time, while other buckets wait) are the sweep's normal pace: the re-checks
 * ran and the next run goes on from the cursor. The others left something unread.
 */
export type SamplingStop = 'deadline' | 'maxObjects' | 'timeShare' | 'throttled' | 'access-denied' | 'error';

export interface SamplingCoverage {
  /** Objects read by the sweep this run (not counting re-checks). */
  examined: number;
  rechecked: number;
  listedPages: number;
  /** The sweep reached the end of the bucket in this run; the next run starts over. */
  complete: boolean;
  stoppedBy?: SamplingStop;
  /** Objects S3 answered with an error other than refusal or throttling (e.g. SSE-C objects, 400). */
  unreadable: number;
}
