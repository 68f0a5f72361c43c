import { collectEventFindings } from '../shared/events/collect-event-findings.js';
import { unwrapTrigger } from '../shared/events/trigger.js';
import { median, round } from './child.js';
import { sqsBatch } from './event-batch-input.js';

/** Needs --expose-gc, which bench/run.ts passes; without it a timing includes the builder's garbage. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * Where the handler's time goes, stage by stage on the same batch: unwrapping the SQS messages
 * (JSON.parse of every body), then reading records into findings with their fingerprints. The
 * rest of the handler's time is incidents, alert grouping, rendering and publishing.
 */
export function stageTimings(records: number, runs: number): { unwrapMs: number; findingsMs: number } {
  const unwrap: number[] = [];
  const findings: number[] = [];
  for (let run = 0; run < runs; run++) {
    const event = sqsBatch(records);
    collectGarbage();
    const started = performance.now();
    const unwrapped = unwrapTrigger(event);
    const unwrappedAt = performance.now();
    collectEventFindings(unwrapped.payloads, {});
    const collectedAt = performance.now();
    unwrap.push(unwrappedAt - started);
    findings.push(collectedAt - unwrappedAt);
  }
  return { unwrapMs: round(median(unwrap), 1), findingsMs: round(median(findings), 1) };
}
