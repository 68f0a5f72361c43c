/**
 * Shapes of the policy evaluator. It reads policy documents and a request, never AWS, so the audit
 * can tell offline whether a bucket policy, a key policy or a trust policy lets replication work.
 */

/** Who asks: an IAM role, user or assumed-role session by ARN, or an AWS service principal. */
export type PolicyPrincipal = { kind: 'AWS'; arn: string } | { kind: 'Service'; name: string };

/** A request-context value. Booleans and numbers are compared as the strings IAM would see. */
export type ContextValue = string | string[] | boolean | number;

export interface AccessRequest {
  principal: PolicyPrincipal;
  /** `service:Action`, e.g. `s3:ReplicateObject`; compared case-insensitively, as IAM does. */
  action: string;
  /** An ARN, compared literally: a `*` in it is a character here, never a wildcard. */
  resource: string;
  /** Condition keys; their names are case-insensitive, as in IAM. */
  context?: Record<string, ContextValue>;
  /**
   * How a key missing from `context` is read: `absent` (the default: the request does not carry
   * it) or `unknown` (the caller cannot know; a condition on it is undecided, never false).
   */
  missingKeys?: 'absent' | 'unknown';
  /** Keys the request certainly does not carry, whatever `missingKeys` says. */
  absentKeys?: readonly string[];
  /** Keys whose value is known only by its start, e.g. `aws:userid` → `AROAEXAMPLE:`. */
  knownPrefixes?: Record<string, string>;
}

/**
 * Which kind of policy a document is. Identity policies and permissions boundaries name no
 * principal; resource-based and trust policies must name the one asking.
 */
export type PolicyKind = 'identity' | 'boundary' | 'resource' | 'trust';

export type Effect = 'Allow' | 'Deny';

export interface StatementMatch {
  policyName: string;
  /** Position in the `Statement` array (0 when `Statement` is a single object). */
  index: number;
  sid?: string;
  effect: Effect;
  /**
   * Matched only through an account principal (`111122223333` or `arn:aws:iam::111122223333:root`):
   * the account delegates the decision to its own IAM policies. Set for resource and trust policies.
   */
  viaAccountRoot?: boolean;
  /** A Deny that applies because its `NotPrincipal` does not exempt the principal. */
  viaNotPrincipal?: boolean;
  /** Applies only if these condition keys (unknown to the caller) have the values it asks for. */
  unknownKeys?: string[];
}

export type PolicyProblemCode =
  | 'invalid-json'
  | 'invalid-document'
  | 'invalid-type'
  | 'invalid-value'
  | 'missing-element'
  | 'conflicting-elements'
  | 'element-not-allowed'
  | 'unknown-element'
  | 'unknown-operator';

/** What a problem cost: a statement, the whole document, or nothing (the element is ignored). */
export type ProblemConsequence = 'statement skipped' | 'policy not evaluated' | 'ignored';

/** A part of a document the evaluator could not read. Reported as data, never thrown. */
export interface PolicyProblem {
  code: PolicyProblemCode;
  /** A JSON path into the document, e.g. `Statement[1].Condition.StringLike.kms:ViaService`. */
  path: string;
  message: string;
  consequence: ProblemConsequence;
  /** The statement skipped because of this problem; absent for document-level problems. */
  statementIndex?: number;
}

export interface PolicyResult {
  /** Allow statements that apply to the request. */
  allows: StatementMatch[];
  /** Deny statements that apply to the request. */
  denies: StatementMatch[];
  /** Statements that apply or not depending on keys the caller does not know (`unknownKeys`). */
  undecided: StatementMatch[];
  problems: PolicyProblem[];
}

export type PolicyDecision = 'allowed' | 'explicitDeny' | 'implicitDeny';
