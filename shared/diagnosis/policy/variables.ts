import type { RequestContext } from './context.js';

/** Literal text, `*` (any run of characters) or `?` (exactly one character). */
export type PatternToken = { kind: 'text'; text: string } | { kind: 'any' } | { kind: 'one' };

const ESCAPES: Record<string, string> = { '*': '*', '?': '?', $: '$' };

/**
 * Splits an IAM string into literal text and wildcards, substituting policy variables from the
 * request context (`variables` undefined: none are substituted). `${*}`, `${?}` and `${$}` are the
 * escapes for literal characters; `${key, 'default'}` falls back to the default.
 *
 * Returns undefined when a variable has no single value and no default: AWS then treats the value
 * as unable to match (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-no-value).
 */
export function tokenize(
  pattern: string,
  options: { wildcards: boolean; variables: RequestContext | undefined },
): PatternToken[] | undefined {
  const tokens: PatternToken[] = [];
  let text = '';
  const flush = () => {
    if (text !== '') tokens.push({ kind: 'text', text });
    text = '';
  };
  for (let position = 0; position < pattern.length; position++) {
    const character = pattern.charAt(position);
    const end = pattern.indexOf('}', position + 2);
    if (character === '$' && pattern.charAt(position + 1) === '{' && end !== -1 && options.variables) {
      const value = resolve(pattern.slice(position + 2, end), options.variables);
      if (value === undefined) return undefined;
      text += value;
      position = end;
    } else if (options.wildcards && (character === '*' || character === '?')) {
      flush();
      tokens.push({ kind: character === '*' ? 'any' : 'one' });
    } else {
      text += character;
    }
  }
  flush();
  return tokens;
}

function resolve(inner: string, variables: RequestContext): string | undefined {
  const escaped = ESCAPES[inner];
  if (escaped !== undefined) return escaped;
  const [name = '', fallback] = inner.split(', ');
  const value = variables.get(name.trim().toLowerCase());
  if (typeof value === 'string') return value;
  // A multivalued key cannot stand in for one string; only the default can.
  const quoted = fallback !== undefined && /^'.*'$/.test(fallback) ? fallback.slice(1, -1) : undefined;
  return quoted;
}
