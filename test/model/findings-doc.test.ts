import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { FINDING_CODES } from '../../shared/model/findings.js';

/** docs/findings.md is the catalogue users read: every code the monitor reports, and no other. */
describe('docs/findings.md', () => {
  const catalogue = readFileSync(new URL('../../docs/findings.md', import.meta.url), 'utf8');

  it('documents every finding code', () => {
    const missing = FINDING_CODES.filter((code) => !catalogue.includes(`\`${code}\``));
    assert.deepEqual(missing, []);
  });

  it('names no code the monitor does not have', () => {
    const known = new Set<string>(FINDING_CODES);
    const named = [...catalogue.matchAll(/`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)`/g)].map(
      (match) => match[1] as string,
    );
    const prefixes = [
      'MONITOR_',
      'REPLICATION_',
      'OBJECT_',
      'ROLE_',
      'KMS_',
      'PERMISSION_',
      'DESTINATION_',
      'SOURCE_',
      'BUCKET_',
    ];
    const unknown = [...new Set(named)].filter(
      (code) => prefixes.some((prefix) => code.startsWith(prefix)) && !known.has(code),
    );
    assert.deepEqual(unknown, []);
  });
});
