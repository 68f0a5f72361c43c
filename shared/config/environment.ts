import * as z from 'zod/mini';
import { ConfigurationError, type Problem } from '../model/errors.js';
import { ENGLISH } from '../model/zod-english.js';

/**
 * Reading settings from the environment, shared by every function's configuration: unset and
 * empty variables both take the schema's default (so a deployment parameter left empty leaves
 * the function its default), and every problem is reported together.
 */

/** A whole number within [minimum, maximum], `fallback` when unset. */
export const integer = (minimum: number, maximum: number, fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.gte(minimum), z.lte(maximum)), fallback);

/** An optional string that must match `pattern`, refused with `message`. */
export const optionalMatching = (pattern: RegExp, message: string) =>
  z.optional(z.string().check(z.regex(pattern, message)));

/**
 * Parses the set variables with `schema`; `checks` adds the problems that span variables (one of
 * two required, …). Throws ConfigurationError naming every problem.
 */
export function readEnvironment<Schema extends z.ZodMiniType>(
  schema: Schema,
  env: Record<string, string | undefined>,
  checks: (present: Record<string, string>) => Problem[] = () => [],
): z.output<Schema> {
  const present = Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
    ),
  );
  const parsed = schema.safeParse(present, ENGLISH);
  const problems: Problem[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  problems.push(...checks(present));
  if (!parsed.success || problems.length > 0) throw new ConfigurationError(problems);
  return parsed.data;
}

/** Every variable's default: what a function gets when it is not set. */
export function defaultsOf(schema: z.ZodMiniType): Record<string, unknown> {
  return schema.parse({}, ENGLISH) as Record<string, unknown>;
}
