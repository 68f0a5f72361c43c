import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchesPattern, selectedBy } from '../../shared/model/patterns.js';

describe('matchesPattern', () => {
  it('treats * as any run of characters and dots literally', () => {
    assert.equal(matchesPattern('prod-logs', 'prod-*'), true);
    assert.equal(matchesPattern('prod-logs', '*-logs'), true);
    assert.equal(matchesPattern('prodxlogs', 'prod.logs'), false);
    assert.equal(matchesPattern('prod.logs', 'prod.logs'), true);
    assert.equal(matchesPattern('dev-logs', 'prod-*'), false);
  });
});

describe('selectedBy', () => {
  it('needs an include match and no exclude match', () => {
    assert.equal(selectedBy('prod-logs', ['*'], ['*-tmp']), true);
    assert.equal(selectedBy('prod-tmp', ['*'], ['*-tmp']), false);
    assert.equal(selectedBy('dev-logs', ['prod-*'], []), false);
  });
});
