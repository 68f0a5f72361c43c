import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { type Problem, WorldFileError } from '../model/errors.js';
import { jsonErrorOffset } from './json-position.js';
import { checkWorld } from './world-checks.js';
import { type World, worldSchema } from './world-schema.js';

/** Reads and validates a world file (docs/world-format.md); every problem is reported together. */
export async function loadWorld(file: string): Promise<World> {
  const text = await readFile(file, 'utf8');
  return parseWorld(text, file);
}

/** Parses world JSON; `file` only names the source in the error. */
export function parseWorld(text: string, file: string): World {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new WorldFileError(
      file,
      [{ path: '', message: `not valid JSON: ${describeJsonError(cause, text)}` }],
      {
        cause,
      },
    );
  }
  const parsed = worldSchema.safeParse(json);
  if (!parsed.success) throw new WorldFileError(file, parsed.error.issues.flatMap(issueProblems));
  const problems = checkWorld(parsed.data);
  if (problems.length > 0) throw new WorldFileError(file, problems);
  return parsed.data;
}

/** `buckets[2].replication.Rules[0].Destination.Bucket`: the path a person finds in the file. */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_$][\w$]*$/.test(segment))
      out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

function issueProblems(issue: z.core.$ZodIssue): Problem[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: formatJsonPath([...issue.path, key]),
      message: 'unknown field (not in the world format: docs/world-format.md)',
    }));
  }
  return [{ path: formatJsonPath(issue.path), message: issue.message }];
}

/** Adds the line and column, which editors show, to V8's message. */
function describeJsonError(cause: unknown, text: string): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  const offset = jsonErrorOffset(text);
  if (offset === undefined) return message;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `${message} (line ${line}, column ${column})`;
}
