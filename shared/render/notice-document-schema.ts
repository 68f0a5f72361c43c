import * as z from 'zod/mini';
import { FAILURE_CATEGORIES, FINDING_CODES, SEVERITIES } from '../model/findings.js';
import { ENGLISH } from '../model/zod-english.js';
import type { DigestDocument } from './digest-document.js';
import type { IncidentDocument } from './incident-document.js';

/**
 * Reads an SNS `default` body back into a document: what the Slack notifier Lambda receives.
 * The topic is ours, but other publishers (the legacy per-alert messages, a test publish from
 * the console) share it, so anything else is recognised and set aside, never thrown on:
 * retrying a message that is not a notice could never succeed. Unknown fields are dropped
 * (documents only ever gain fields); an unknown version is set aside.
 */

const code = z.enum(FINDING_CODES as [string, ...string[]]);
const severity = z.enum(SEVERITIES);
const count = z.number().check(z.int(), z.gte(0));
const text = z.string();

const cause = z.object({
  fingerprint: text,
  code,
  title: text,
  severity,
  ruleId: z.optional(text),
  destinationBucket: z.optional(text),
  failureReason: z.optional(text),
  failureCategory: z.optional(z.enum(FAILURE_CATEGORIES)),
  count,
  firstSeen: text,
  lastSeen: text,
  sources: z.array(z.enum(['audit', 'events'])),
  message: text,
  remediation: text,
});

const incident = z.object({
  type: z.literal('incident'),
  version: z.literal(1),
  transition: z.enum(['opened', 'updated', 'reminder', 'resolved']),
  // Absent from the documents of versions before notice ids: still read.
  noticeId: z.optional(text),
  incidentId: text,
  kind: z.enum(['replication-failing', 'replication-delayed', 'access', 'finding']),
  status: z.enum(['open', 'resolved']),
  code,
  title: text,
  severity,
  sourceBucket: text,
  destinationBuckets: z.array(text),
  ruleIds: z.array(text),
  affected: count,
  at: text,
  openedAt: text,
  lastSeenAt: text,
  resolvedAt: z.optional(text),
  resolvedBecause: z.optional(z.enum(['unmonitored'])),
  growth: z.optional(count),
  reopened: z.boolean(),
  reopenCount: count,
  causes: z.array(cause).check(z.minLength(1)),
  causesOmitted: count,
  samples: z.array(z.object({ key: text, versionId: z.optional(text) })),
  samplesOmitted: count,
  truncated: z.boolean(),
});

const digest = z.object({
  type: z.literal('digest'),
  version: z.literal(1),
  at: text,
  count,
  incidents: z.array(
    z.object({
      incidentId: text,
      kind: z.enum(['replication-failing', 'replication-delayed', 'access', 'finding']),
      code,
      title: text,
      severity,
      sourceBucket: text,
      destinationBuckets: z.array(text),
      ruleIds: z.array(text),
      affected: count,
      openedAt: text,
      lastSeenAt: text,
      message: text,
      remediation: text,
    }),
  ),
  incidentsOmitted: count,
  truncated: z.boolean(),
});

export type ParsedNotice =
  | { kind: 'incident'; document: IncidentDocument }
  | { kind: 'digest'; document: DigestDocument }
  | { kind: 'ignored'; reason: string };

export function parseNoticeDocument(body: string): ParsedNotice {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { kind: 'ignored', reason: 'the message is not JSON' };
  }
  const marker = z
    .object({ source: z.literal('s3-replication-monitor'), type: z.enum(['incident', 'digest']) })
    .safeParse(value);
  if (!marker.success) return { kind: 'ignored', reason: 'not an incident notice or digest of this monitor' };
  const schema = marker.data.type === 'incident' ? incident : digest;
  const parsed = schema.safeParse(value, ENGLISH);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    return {
      kind: 'ignored',
      reason: `invalid ${marker.data.type}: ${issue?.path.join('.')} ${issue?.message}`,
    };
  }
  const document = { source: 's3-replication-monitor', ...parsed.data };
  return marker.data.type === 'incident'
    ? { kind: 'incident', document: document as IncidentDocument }
    : { kind: 'digest', document: document as DigestDocument };
}
