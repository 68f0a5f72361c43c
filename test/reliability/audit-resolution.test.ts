import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createInMemoryAuditStateStore } from '../../shared/audit/sampling/audit-state.js';
import { createInMemoryIncidentStore } from '../../shared/incidents/incident-store.js';
import { awsActionOf, type FaultKind, faultResponse } from '../../shared/sim/faults.js';
import {
  type AuditHarness,
  auditEverything,
  startAuditHarness,
} from '../helpers/reliability/audit-harness.js';
import { aboutFaulty } from '../helpers/reliability/fault-matrix.js';
import { FAULTY, faultWorld } from '../helpers/reliability/fault-world.js';

/** A call that hangs past the clients' timeouts fails the suite instead of stalling CI. */
const HANG = 180_000;

describe('audit: what it could not see is never announced as resolved', { timeout: HANG }, () => {
  const resolvedIn = (harness: AuditHarness) =>
    harness.simulator.captured.sns
      .map(
        (message) =>
          JSON.parse(JSON.parse(message.message).default) as {
            transition?: string;
            sourceBucket?: string;
            code?: string;
          },
      )
      .filter((notice) => notice.transition === 'resolved' && notice.sourceBucket === FAULTY);

  /** Opens FAULTY's incidents, then audits the account once its problems are really fixed. */
  async function openThenRepair(fault?: { actions: readonly string[]; kind: FaultKind }) {
    const stores = {
      incidentStore: createInMemoryIncidentStore(),
      stateStore: createInMemoryAuditStateStore(),
    };
    const env = { INCIDENT_RESOLVE_AFTER_AUDITS: '1' };
    await auditEverything(await startAuditHarness({ world: faultWorld(), ...stores, env }));
    const repaired = await startAuditHarness({
      world: faultWorld({ repaired: true }),
      ...stores,
      env,
      ...(fault === undefined
        ? {}
        : {
            fault: (request) =>
              aboutFaulty(request) && fault.actions.includes(awsActionOf(request))
                ? faultResponse(fault.kind, request)
                : undefined,
          }),
    });
    await auditEverything(repaired);
    return resolvedIn(repaired);
  }

  it('resolves them once an audit sees the repair (the witness that the checks below can fail)', async () => {
    const resolved = await openThenRepair();
    const codes = resolved.map((notice) => notice.code ?? '');
    assert.ok(
      codes.includes('OBJECT_REPLICATION_FAILED') && codes.includes('OBJECT_REPLICATION_STUCK'),
      codes.join(),
    );
  });

  const hidden: [readonly string[], FaultKind, RegExp][] = [
    [['s3:ListAllMyBuckets'], 'throttle', /./],
    [['s3:GetBucketLocation'], 'access-denied', /./],
    [['s3:GetReplicationConfiguration'], 'server-error', /./],
    [['s3:ListBucket'], 'access-denied', /^OBJECT_/],
    [['s3:GetObject'], 'server-error', /^OBJECT_/],
  ];
  for (const [actions, kind, unseen] of hidden) {
    it(`${actions.join(', ')} ${kind}: no incident it could not check is resolved`, async () => {
      const resolved = await openThenRepair({ actions, kind });
      assert.deepEqual(
        resolved.filter((notice) => unseen.test(notice.code ?? '')),
        [],
      );
    });
  }
});
