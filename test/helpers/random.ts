import { setTimeout as sleep } from 'node:timers/promises';
import type { IncidentStore } from '../../shared/incidents/incident-store.js';

/** A small deterministic generator, so a failing round can be replayed from its seed. */
export function random(seed: number): () => number {
  let state = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ 0xc2b2ae35) >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

/** The store, each call after a random pause of up to `maxMs`: interleavings a test cannot script. */
export function jittered(store: IncidentStore, next: () => number, maxMs = 4): IncidentStore {
  const pause = () => sleep(Math.floor(next() * maxMs));
  const wrapped = {} as IncidentStore;
  for (const name of Object.keys(store) as (keyof IncidentStore)[]) {
    const method = store[name] as (...args: unknown[]) => Promise<unknown>;
    (wrapped as unknown as Record<string, unknown>)[name] = async (...args: unknown[]) => {
      await pause();
      const result = await method(...args);
      await pause();
      return result;
    };
  }
  return wrapped;
}
