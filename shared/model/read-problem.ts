/** Why the monitor could not read something. Never a healthy verdict. */
export interface ReadProblem {
  /**
   * `cut-off`: the audit stopped waiting for the answer at its deadline (DeadlineExceededError);
   * it says nothing about the thing read, and passes by itself.
   */
  kind: 'access-denied' | 'throttled' | 'cut-off' | 'error';
  /** The IAM action the refused or failed call needs, e.g. `s3:GetBucketVersioning`. */
  action: string;
  /** The ARN it was called on. */
  resource: string;
  detail: string;
  /**
   * The failure may pass by itself (a 5xx, a timeout, a reset connection, no answer at all): the
   * thing is worth reading again, not to be given up on. Absent for a lasting answer (e.g. 400).
   */
  transient?: boolean;
  /** The HTTP status of the answer, when there was one (a HEAD's 400 has no error body). */
  status?: number;
}
