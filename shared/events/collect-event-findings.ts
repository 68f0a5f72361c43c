import type { Finding, SeverityOverrides } from '../model/findings.js';
import { fingerprint } from '../model/fingerprint.js';
import { findingForEvent } from './event-findings.js';
import { parseNotification } from './replication-event.js';
import type { Payload } from './trigger.js';

export interface RejectedRecord {
  location: string;
  messageId?: string;
  reason: string;
}

export interface CollectedEvents {
  findings: Map<string, Finding>;
  /** SQS message ids behind each finding, so a failed alert fails exactly its messages. */
  messageIds: Map<string, Set<string>>;
  /**
   * Duplicates with another eventTime (a retry of the same version failing again): they move the
   * incident's firstSeen and lastSeen, never its count, whatever their order in the batch.
   */
  retimed: [string, Finding][];
  rejected: RejectedRecord[];
  records: number;
  testEvents: number;
  duplicates: number;
}

/**
 * Reads every payload into findings, one per distinct problem (fingerprint): S3 delivers at least
 * once, so a duplicate record is counted, not reported twice. Bad payloads and records are
 * rejected with their location and reason; the others go on.
 */
export function collectEventFindings(
  payloads: readonly Payload[],
  overrides: SeverityOverrides,
): CollectedEvents {
  const collected: CollectedEvents = {
    findings: new Map(),
    messageIds: new Map(),
    retimed: [],
    rejected: [],
    records: 0,
    testEvents: 0,
    duplicates: 0,
  };
  for (const payload of payloads) {
    if (!payload.content.ok) {
      collected.records += 1;
      reject(collected, payload, payload.location, payload.content.reason);
      continue;
    }
    const notification = parseNotification(payload.content.value);
    if (notification.kind === 'test-event') {
      collected.testEvents += 1;
      continue;
    }
    if (notification.kind === 'invalid') {
      collected.records += 1;
      reject(collected, payload, payload.location, notification.reason);
      continue;
    }
    for (const [index, record] of notification.records.entries()) {
      collected.records += 1;
      if (!record.ok) {
        reject(collected, payload, `${payload.location}.Records[${index}]`, record.reason);
        continue;
      }
      const finding = findingForEvent(record.event, overrides);
      const id = fingerprint(finding);
      const known = collected.findings.get(id);
      if (known === undefined) collected.findings.set(id, finding);
      else {
        collected.duplicates += 1;
        if (known.evidence?.eventTime !== finding.evidence?.eventTime) collected.retimed.push([id, finding]);
      }
      if (payload.messageId !== undefined) addMessageId(collected.messageIds, id, payload.messageId);
    }
  }
  return collected;
}

function reject(collected: CollectedEvents, payload: Payload, location: string, reason: string): void {
  collected.rejected.push(
    payload.messageId === undefined
      ? { location, reason }
      : { location, messageId: payload.messageId, reason },
  );
}

function addMessageId(messageIds: Map<string, Set<string>>, id: string, messageId: string): void {
  const ids = messageIds.get(id);
  if (ids === undefined) messageIds.set(id, new Set<string>().add(messageId));
  else ids.add(messageId);
}
