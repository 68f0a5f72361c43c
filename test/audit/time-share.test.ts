import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type BucketSlot, timeShare } from '../../shared/audit/time-share.js';

/** Sampling time left, moved by hand. */
function timeLeft(startMs: number) {
  let left = startMs;
  return {
    read: () => left,
    pass: (ms: number) => {
      left -= ms;
    },
  };
}

/** Runs a sweep that lets `ms` pass, reporting whether its share was spent just before and at the end. */
async function sweepFor(slot: BucketSlot, clock: ReturnType<typeof timeLeft>, ms: number) {
  return slot.sweep(async (spent) => {
    clock.pass(ms - 1);
    const before = spent();
    clock.pass(1);
    return { before, after: spent() };
  });
}

describe('timeShare', () => {
  it('gives each running bucket slots ÷ (waiting + running) of the time left while buckets wait', async () => {
    const clock = timeLeft(60_000);
    const share = timeShare(6, 2, clock.read);
    const first = share.start();
    share.start();
    // 4 wait, 2 run: a share of 60 s × 2 / 6 = 20 s.
    assert.deepEqual(await sweepFor(first, clock, 20_000), { before: false, after: true });
  });

  it('lets a sweep run until sampling’s deadline once no bucket waits, the quick buckets gone', async () => {
    const clock = timeLeft(30_000);
    const share = timeShare(3, 1, clock.read);
    const first = share.start();
    assert.deepEqual(await sweepFor(first, clock, 10_000), { before: false, after: true }, '30 s × 1 / 3');
    first.finish();
    // The second bucket does not replicate: it takes its slot and leaves at once.
    share.start().finish();
    const last = share.start();
    assert.deepEqual(await sweepFor(last, clock, 19_999), { before: false, after: false });
  });

  it('keeps back what the waiting buckets are expected to spend outside their sweeps', async () => {
    const clock = timeLeft(100_000);
    const share = timeShare(4, 1, clock.read);
    const first = share.start();
    clock.pass(1_000); // configuration reads
    await sweepFor(first, clock, 10_000);
    clock.pass(3_000); // diagnosis
    first.finish();
    // 86 s left; two buckets wait after this one, each expected to spend 4 s outside its sweep:
    // (86 − 2 × 4) × 1 / 3 = 26 s.
    const second = share.start();
    assert.deepEqual(await sweepFor(second, clock, 26_000), { before: false, after: true });
  });

  it('never limits a sweep without a deadline (the CLI)', async () => {
    const share = timeShare(100, 1);
    const slot = share.start();
    assert.equal(await slot.sweep(async (spent) => spent()), false);
  });
});
