import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DefaultEncryption } from '../../shared/audit/config-checks.js';
import { checkSseCReplication } from '../../shared/audit/sse-c-check.js';
import { type Observed, observed } from '../../shared/model/observed.js';
import { normaliseRule } from '../../shared/model/replication-rules.js';

const rule = normaliseRule(
  {
    ID: 'to-dr',
    Status: 'Enabled',
    Priority: 1,
    Filter: { Prefix: 'orders/' },
    DeleteMarkerReplication: { Status: 'Disabled' },
    Destination: { Bucket: 'arn:aws:s3:::dst' },
  },
  0,
);
const encryption = (blocked?: string[]): Observed<DefaultEncryption> =>
  observed({
    algorithm: 'AES256',
    bucketKeyEnabled: false,
    ...(blocked ? { blockedEncryptionTypes: blocked } : {}),
  });

const check = (overrides: Partial<Parameters<typeof checkSseCReplication>[0]> = {}) =>
  checkSseCReplication({
    sourceBucket: 'src',
    rule,
    sourceEncryption: encryption(),
    destinationEncryption: encryption(['SSE-C']),
    sseCKeys: [],
    ...overrides,
  });

describe('checkSseCReplication', () => {
  it('names the objects under the rule that answer HEAD as SSE-C objects do, as a warning (AWS does not document that answer)', () => {
    const finding = check({ sseCKeys: ['orders/a.bin', 'logs/b.bin'] });

    assert.equal(finding?.code, 'SSE_C_BLOCKED_AT_DESTINATION');
    assert.equal(finding?.severity, 'warning');
    assert.deepEqual(finding?.evidence?.sseCKeys, ['orders/a.bin']);
    assert.match(finding?.message ?? '', /fails with 403 AccessDenied/);
  });

  it('is a warning saying none was seen when the source still accepts SSE-C uploads', () => {
    const finding = check({ sseCKeys: ['logs/b.bin'] });

    assert.equal(finding?.severity, 'warning');
    assert.match(finding?.message ?? '', /none was seen/);
  });

  it('says nothing when the destination accepts SSE-C, or both sides block it and none was seen', () => {
    assert.equal(
      check({ destinationEncryption: encryption(['NONE']), sseCKeys: ['orders/a.bin'] }),
      undefined,
    );
    assert.equal(check({ destinationEncryption: undefined }), undefined);
    assert.equal(check({ sourceEncryption: encryption(['SSE-C']) }), undefined);
  });

  it('says nothing for a disabled rule', () => {
    assert.equal(check({ rule: { ...rule, enabled: false }, sseCKeys: ['orders/a.bin'] }), undefined);
  });
});
