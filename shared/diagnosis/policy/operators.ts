import type { RequestContext } from './context.js';
import { ipInRange } from './ip.js';
import { arnMatches, patternMatches } from './match.js';
import type { ConditionOperator } from './model.js';

const NEGATED: Partial<Record<ConditionOperator, ConditionOperator>> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
  NumericNotEquals: 'NumericEquals',
  DateNotEquals: 'DateEquals',
  NotIpAddress: 'IpAddress',
};

/** The positive operator a negated one inverts (`StringNotLike` → `StringLike`), if it is negated. */
export function positiveOf(operator: ConditionOperator): ConditionOperator | undefined {
  return NEGATED[operator];
}

/**
 * Compares one request value with one policy value under a positive operator. Undefined when
 * either side cannot be read as the operator's type or a policy variable has no value: IAM then
 * counts the pair as matching in neither the positive nor the negated sense.
 */
export function compareValue(
  operator: ConditionOperator,
  requestValue: string,
  policyValue: string,
  variables: RequestContext | undefined,
): boolean | undefined {
  switch (operator) {
    case 'StringEquals':
      return patternMatches(requestValue, policyValue, { wildcards: false, variables });
    case 'StringEqualsIgnoreCase':
      return patternMatches(requestValue, policyValue, { wildcards: false, ignoreCase: true, variables });
    case 'StringLike':
      return patternMatches(requestValue, policyValue, { wildcards: true, variables });
    // IAM documents ArnEquals and ArnLike as the same operator: both accept wildcards.
    case 'ArnEquals':
    case 'ArnLike':
      return arnMatches(requestValue, policyValue, { variables });
    case 'NumericEquals':
    case 'NumericLessThan':
    case 'NumericLessThanEquals':
    case 'NumericGreaterThan':
    case 'NumericGreaterThanEquals':
      return compareOrdered(operator, toNumber(requestValue), toNumber(policyValue));
    case 'DateEquals':
    case 'DateLessThan':
    case 'DateLessThanEquals':
    case 'DateGreaterThan':
    case 'DateGreaterThanEquals':
      return compareOrdered(operator, toEpochMilliseconds(requestValue), toEpochMilliseconds(policyValue));
    case 'Bool':
      return compareBool(requestValue, policyValue, variables);
    case 'BinaryEquals':
      return requestValue === policyValue;
    case 'IpAddress':
      return ipInRange(requestValue, policyValue);
    default:
      return undefined;
  }
}

function compareOrdered(
  operator: ConditionOperator,
  request: number | undefined,
  policy: number | undefined,
): boolean | undefined {
  if (request === undefined || policy === undefined) return undefined;
  if (operator.endsWith('GreaterThanEquals')) return request >= policy;
  if (operator.endsWith('GreaterThan')) return request > policy;
  if (operator.endsWith('LessThanEquals')) return request <= policy;
  if (operator.endsWith('LessThan')) return request < policy;
  return request === policy;
}

function toNumber(text: string): number | undefined {
  const value = Number(text);
  return text.trim() === '' || !Number.isFinite(value) ? undefined : value;
}

/** ISO 8601 dates, or whole seconds since the epoch (`aws:EpochTime`), in milliseconds. */
function toEpochMilliseconds(text: string): number | undefined {
  if (/^-?\d+$/.test(text)) return Number(text) * 1000;
  const value = Date.parse(text);
  return Number.isNaN(value) ? undefined : value;
}

function compareBool(requestValue: string, policyValue: string, variables: RequestContext | undefined) {
  const isTrue = patternMatches('true', policyValue, { wildcards: false, ignoreCase: true, variables });
  const isFalse = patternMatches('false', policyValue, { wildcards: false, ignoreCase: true, variables });
  const request = requestValue.toLowerCase();
  if (isTrue === undefined || (!isTrue && !isFalse) || (request !== 'true' && request !== 'false'))
    return undefined;
  return isTrue === (request === 'true');
}
