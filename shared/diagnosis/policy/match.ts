import type { RequestContext } from './context.js';
import { type PatternToken, tokenize } from './variables.js';

export interface PatternOptions {
  /** Whether `*` and `?` are wildcards (StringLike, ARNs) or plain characters (StringEquals). */
  wildcards: boolean;
  ignoreCase?: boolean;
  /** The context policy variables are read from; undefined leaves `${…}` as literal text. */
  variables?: RequestContext | undefined;
}

/**
 * Whether `value` matches an IAM string pattern as a whole. Returns undefined when a policy
 * variable in the pattern cannot be resolved, so callers can treat that value as matching in
 * neither the positive nor the negated sense, as IAM does.
 */
export function patternMatches(value: string, pattern: string, options: PatternOptions): boolean | undefined {
  const tokens = tokenize(pattern, { wildcards: options.wildcards, variables: options.variables });
  return tokens === undefined ? undefined : toRegExp(tokens, options.ignoreCase === true).test(value);
}

/**
 * `s3:Replicate*` against `s3:ReplicateObject`. Action names are case-insensitive in IAM, and a
 * wildcard never crosses from the action name into the service prefix.
 */
export function actionMatches(action: string, pattern: string): boolean {
  if (pattern === '*') return true;
  const [service, name = ''] = splitOnce(pattern);
  const [requestService, requestName = ''] = splitOnce(action);
  if (service.toLowerCase() !== requestService.toLowerCase()) return false;
  return patternMatches(requestName, name, { wildcards: true, ignoreCase: true }) === true;
}

/**
 * ARN matching as IAM does for `Resource` and the Arn* operators: the six colon-separated parts
 * (the last one keeps its own colons) are compared one by one, case-sensitively, so `*` in the
 * Region never swallows the account. `padShort` completes `arn:aws:s3:*` with `*` parts, as the
 * `Resource` element does; the Arn* operators need all six parts.
 */
export function arnMatches(
  value: string,
  pattern: string,
  options: { variables?: RequestContext | undefined; padShort?: boolean },
): boolean | undefined {
  const patternParts = pattern.split(':');
  while (options.padShort === true && patternParts.length < 6 && pattern.endsWith('*'))
    patternParts.push('*');
  const parts = splitArn(value);
  const wanted =
    patternParts.length < 6 ? undefined : [...patternParts.slice(0, 5), patternParts.slice(5).join(':')];
  if (parts === undefined || wanted === undefined) return false;
  let result: boolean | undefined = true;
  for (const [position, part] of parts.entries()) {
    const matched = patternMatches(part, wanted[position] ?? '', {
      wildcards: true,
      variables: options.variables,
    });
    if (matched === undefined) result = undefined;
    else if (!matched) return false;
  }
  return result;
}

/** `arn:partition:service:region:account:resource`, the resource keeping any further colons. */
function splitArn(value: string): string[] | undefined {
  const parts = value.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

function splitOnce(value: string): [string, string | undefined] {
  const colon = value.indexOf(':');
  return colon === -1 ? [value, undefined] : [value.slice(0, colon), value.slice(colon + 1)];
}

function toRegExp(tokens: PatternToken[], ignoreCase: boolean): RegExp {
  const source = tokens
    .map((token) => {
      if (token.kind === 'any') return '[\\s\\S]*';
      if (token.kind === 'one') return '[\\s\\S]';
      return token.text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'iu' : 'u');
}
