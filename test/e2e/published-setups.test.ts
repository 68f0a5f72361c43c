import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { WORLDS } from '../helpers/worlds.js';

/**
 * Worlds translated from published replication setups (examples/worlds/real) and the common
 * destination guard rails (examples/worlds/guard-rails), each with the verdict AWS's documentation
 * gives it (`expected`): a full audit reports exactly the expected warning and critical findings,
 * at the expected severity, and every expected info finding. A healthy setup gets no warning
 * beyond the ones its expectation names (REPLICATION_METRICS_DISABLED, where it has no metrics).
 */

interface ExpectedFinding {
  code: string;
  severity: string;
  action?: string;
  resource?: string;
  layer?: string;
}
interface Expected {
  verdict: 'healthy' | 'broken';
  findings: ExpectedFinding[];
  info?: { code: string; action?: string }[];
}
interface Reported extends ExpectedFinding {
  [field: string]: unknown;
}

const folders = ['guard-rails', 'real'];
const worlds = folders.flatMap((folder) =>
  readdirSync(`${WORLDS}${folder}`)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => `${folder}/${name}`),
);

const key = (finding: ExpectedFinding) =>
  JSON.stringify([finding.code, finding.severity, finding.action, finding.resource, finding.layer]);

/** The reported finding in the shape of the expectation: only the fields the expectation names. */
const shaped = (finding: Reported, like: ExpectedFinding | undefined): ExpectedFinding => ({
  code: finding.code,
  severity: finding.severity,
  ...(like?.action === undefined ? {} : { action: finding.action }),
  ...(like?.resource === undefined ? {} : { resource: finding.resource }),
  ...(like?.layer === undefined ? {} : { layer: finding.layer }),
});

describe('published setups and guard rails (examples/worlds/real, examples/worlds/guard-rails)', () => {
  it('has a corpus of at least 20 published setups and 12 guard rails, each with provenance or a description', () => {
    const real = worlds.filter((name) => name.startsWith('real/'));
    const guardRails = worlds.filter((name) => name.startsWith('guard-rails/'));
    assert.ok(real.length >= 20, `${real.length} published setups`);
    assert.ok(guardRails.length >= 12, `${guardRails.length} guard rails`);
    for (const name of real) {
      const world = JSON.parse(readFileSync(`${WORLDS}${name}`, 'utf8'));
      assert.ok(world.provenance?.translation, `${name} says how it was translated`);
      assert.ok(
        world.provenance?.url ?? (world.provenance?.repository && world.provenance?.commit),
        `${name} names its source`,
      );
      assert.ok(world.expected?.because, `${name} justifies its verdict`);
    }
  });

  for (const name of worlds) {
    it(`gives ${name} its expected verdict`, async () => {
      const world = JSON.parse(readFileSync(`${WORLDS}${name}`, 'utf8'));
      const expected = world.expected as Expected;
      assert.ok(expected, `${name} has no expected verdict`);
      const run = await runCli(['audit', '--world', `${WORLDS}${name}`, '--format', 'json']);
      assert.notEqual(run.status, 2, run.stderr);
      const findings = JSON.parse(run.stdout).findings as Reported[];
      const actionable = findings.filter((finding) => finding.severity !== 'info');
      const wanted = expected.findings;
      const byCode = new Map(wanted.map((finding) => [finding.code, finding]));
      assert.deepEqual(
        actionable.map((finding) => key(shaped(finding, byCode.get(finding.code)))).sort(),
        wanted.map(key).sort(),
      );
      for (const info of expected.info ?? []) {
        assert.ok(
          findings.some(
            (finding) =>
              finding.code === info.code && (info.action === undefined || finding.action === info.action),
          ),
          `${name}: expected ${info.code} ${info.action ?? ''}`,
        );
      }
      assert.equal(run.status, actionable.length > 0 ? 1 : 0);
      if (expected.verdict === 'healthy')
        assert.ok(actionable.every((finding) => finding.code === 'REPLICATION_METRICS_DISABLED'));
    });
  }
});
