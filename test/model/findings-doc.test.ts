import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { FINDING_CODES } from '../../shared/model/findings.js';
import { identityFields } from '../../shared/model/fingerprint.js';

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

describe('docs/findings.md identity table', () => {
  it('gives each code exactly the fields its fingerprint hashes (shared/model/fingerprint.ts)', () => {
    const catalogue = readFileSync(new URL('../../docs/findings.md', import.meta.url), 'utf8');
    const section = catalogue.slice(catalogue.indexOf('## Identity'), catalogue.indexOf('## Codes'));
    const documented = new Map<string, string[]>();
    for (const line of section.split('\n').filter((row) => /^\| `/.test(row))) {
      const [codes = '', fields = ''] = line.slice(2).split(' | ');
      const names = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1] as string);
      for (const code of names(codes)) documented.set(code, names(fields));
    }
    for (const code of FINDING_CODES) assert.deepEqual(documented.get(code), [...identityFields(code)], code);
  });
});
