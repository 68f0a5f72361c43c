import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { WorldFileError } from '../../shared/model/errors.js';
import { loadWorld, parseWorld } from '../../shared/sim/load-world.js';
import { fixtureWorld, fixtureWorldJson } from '../helpers/sim-fixture.js';

function problemsOf(change: (json: Record<string, unknown>) => void): { path: string; message: string }[] {
  const json = fixtureWorldJson();
  change(json);
  try {
    parseWorld(JSON.stringify(json), 'world.json');
  } catch (error) {
    assert.ok(error instanceof WorldFileError);
    return [...error.problems];
  }
  assert.fail('the world was accepted');
}

function bucket(json: Record<string, unknown>, index: number): Record<string, unknown> {
  return (json.buckets as Record<string, unknown>[])[index] as Record<string, unknown>;
}

describe('parseWorld', () => {
  it('applies the contract defaults', () => {
    const world = fixtureWorld();
    const dst = world.buckets[1];
    assert.equal(world.metrics[0]?.namespace, 'AWS/S3');
    assert.equal(dst?.objectLock, true);
    assert.deepEqual(world.buckets[2]?.objects, []);
    assert.equal(world.buckets[2]?.objectLock, false);
    assert.equal(world.buckets[2]?.requesterPays, false);
    const marker = world.buckets[0]?.objects[1];
    assert.equal(marker?.isLatest, true);
    assert.equal(marker?.deleteMarker, true);
    assert.equal(world.buckets[0]?.objects[3]?.sse, 'AES256');
    assert.equal(world.kmsKeys[0]?.keyManager, 'CUSTOMER');
  });

  it('names the path of a field of the wrong type', () => {
    const problems = problemsOf((json) => {
      const replication = bucket(json, 0).replication as { Rules: { Destination: { Bucket: unknown } }[] };
      const rule = replication.Rules[0];
      if (rule) rule.Destination.Bucket = 'dst-bucket';
    });
    assert.deepEqual(
      problems.map((problem) => problem.path),
      ['buckets[0].replication.Rules[0].Destination.Bucket'],
    );
  });

  it('refuses unknown fields with their path, so typos do not pass silently', () => {
    const problems = problemsOf((json) => {
      bucket(json, 2).versionning = 'Enabled';
      json.kmskeys = [];
    });
    assert.deepEqual(problems.map((problem) => problem.path).sort(), ['buckets[2].versionning', 'kmskeys']);
  });

  it('reports every problem together', () => {
    const problems = problemsOf((json) => {
      json.now = 'yesterday';
      bucket(json, 1).region = 'mars-1';
      (json.metrics as { values: unknown[] }[])[0]?.values.push(-1);
    });
    assert.deepEqual(problems.map((problem) => problem.path).sort(), [
      'buckets[1].region',
      'metrics[0].values[10]',
      'now',
    ]);
  });

  it('reports semantic problems: duplicates, status mix, versions', () => {
    const problems = problemsOf((json) => {
      const buckets = json.buckets as Record<string, unknown>[];
      buckets.push({ ...bucket(json, 2) });
      (bucket(json, 3).syntheticObjects as { statusMix: Record<string, number> }).statusMix = {
        COMPLETED: 0.5,
      };
      (bucket(json, 2) as { objects: unknown[] }).objects = [
        { key: 'x', versionId: 'v1', lastModified: '2026-11-22T13:00:00Z' },
      ];
    });
    const paths = problems.map((problem) => problem.path);
    assert.ok(paths.includes('buckets[4].name'));
    assert.ok(paths.includes('buckets[3].syntheticObjects.statusMix'));
    assert.ok(paths.includes('buckets[2].objects[0].lastModified'));
    assert.ok(paths.includes('buckets[2].objects[0].versionId'));
  });

  it('refuses text that is not JSON with the line and column', () => {
    assert.throws(
      () => parseWorld('{\n  "now": ,\n}', 'broken.json'),
      (error: unknown) =>
        error instanceof WorldFileError &&
        error.file === 'broken.json' &&
        /line 2, column 10/.test(error.problems[0]?.message ?? ''),
    );
  });
});

describe('loadWorld', () => {
  it('loads every example world', async () => {
    const directory = join(import.meta.dirname, '../../examples/worlds');
    const files = (await readdir(directory)).filter((file) => file.endsWith('.json'));
    assert.ok(files.length >= 9, `expected the example worlds, found ${files.join(', ')}`);
    for (const file of files) {
      const world = await loadWorld(join(directory, file));
      assert.ok(world.description, `${file} has a description`);
    }
  });
});
