import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { auditEveryAccount } from '../../shared/audit/accounts/audit-accounts.js';
import { loadConfig } from '../../shared/config/config.js';
import { fixedClock } from '../../shared/model/clock.js';
import { parseWorld } from '../../shared/sim/load-world.js';
import { createSimulator } from '../../shared/sim/simulator.js';
import { createAuditDependencies } from '../../shared/wiring/audit.js';
import { createClientPool } from '../../shared/wiring/clients.js';

const WORLD = new URL('../../examples/worlds/organization-member-accounts.json', import.meta.url);

function dependencies(env: Record<string, string>, deadline: () => boolean = () => false) {
  const world = parseWorld(readFileSync(WORLD, 'utf8'), 'organization-member-accounts.json');
  const simulator = createSimulator(world);
  return createAuditDependencies({
    config: loadConfig(env),
    clients: createClientPool({ extraFor: (region) => simulator.clientConfig(region) }),
    clock: fixedClock(world.now),
    deadline,
    homeRegion: 'us-east-1',
  });
}

const codes = (findings: readonly { code: string }[]) => findings.map((finding) => finding.code).sort();

describe('auditEveryAccount (the organization world)', () => {
  it('audits the monitor’s account, then each member account through its role; a refused role is one finding', async () => {
    const report = await auditEveryAccount(
      { buckets: [] },
      dependencies({ AUDIT_ACCOUNTS: '444455556666,777788889999' }),
    );
    assert.deepEqual(
      report.buckets.map((bucket) => bucket.bucket),
      ['acme-orders-prod'],
    );
    assert.equal(codes(report.findings).filter((code) => code === 'MONITOR_ACCESS_DENIED').length, 1);
  });

  it('audits named buckets in the monitor’s own account only', async () => {
    const report = await auditEveryAccount(
      { buckets: ['acme-orders-prod'] },
      dependencies({ AUDIT_ACCOUNTS: '444455556666,777788889999' }),
    );
    assert.deepEqual(codes(report.findings).filter((code) => code.startsWith('MONITOR_')).length, 0);
    assert.equal(
      report.findings.some((finding) => finding.resource?.includes('777788889999')),
      false,
    );
  });

  it('reports each member account the deadline left unaudited as incomplete, naming it', async () => {
    const report = await auditEveryAccount(
      { buckets: [] },
      dependencies({ AUDIT_ACCOUNTS: '444455556666,777788889999' }, () => true),
    );
    const unaudited = report.findings
      .filter((finding) => finding.code === 'MONITOR_CHECK_INCOMPLETE')
      .flatMap((finding) => finding.message.match(/the buckets of account (\d{12})/)?.[1] ?? []);
    assert.deepEqual(unaudited, ['444455556666', '777788889999']);
    assert.deepEqual(report.buckets, []);
  });

  it('reports an organization listing it is refused as one finding, and still audits its own account', async () => {
    const report = await auditEveryAccount({ buckets: [] }, dependencies({ AUDIT_ACCOUNTS: 'organization' }));
    const refused = report.findings.filter((finding) => finding.code.startsWith('MONITOR_'));
    assert.equal(refused.length, 1);
    assert.match(refused[0]?.message ?? '', /member accounts to audit/);
  });
});
