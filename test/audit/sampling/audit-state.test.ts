import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type BucketSamplingState,
  boundRecheckList,
  compareKeys,
  createInMemoryAuditStateStore,
  mergeBucketStates,
  type RecheckEntry,
} from '../../../shared/audit/sampling/audit-state.js';

const entry = (key: string, overrides: Partial<RecheckEntry> = {}): RecheckEntry => ({
  key,
  firstFlaggedAt: '2026-11-22T10:00:00.000Z',
  status: 'PENDING',
  ...overrides,
});

const state = (overrides: Partial<BucketSamplingState> = {}): BucketSamplingState => ({
  recheck: [],
  passes: 0,
  updatedAt: '2026-11-22T12:00:00.000Z',
  ...overrides,
});

describe('createInMemoryAuditStateStore', () => {
  it('returns undefined for an unknown bucket', async () => {
    assert.equal(await createInMemoryAuditStateStore().loadBucketState('src'), undefined);
  });

  it('round-trips a state by value, so callers cannot change what is stored', async () => {
    const store = createInMemoryAuditStateStore();
    const saved = state({ cursor: { afterKey: 'k' }, recheck: [entry('a')] });

    await store.saveBucketState('src', saved);
    saved.recheck.push(entry('b'));
    const loaded = await store.loadBucketState('src');
    loaded?.recheck.push(entry('c'));

    assert.deepEqual(
      await store.loadBucketState('src'),
      state({ cursor: { afterKey: 'k' }, recheck: [entry('a')] }),
    );
  });

  it('starts from the initial states it is given', async () => {
    const store = createInMemoryAuditStateStore({ src: state({ passes: 2 }) });

    assert.equal((await store.loadBucketState('src'))?.passes, 2);
  });
});

describe('boundRecheckList', () => {
  it('keeps FAILED entries first, then the longest-standing, up to the entry limit', () => {
    const entries = [
      entry('new-pending', { firstFlaggedAt: '2026-11-22T11:00:00.000Z' }),
      entry('old-pending', { firstFlaggedAt: '2026-11-20T11:00:00.000Z' }),
      entry('failed', { status: 'FAILED', firstFlaggedAt: '2026-11-22T11:30:00.000Z' }),
    ];

    const kept = boundRecheckList(entries, { entries: 2, bytes: 1_000_000 });

    assert.deepEqual(
      kept.map((kept) => kept.key),
      ['failed', 'old-pending'],
    );
  });

  it('stops before the byte limit so the DynamoDB item stays under 400 KB', () => {
    const longKey = 'k'.repeat(1024);
    const entries = Array.from({ length: 1000 }, (_, index) => entry(`${longKey}${index}`));

    const kept = boundRecheckList(entries);

    assert.ok(kept.length < 1000);
    assert.ok(Buffer.byteLength(JSON.stringify(kept)) <= 300_000 + kept.length);
  });
});

describe('mergeBucketStates', () => {
  it('takes the cursor further along, more passes first', () => {
    const merged = mergeBucketStates(
      state({ passes: 1, cursor: { afterKey: 'a' } }),
      state({ passes: 0, cursor: { afterKey: 'z' } }),
    );

    assert.deepEqual(
      { passes: merged.passes, cursor: merged.cursor },
      { passes: 1, cursor: { afterKey: 'a' } },
    );
  });

  it('unites re-check lists, keeping the first flagging and our fresher status', () => {
    const merged = mergeBucketStates(
      state({ recheck: [entry('a', { firstFlaggedAt: '2026-11-01T00:00:00.000Z' }), entry('b')] }),
      state({ recheck: [entry('a', { status: 'FAILED' }), entry('c', { versionId: 'v1' })] }),
    );

    assert.deepEqual(merged.recheck.map((kept) => kept.key).sort(), ['a', 'b', 'c']);
    assert.deepEqual(
      merged.recheck.find((kept) => kept.key === 'a'),
      entry('a', { status: 'FAILED', firstFlaggedAt: '2026-11-01T00:00:00.000Z' }),
    );
  });
});

describe('compareKeys', () => {
  it('orders keys by UTF-8 bytes as S3 lists them, not by UTF-16 units', () => {
    // U+FF61 sorts before U+1F600 in UTF-8, after it in UTF-16 (surrogates are 0xD8xx).
    assert.ok(compareKeys('\uFF61', '\u{1F600}') < 0);
    assert.ok('\uFF61' > '\u{1F600}');
  });
});
