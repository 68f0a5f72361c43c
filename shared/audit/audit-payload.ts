import * as z from 'zod/mini';
import type { Problem } from '../model/errors.js';
import { ENGLISH } from '../model/zod-english.js';

/** S3 bucket naming rules (general purpose buckets), enough to refuse typos and injection. */
const bucketName = z
  .string()
  .check(
    z.regex(
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      'must be an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)',
    ),
  );

const onDemand = z.strictObject({
  buckets: z.optional(z.array(bucketName).check(z.maxLength(1000))),
  sampleSize: z.optional(z.int().check(z.gte(0), z.lte(1_000_000))),
  notify: z.optional(z.boolean()),
});

export interface AuditInvocation {
  kind: 'scheduled' | 'on-demand';
  buckets: string[];
  sampleSize?: number;
  notify: boolean;
}

/**
 * Reads the audit function's event: an EventBridge schedule (audit and alert), or an on-demand
 * payload `{ "buckets"?: [...], "sampleSize"?: n, "notify"?: bool }` (notify defaults to false:
 * an operator asking for a report does not page anyone unless they say so).
 */
export function parseAuditInvocation(
  event: unknown,
): { ok: true; value: AuditInvocation } | { ok: false; problems: Problem[] } {
  if (isScheduledEvent(event)) return { ok: true, value: { kind: 'scheduled', buckets: [], notify: true } };
  const parsed = onDemand.safeParse(event ?? {}, ENGLISH);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    };
  }
  const value: AuditInvocation = {
    kind: 'on-demand',
    buckets: parsed.data.buckets ?? [],
    notify: parsed.data.notify ?? false,
  };
  if (parsed.data.sampleSize !== undefined) value.sampleSize = parsed.data.sampleSize;
  return { ok: true, value };
}

function isScheduledEvent(event: unknown): boolean {
  const value = event as { source?: unknown; 'detail-type'?: unknown } | null;
  return value?.source === 'aws.events' && value['detail-type'] === 'Scheduled Event';
}
