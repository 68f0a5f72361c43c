import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTupleCache } from '../../shared/model/tuple-cache.js';

describe('createTupleCache', () => {
  it('makes a value once per tuple and answers it again', () => {
    const cache = createTupleCache<object>(10);
    let made = 0;
    const make = () => {
      made += 1;
      return {};
    };
    const first = cache.get(['a', 'b'], make);
    assert.equal(cache.get(['a', 'b'], make), first);
    assert.equal(made, 1);
  });

  it('keeps apart tuples that differ anywhere, by undefined, or by length', () => {
    const cache = createTupleCache<string>(10);
    const tuples: (string | undefined)[][] = [
      ['a', 'b'],
      ['a', 'c'],
      ['b', 'b'],
      ['a', undefined],
      ['a', ''],
      ['a'],
      ['a', 'b', 'c'],
    ];
    for (const tuple of tuples) cache.get(tuple, () => JSON.stringify(tuple));
    for (const tuple of tuples)
      assert.equal(
        cache.get(tuple, () => 'made again'),
        JSON.stringify(tuple),
      );
  });

  it('starts over when full, answering every call with its own value and caching again', () => {
    const cache = createTupleCache<string>(2);
    let made = 0;
    const upper = (key: string) => () => {
      made += 1;
      return key.toUpperCase();
    };
    for (const key of ['a', 'b', 'c', 'c', 'c'])
      assert.equal(cache.get([key], upper(key)), key.toUpperCase());
    assert.equal(made, 4);
  });
});
