import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isolatedEnvironment, runBin } from '../helpers/cli.js';
import { WORLDS } from '../helpers/worlds.js';

const DEMO = `${WORLDS}demo-account.json`;
const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Exit status 2 with exactly one line on stderr, nothing on stdout, and no stack trace. */
function assertOneLineFailure(result: { status: number; stdout: string; stderr: string }, pattern: RegExp) {
  assert.equal(result.status, 2, result.stderr);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /^error: [^\n]+\n$/);
  assert.match(result.stderr, pattern);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
}

describe('the s3-replication-monitor bin: arguments', () => {
  it('prints the package version with --version', async () => {
    const result = await runBin(['--version']);
    assert.equal(VERSION, '0.2.0');
    assert.deepEqual(result, { status: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('prints help per command, with flags, defaults and examples', async () => {
    const audit = await runBin(['audit', '--help']);
    assert.equal(audit.status, 0);
    assert.match(audit.stdout, /^Usage: s3-replication-monitor audit \[options\]/);
    for (const flag of ['--bucket', '--world', '--format', '--sample', '--notify', '--profile', '--region'])
      assert.ok(audit.stdout.includes(flag), flag);
    assert.match(audit.stdout, /default: AWS_REGION, AWS_DEFAULT_REGION/);
    assert.match(audit.stdout, /Examples:\n {2}s3-replication-monitor audit/);
    const setup = await runBin(['setup', '--help']);
    assert.match(setup.stdout, /--queue-arn <arn>/);
    assert.doesNotMatch(setup.stdout, /--sample/);
  });

  it('suggests the flag or command meant, in one error line, and exits 2', async () => {
    const flag = await runBin(['audit', '--formt', 'json']);
    assert.equal(flag.status, 2);
    assert.match(flag.stderr, /^error: unknown option '--formt' \(did you mean --format\?\)\n/);
    assert.doesNotMatch(flag.stderr, /ERR_PARSE_ARGS|TypeError/);
    const command = await runBin(['audti']);
    assert.equal(command.status, 2);
    assert.match(command.stderr, /^error: unknown command 'audti' \(did you mean audit\?\)\n/);
  });

  it('refuses a negative --sample with a clear reason', async () => {
    const result = await runBin(['audit', '--world', DEMO, '--sample', '-5']);
    assert.equal(result.status, 2);
    assert.match(
      result.stderr,
      /^error: option '--sample <n>' argument '-5' is invalid\. expected a whole number/,
    );
    assert.doesNotMatch(result.stderr, /ambiguous/);
  });

  it('runs demo --format json as one JSON document (not silently a table)', async () => {
    const result = await runBin(['demo', '--format', 'json']);
    assert.equal(result.status, 0);
    const document = JSON.parse(result.stdout) as { findings: unknown[] };
    assert.equal(document.findings.length, 9);
  });
});

describe('the s3-replication-monitor bin: input that cannot be used', () => {
  it('exits 2 with one line for a world file that does not exist or is a directory', async () => {
    assertOneLineFailure(
      await runBin(['audit', '--world', 'nope.json']),
      /cannot read world file nope\.json/,
    );
    assertOneLineFailure(
      await runBin(['audit', '--world', WORLDS]),
      /cannot read world file .*: it is a directory/,
    );
  });

  it('exits 2 with one line for an event file that is a directory or holds no record', async () => {
    assertOneLineFailure(await runBin(['event', WORLDS]), /cannot read event file .*: it is a directory/);
    const directory = mkdtempSync(join(tmpdir(), 'events-'));
    writeFileSync(join(directory, 'object.json'), '{}');
    writeFileSync(join(directory, 'array.json'), '[]');
    for (const [file, reason] of [
      [join(directory, 'object.json'), /holds no S3 event record \(Records is missing/],
      [join(directory, 'array.json'), /holds no S3 event record \(the event is an array/],
      [DEMO, /holds no S3 event record/],
    ] as const)
      assertOneLineFailure(await runBin(['event', file]), reason);
  });

  it('exits 2 with one line for a --bucket that does not exist', async () => {
    assertOneLineFailure(
      await runBin(['audit', '--world', DEMO, '--bucket', 'no-such-bucket']),
      /bucket no-such-bucket does not exist/,
    );
  });
});

describe('the s3-replication-monitor bin: AWS profile, Region and reachability (no network)', () => {
  const keys = { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'example' };

  it('refuses to run with no Region at all instead of assuming us-east-1', async () => {
    assertOneLineFailure(await runBin(['audit'], isolatedEnvironment(keys)), /no AWS Region: pass --region/);
  });

  it('takes the Region from --region, then AWS_REGION, then AWS_DEFAULT_REGION, then the profile', async () => {
    const config = '[default]\nregion = ap-southeast-2\n[profile ops]\nregion = sa-east-1\n';
    // With a profile named, the SDK takes credentials from it, not from AWS_ACCESS_KEY_ID.
    const credentials = '[ops]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = example\n';
    const region = async (args: string[], extra: Record<string, string>) =>
      /Region ([a-z0-9-]+)\)/.exec(
        (
          await runBin(
            ['audit', ...args],
            isolatedEnvironment({ ...keys, ...extra }, { config, credentials }),
          )
        ).stderr,
      )?.[1];
    assert.equal(
      await region(['--region', 'eu-north-1'], { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-2' }),
      'eu-north-1',
    );
    assert.equal(await region([], { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-2' }), 'eu-west-1');
    assert.equal(await region([], { AWS_DEFAULT_REGION: 'eu-west-2' }), 'eu-west-2');
    assert.equal(await region([], {}), 'ap-southeast-2');
    assert.equal(await region([], { AWS_PROFILE: 'ops' }), 'sa-east-1');
  });

  it('exits 2 naming AWS unreachable, not a finding on bucket *', async () => {
    const result = await runBin(['audit', '--region', 'us-east-1'], isolatedEnvironment(keys));
    assertOneLineFailure(
      result,
      /cannot reach AWS \(S3, Region us-east-1\): s3:ListAllMyBuckets got no answer \(.*ECONNREFUSED/,
    );
  });

  it('names the profile when AWS_PROFILE or --profile does not exist', async () => {
    assertOneLineFailure(
      await runBin(['audit', '--region', 'us-east-1'], isolatedEnvironment({ AWS_PROFILE: 'ghost' })),
      /AWS profile "ghost" \(from AWS_PROFILE\) does not exist in /,
    );
    assertOneLineFailure(
      await runBin([
        'setup',
        '--queue-arn',
        'arn:aws:sqs:us-east-1:111122223333:q',
        '--profile',
        'ghost',
        '--region',
        'us-east-1',
      ]),
      /AWS profile "ghost" \(from --profile\) does not exist/,
    );
  });

  it('says which credentials it tried when there are none', async () => {
    assertOneLineFailure(
      await runBin(['audit', '--region', 'us-east-1']),
      /no AWS credentials found through the default credential chain \(environment variables, profile "default"/,
    );
    const empty = isolatedEnvironment({}, { config: '[profile ops]\nregion = eu-west-1\n' });
    assertOneLineFailure(
      await runBin(['audit', '--profile', 'ops'], empty),
      /no AWS credentials found through profile "ops" \(from --profile\)/,
    );
  });
});
