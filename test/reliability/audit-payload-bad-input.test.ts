import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { InvalidPayloadError } from '../../shared/model/errors.js';
import { parseWorld } from '../../shared/sim/load-world.js';
import {
  type AuditHarness,
  PLENTY_OF_TIME,
  startAuditHarness,
} from '../helpers/reliability/audit-harness.js';
import { tally } from '../helpers/reliability/figures.js';

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const FIELDS = new Set(['buckets', 'sampleSize', 'notify']);

/** The on-demand payload contract, restated: what the function must accept. */
function isValid(payload: unknown): boolean {
  if (payload === null || payload === undefined) return true;
  if (typeof payload !== 'object' || Array.isArray(payload)) return false;
  const record = payload as Record<string, unknown>;
  if (Object.keys(record).some((key) => !FIELDS.has(key))) return false;
  const { buckets, sampleSize, notify } = record;
  if (
    buckets !== undefined &&
    !(
      Array.isArray(buckets) &&
      buckets.length <= 1000 &&
      buckets.every((name) => typeof name === 'string' && BUCKET_NAME.test(name))
    )
  )
    return false;
  if (
    sampleSize !== undefined &&
    !(Number.isInteger(sampleSize) && (sampleSize as number) >= 0 && (sampleSize as number) <= 1_000_000)
  )
    return false;
  return notify === undefined || typeof notify === 'boolean';
}

const validPayload = fc.record(
  {
    buckets: fc.array(fc.constantFrom('acme-orders', 'logs.example.com', 'a1b'), { maxLength: 3 }),
    sampleSize: fc.integer({ min: 0, max: 1_000_000 }),
    notify: fc.constant(false),
  },
  { requiredKeys: [] },
);

/** One field broken in one way, and the path the refusal must name. */
const brokenField = fc.oneof(
  fc.constantFrom<[string, unknown]>(
    ['buckets', 'acme-orders'],
    ['buckets', null],
    ['buckets', { 0: 'acme-orders' }],
    ['buckets', Array.from({ length: 1001 }, (_, index) => `bucket-${index}`)],
    ['sampleSize', -1],
    ['sampleSize', 1.5],
    ['sampleSize', 1_000_001],
    ['sampleSize', '200'],
    ['sampleSize', null],
    ['notify', 'true'],
    ['notify', 1],
  ),
  fc
    .oneof(
      fc.constantFrom(
        'Not_A_Bucket',
        'ab',
        'a'.repeat(64),
        '../etc',
        '-leading',
        'trailing-',
        'UPPER',
        'acme orders',
        'acme\u202eorders',
      ),
      fc.string({ maxLength: 70 }).filter((name) => !BUCKET_NAME.test(name)),
    )
    .map((name): [string, unknown] => ['buckets', ['acme-orders', name]]),
);

describe('audit function: generated on-demand payloads', () => {
  let harness: AuditHarness;
  let calls = 0;
  before(async () => {
    const world = parseWorld(
      JSON.stringify({
        now: '2026-11-22T12:00:00Z',
        monitor: { account: '111122223333', region: 'us-east-1' },
      }),
      'empty.json',
    );
    harness = await startAuditHarness({ world, onRequest: () => (calls += 1) });
  });

  /** Refused before any AWS call, with an InvalidPayloadError naming its problems (never another error). */
  async function assertRefused(payload: unknown): Promise<InvalidPayloadError> {
    const before = calls;
    const error = await harness.handler(payload, PLENTY_OF_TIME).then(
      () => assert.fail(`accepted ${JSON.stringify(payload)}`),
      (thrown: unknown) => thrown,
    );
    assert.ok(
      error instanceof InvalidPayloadError,
      `a ${(error as Error).name} escaped: ${(error as Error).message}`,
    );
    assert.ok(error.problems.length > 0);
    assert.equal(calls, before, 'no AWS call for a refused payload');
    tally('payload.refused');
    return error;
  }

  it('refuses one broken field, naming its path, and calls no AWS API', async () => {
    await fc.assert(
      fc.asyncProperty(validPayload, brokenField, async (payload, [field, value]) => {
        const error = await assertRefused({ ...payload, [field]: value });
        assert.ok(
          error.problems.some((problem) => problem.path === field || problem.path.startsWith(`${field}.`)),
          `no problem at ${field}: ${JSON.stringify(error.problems)}`,
        );
      }),
      { numRuns: 150 },
    );
  });

  it('refuses unknown fields, prototype keys included, without polluting anything', async () => {
    await fc.assert(
      fc.asyncProperty(
        validPayload,
        fc.constantFrom('__proto__', 'constructor', 'notfy', 'bucket', 'Buckets', 'sample_size'),
        fc.jsonValue(),
        async (payload, field, value) => {
          const parsed = JSON.parse(`{"${field}": ${JSON.stringify(value)}}`);
          await assertRefused({ ...payload, ...parsed });
          assert.equal(({} as Record<string, unknown>).notify, undefined);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('answers any JSON value: a report when valid, a refusal naming the problems otherwise', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.jsonValue(), validPayload, fc.constantFrom(undefined, null, {}, [], '', 0)),
        async (payload) => {
          if (!isValid(payload)) {
            await assertRefused(payload);
            return;
          }
          const report = (await harness.handler(payload, PLENTY_OF_TIME)) as {
            findings: unknown[];
            buckets: { status: string }[];
          };
          assert.ok(Array.isArray(report.findings) && Array.isArray(report.buckets));
          assert.ok(
            report.buckets.every((bucket) => bucket.status === 'not-found'),
            'no bucket exists in this account',
          );
          tally('payload.accepted');
        },
      ),
      { numRuns: 150 },
    );
  });
});
