import type { RequestContext } from './context.js';
import { tokenize } from './variables.js';

/**
 * How a policy string compares with every value that starts with `prefix`: `all` of them match it
 * (`AROAEXAMPLE:*`), `none` can (its literal start contradicts the prefix, or it is a shorter
 * literal), or `some` might.
 */
export function prefixMatch(
  prefix: string,
  pattern: string,
  options: { wildcards: boolean; ignoreCase: boolean; variables: RequestContext | undefined },
): 'all' | 'none' | 'some' {
  const tokens = tokenize(pattern, { wildcards: options.wildcards, variables: options.variables });
  if (tokens === undefined) return 'none';
  const fold = (text: string) => (options.ignoreCase ? text.toLowerCase() : text);
  const [first] = tokens;
  const literal = first?.kind === 'text' ? fold(first.text) : '';
  const rest = first?.kind === 'text' ? tokens.slice(1) : tokens;
  const start = fold(prefix);
  if (rest.length === 0) return literal.startsWith(start) ? 'some' : 'none';
  if (start.startsWith(literal)) return rest.length === 1 && rest[0]?.kind === 'any' ? 'all' : 'some';
  return literal.startsWith(start) ? 'some' : 'none';
}
