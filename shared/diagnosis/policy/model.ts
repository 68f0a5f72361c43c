import type { Effect } from './types.js';

/**
 * A policy document after tolerant parsing: every string-or-array element is an array, every
 * `Not…` element a flag, so matching never re-reads raw JSON.
 */

/** `Action`/`NotAction` or `Resource`/`NotResource`. */
export interface ElementValues {
  negated: boolean;
  values: string[];
}

/** One principal named by `Principal` or `NotPrincipal`. */
export type PrincipalEntry =
  | { kind: 'everyone' }
  | { kind: 'account'; account: string }
  | { kind: 'arn'; arn: string }
  | { kind: 'service'; name: string }
  /** Federated and canonical users, unique ids of deleted principals: never the principals we evaluate. */
  | { kind: 'other'; value: string };

export interface PrincipalElement {
  negated: boolean;
  entries: PrincipalEntry[];
}

export const CONDITION_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'ArnEquals',
  'ArnNotEquals',
  'ArnLike',
  'ArnNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'Null',
] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

export type SetQualifier = 'ForAnyValue' | 'ForAllValues';

/** One key under one operator: `"StringLike": {"kms:ViaService": [...]}` gives one clause per key. */
export interface ConditionClause {
  operator: ConditionOperator;
  qualifier?: SetQualifier;
  ifExists: boolean;
  key: string;
  values: string[];
}

export interface ParsedStatement {
  index: number;
  sid?: string;
  effect: Effect;
  action: ElementValues;
  /** Absent in trust policies, which have no `Resource`. */
  resource?: ElementValues;
  /** Absent in identity policies and permissions boundaries. */
  principal?: PrincipalElement;
  conditions: ConditionClause[];
}
