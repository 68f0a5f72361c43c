import { type ReplicationRule, ruleCovers } from '../../model/replication-rules.js';
import { recheckIdentity } from './audit-state.js';
import { objectFinding } from './object-findings.js';
import type { ObjectHead, ObjectLocation } from './object-reader.js';
import { findingContext, type Outcome, type Run, record } from './sampling-run.js';

/**
 * Examines one object version: HEAD, the rules that cover it (reading its tags only when a
 * tag-filtered rule needs them), its status counted under each, and a finding when it FAILED or
 * has been PENDING past the threshold (remembered for re-checking).
 */
export async function examine(
  run: Run,
  object: { key: string; versionId?: string | undefined },
  pass: 'recheck' | 'sweep',
): Promise<Outcome> {
  const { bucket, reader } = run.input;
  const location = { bucket: bucket.name, region: bucket.region, key: object.key };
  const versioned = object.versionId === undefined ? location : { ...location, versionId: object.versionId };
  const head = await reader.head(versioned);
  if (!head.ok) return record(run, head.problem, object.key);
  const identity = recheckIdentity({ key: object.key, versionId: head.value.versionId });
  if (run.rechecked.has(identity)) return 'done';
  if (pass === 'recheck') run.rechecked.add(identity);
  if (head.value.sse === 'aws:kms' || head.value.sse === 'aws:kms:dsse') {
    run.kmsObjectsSeen = true;
    if (head.value.kmsKeyId !== undefined) run.kmsKeyIds.add(head.value.kmsKeyId);
  }
  if (head.value.sse === 'AES256') run.sseS3Seen = true;
  const covering = await coveringRules(run, versioned, head.value);
  if (!Array.isArray(covering)) return covering;
  const status = head.value.replicationStatus ?? 'NONE';
  for (const rule of covering) {
    const counts = run.counts[rule.id];
    if (counts !== undefined) counts[status] += 1;
  }
  assess(run, object.key, head.value, covering, identity);
  return 'done';
}

/**
 * Reads tags only when a tag-filtered rule could cover the object and it may have tags. A refused
 * or lastingly failed tag read is reported and the object counts under the rules that need no
 * tags; a throttled or transient one stops the sweep before the object (an Outcome), so the next
 * run reads it whole.
 */
async function coveringRules(
  run: Run,
  location: ObjectLocation,
  head: ObjectHead,
): Promise<ReplicationRule[] | Outcome> {
  const candidates = run.enabled.filter((rule) => location.key.startsWith(rule.prefix));
  let tags: Record<string, string> | undefined;
  if (head.tagCount !== 0 && candidates.some((rule) => rule.tags.length > 0)) {
    const read = await run.input.reader.tags(location);
    if (read.ok) tags = read.value;
    else if (record(run, read.problem, location.key) === 'blocked' && read.problem.kind !== 'access-denied')
      return 'blocked';
  }
  return candidates.filter((rule) => ruleCovers(rule, location.key, tags));
}

/** Flags a FAILED or stuck PENDING object: a finding, and an entry to re-check next run. */
function assess(
  run: Run,
  key: string,
  head: ObjectHead,
  covering: ReplicationRule[],
  identity: string,
): void {
  const ageMilliseconds = run.now.getTime() - head.lastModified.getTime();
  const stuck = head.replicationStatus === 'PENDING' && ageMilliseconds > run.stuckAfterSeconds * 1000;
  if (head.replicationStatus !== 'FAILED' && !stuck) return;
  const status = head.replicationStatus === 'FAILED' ? 'FAILED' : 'PENDING';
  const firstFlaggedAt = run.previous.get(identity)?.firstFlaggedAt ?? run.now.toISOString();
  run.flagged.set(identity, {
    key,
    ...(head.versionId === undefined ? {} : { versionId: head.versionId }),
    firstFlaggedAt,
    status,
  });
  run.findings.push(
    objectFinding(findingContext(run), {
      key,
      head,
      covering,
      firstFlaggedAt,
      ageSeconds: Math.floor(ageMilliseconds / 1000),
    }),
  );
}
