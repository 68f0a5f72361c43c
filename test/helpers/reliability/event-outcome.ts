import assert from 'node:assert/strict';
import { collectEventFindings } from '../../../shared/events/collect-event-findings.js';
import { unwrapTrigger } from '../../../shared/events/trigger.js';
import { REJECTION_LOG_LIMITS } from '../../../shared/wiring/observability.js';
import { type EventHarness, startEventHarness } from './event-harness.js';
import { tally } from './figures.js';
import { EventBuilder, type Expected } from './lambda-events.js';
import type { GoodSpec } from './s3-records.js';

const CODES: Record<string, string> = {
  OperationFailedReplication: 'REPLICATION_FAILED',
  OperationMissedThreshold: 'REPLICATION_THRESHOLD_MISSED',
  OperationReplicatedAfterThreshold: 'REPLICATION_COMPLETED_LATE',
  OperationNotTracked: 'REPLICATION_NOT_TRACKED',
};
/** The counts of a direct or SNS invocation's response (whatever else it carries). */
export const summary = (response: unknown) => {
  const { records, findings, rejected } = response as Record<string, number>;
  return { records, findings, rejected };
};
const codeOf = (spec: GoodSpec) => CODES[spec.eventName.slice(spec.eventName.lastIndexOf(':') + 1)];

/**
 * Every good record becomes its own finding under its own cause, with its key decoded exactly;
 * every bad one is rejected where it sits with its reason, logged and counted.
 */
export function assertOutcome(harness: EventHarness, event: unknown, expected: Expected): void {
  // What the handler read from the event (its parsing stage, run again: the handler returns no findings).
  const outcome = collectEventFindings(unwrapTrigger(event).payloads, {});
  const findings = [...outcome.findings.values()];
  assert.deepEqual(findings.map((finding) => finding.versionId).sort(), [...expected.good.keys()].sort());
  for (const finding of findings) {
    const good = expected.good.get(finding.versionId ?? '');
    assert.equal(finding.key, good?.key, 'the key is decoded exactly');
    assert.equal(finding.code, good && codeOf(good.spec));
    assert.equal(finding.sourceBucket, good?.spec.bucket);
    if (finding.code === 'REPLICATION_FAILED') assert.equal(finding.failureReason, good?.spec.failureReason);
  }
  assert.equal(outcome.rejected.length, expected.rejected.length);
  for (const [index, rejected] of outcome.rejected.entries())
    assertRejection(rejected, expected.rejected[index]);
  const lines = harness.observability
    .warnings('Rejected replication event records')
    .map((entry) => entry.attributes.rejected as Record<string, unknown>[]);
  assert.ok(lines.every((line) => line.length <= REJECTION_LOG_LIMITS.entries));
  const logged = lines.flat();
  assert.equal(logged.length, expected.rejected.length, 'every rejection is logged, grouped in lines');
  for (const [index, entry] of logged.entries()) assertRejection(entry, expected.rejected[index]);
  assert.equal(harness.observability.metric('RecordsRejected'), expected.rejected.length);
  assert.equal(
    harness.observability.metric('RecordsReceived'),
    expected.good.size + expected.rejected.length,
  );
  const processed = harness.observability.logs.find(
    (entry) => entry.message === 'Replication events processed',
  );
  assert.equal(processed?.attributes.findings, expected.good.size);
  tally('event.records.good', expected.good.size);
  tally('event.records.rejected', expected.rejected.length);
}

function assertRejection(
  actual: { location?: unknown; messageId?: unknown; reason?: unknown },
  wanted: Expected['rejected'][number] | undefined,
): void {
  assert.equal(actual.location, wanted?.location);
  assert.equal(actual.messageId, wanted?.messageId);
  assert.match(String(actual.reason), wanted?.reason ?? /never/);
}

/** Runs the handler on the event `build` makes, then checks everything it must have done with it. */
export async function run(build: (builder: EventBuilder) => unknown) {
  const harness = await startEventHarness();
  const builder = new EventBuilder();
  const event = build(builder);
  const response = await harness.handler(event);
  assertOutcome(harness, event, builder.expected);
  return { harness, expected: builder.expected, response };
}
