import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsCommandOutput,
} from '@aws-sdk/client-eventbridge';
import type { IncidentEventPublisher } from '../incidents/incident-delivery.js';
import type { IncidentEventEntry } from '../render/event-bridge.js';

/** PutEvents takes at most 10 entries per call. */
export const PUT_EVENTS_BATCH = 10;

export interface EventBridgePublisherOptions {
  /** Calls per batch, the first included, while some entries fail; default 3. */
  attempts?: number;
}

/**
 * Puts incident transitions on an EventBridge bus, 10 entries per call. PutEvents succeeds as a
 * call even when some entries fail (`FailedEntryCount`, an `ErrorCode` per entry, e.g.
 * `ThrottlingException` or `InternalFailure`): those entries, and only those, are put again, up
 * to `attempts` calls. Resolves to the entries still failed, with why; a call that fails as a
 * whole (after the SDK's own retries) fails its batch's entries.
 *
 * IAM: `events:PutEvents` on the event bus ARN.
 */
export function createEventBridgeIncidentPublisher(
  client: EventBridgeClient,
  options: EventBridgePublisherOptions = {},
): IncidentEventPublisher {
  const attempts = options.attempts ?? 3;
  if (!Number.isInteger(attempts) || attempts < 1)
    throw new RangeError(`attempts must be a positive integer, got ${attempts}`);
  return {
    async putEvents(entries) {
      const failures: { index: number; reason: unknown }[] = [];
      for (let start = 0; start < entries.length; start += PUT_EVENTS_BATCH) {
        const batch = entries
          .slice(start, start + PUT_EVENTS_BATCH)
          .map((entry, offset) => ({ entry, index: start + offset }));
        failures.push(...(await putBatch(client, batch, attempts)));
      }
      return failures;
    },
  };
}

async function putBatch(
  client: EventBridgeClient,
  batch: { entry: IncidentEventEntry; index: number }[],
  attempts: number,
): Promise<{ index: number; reason: unknown }[]> {
  let pending = batch;
  let reasons = new Map<number, unknown>();
  for (let attempt = 0; attempt < attempts && pending.length > 0; attempt += 1) {
    let output: PutEventsCommandOutput;
    try {
      output = await client.send(new PutEventsCommand({ Entries: pending.map(({ entry }) => entry) }));
    } catch (error) {
      return pending.map(({ index }) => ({ index, reason: error }));
    }
    reasons = new Map();
    const results = output.Entries ?? [];
    pending = pending.filter(({ index }, position) => {
      const result = results[position];
      if (result?.ErrorCode === undefined) return false;
      reasons.set(
        index,
        new Error(`PutEvents entry failed: ${result.ErrorCode} ${result.ErrorMessage ?? ''}`.trim()),
      );
      return true;
    });
  }
  return pending.map(({ index }) => ({ index, reason: reasons.get(index) }));
}
