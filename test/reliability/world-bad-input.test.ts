import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { openWorld } from '../../shared/cli/world-session.js';
import { WorldFileError } from '../../shared/model/errors.js';
import { formatJsonPath, parseWorld } from '../../shared/sim/load-world.js';
import { tally } from '../helpers/reliability/figures.js';
import { type JsonPath, jsonPaths, valueAt, withValueAt } from '../helpers/reliability/json-paths.js';
import { exampleWorld, worldFile } from '../helpers/worlds.js';

const WORLDS = ['healthy-multi-rule', 'demo-account', 'kms-key-pending-deletion'].map((name) => ({
  name,
  json: exampleWorld(name),
}));

/** Parses and returns the refusal; fails the test on acceptance or on any other error. */
function refusal(text: string): WorldFileError {
  try {
    parseWorld(text, 'world.json');
  } catch (error) {
    assert.ok(
      error instanceof WorldFileError,
      `a ${(error as Error).name} escaped: ${(error as Error).message}`,
    );
    assert.ok(error.problems.length > 0);
    tally('world.refused');
    return error;
  }
  assert.fail('the malformed world was accepted');
}

const pathOf = (generated: { world: number; index: number }, kind: 'leaf' | 'object') => {
  const world = WORLDS[generated.world % WORLDS.length] as (typeof WORLDS)[number];
  const paths = jsonPaths(world.json, kind);
  return { world: world.json, path: paths[generated.index % paths.length] as JsonPath };
};
const position = fc.record({ world: fc.nat(), index: fc.nat() });

/**
 * A JSON value of another type than `original`, and not valid in its place: never null (a metric's
 * value may be null, for a minute without a datapoint), never a number where that null was.
 */
const otherType = (original: unknown) =>
  fc
    .oneof(
      fc.string(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.array(fc.jsonValue(), { maxLength: 2 }),
      fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 2 }),
    )
    .filter(
      (value) => typeOf(value) !== typeOf(original) && !(original === null && typeof value === 'number'),
    );
const typeOf = (value: unknown) => (Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value);

describe('world files: generated malformations', () => {
  it('refuses a value of the wrong type anywhere, naming its JSON path', () => {
    fc.assert(
      fc.property(
        position.chain((generated) => {
          const { world, path } = pathOf(generated, 'leaf');
          return otherType(valueAt(world, path)).map((replacement) => ({ world, path, replacement }));
        }),
        ({ world, path, replacement }) => {
          const error = refusal(JSON.stringify(withValueAt(world, path, replacement)));
          const named = formatJsonPath(path);
          assert.ok(
            error.problems.some((problem) => problem.path === named),
            `expected a problem at ${named}, got ${error.problems.map((problem) => problem.path).join(', ')}`,
          );
        },
      ),
      { numRuns: 400 },
    );
  });

  it('refuses an unknown field in any fixed-shape object, naming it', () => {
    fc.assert(
      fc.property(
        position,
        fc.stringMatching(/^[a-z][A-Za-z]{2,12}$/),
        fc.jsonValue(),
        (generated, field, value) => {
          const { world, path } = pathOf(generated, 'object');
          const target = valueAt(world, path) as Record<string, unknown>;
          fc.pre(!(field in target) && !['description', 'etag', 'storageClass'].includes(field));
          const error = refusal(JSON.stringify(withValueAt(world, [...path, field], value)));
          const named = formatJsonPath([...path, field]);
          const problem = error.problems.find((candidate) => candidate.path === named);
          assert.ok(problem, `expected ${named} among ${error.problems.map((item) => item.path).join(', ')}`);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses truncated JSON with the line and column where it breaks', () => {
    fc.assert(
      fc.property(
        fc.nat(WORLDS.length - 1),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (world, cut) => {
          const text = JSON.stringify((WORLDS[world] as (typeof WORLDS)[number]).json, null, 2);
          const error = refusal(text.slice(0, Math.floor(cut * text.length)));
          assert.deepEqual(
            error.problems.map((problem) => problem.path),
            [''],
          );
          assert.match(
            error.problems[0]?.message ?? '',
            /^not valid JSON: .*\(line \d+, column \d+\)$|^not valid JSON: /,
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('refuses arbitrary text and JSON that is no world at all', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((value) => JSON.stringify(value) ?? 'null'),
        ),
        (text) => {
          refusal(text);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a malformed file through the CLI session, naming the file and the path', async () => {
    const world = exampleWorld('healthy-multi-rule');
    (world.buckets[1] as Record<string, unknown>).objects = [{ key: '', lastModified: 'yesterday' }];
    const file = worldFile(world);
    await assert.rejects(openWorld(file), (error: unknown) => {
      assert.ok(error instanceof WorldFileError);
      assert.equal(error.file, file);
      assert.deepEqual(error.problems.map((problem) => problem.path).sort(), [
        'buckets[1].objects[0].key',
        'buckets[1].objects[0].lastModified',
      ]);
      return true;
    });
    writeFileSync(file, '{"now": "2026-11-22T12:00:00Z", "monitor": ');
    await assert.rejects(openWorld(file), WorldFileError);
  });
});
