import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { plainText, snsSubject } from '../../shared/render/text.js';

describe('snsSubject', () => {
  it('removes line breaks and non-ASCII, and truncates visibly', () => {
    assert.equal(snsSubject('a\r\nb\tc é'), 'a b c ?');
    assert.equal(snsSubject('x'.repeat(150)).length, 99);
    assert.ok(snsSubject('x'.repeat(150)).endsWith('...'));
  });
});

describe('plainText', () => {
  it('leaves ordinary Unicode alone', () => {
    assert.equal(plainText('café/日本 report.pdf'), 'café/日本 report.pdf');
  });
});
