import { compareSeverity, type Finding } from '../model/findings.js';
import { causeFingerprint } from '../model/fingerprint.js';
import { incidentKeyOf, incidentKindOf } from './grouping.js';
import type { Incident, IncidentCause, IncidentSource, ObjectSample } from './incident.js';

/** One finding as an incident receives it. */
export interface Observation {
  finding: Finding;
  /** `fingerprint(finding)`: the same object and problem, however often it is delivered. */
  id: string;
  source: IncidentSource;
  /** When it happened: the event's time, or the start of the audit that saw it. */
  seenAt: string;
}

/** Affected objects a cause keeps for the audit to re-check (the incident keeps `sampleSize`). */
export const CAUSE_SAMPLES = 10;

/** A new incident for a finding; `previous` is an item long resolved under the same id, replaced. */
export function freshIncident(
  observation: Observation,
  id: string,
  now: string,
  previous?: Incident,
): Incident {
  const { finding, seenAt } = observation;
  const key = incidentKeyOf(finding);
  const incident: Incident = {
    id,
    kind: incidentKindOf(finding.code),
    status: 'open',
    code: finding.code,
    severity: finding.severity,
    sourceBucket: finding.sourceBucket,
    causes: [],
    samples: [],
    affected: 0,
    openedAt: now,
    lastSeenAt: seenAt,
    affectedAtLastNotice: 0,
    reopenCount: 0,
    missedAudits: 0,
    revision: previous?.revision ?? 0,
  };
  if (key.ruleId !== undefined) incident.ruleId = key.ruleId;
  if (key.destinationBucket !== undefined) incident.destinationBucket = key.destinationBucket;
  if (key.failureReason !== undefined) incident.failureReason = key.failureReason;
  // Notices of the replaced item that were never delivered are still owed.
  if (previous?.pendingNotices !== undefined) incident.pendingNotices = previous.pendingNotices;
  return incident;
}

export interface RecordContext {
  now: string;
  sampleSize: number;
  /** The incident's counted finding fingerprints (kept as a set while a batch is applied). */
  seen: Set<string>;
}

/**
 * Counts a finding in its incident. A finding already counted (a redelivered record, an object
 * the audit sees again) is not counted twice; the earliest and latest times win whatever the order
 * of arrival. Returns the cause it went to. The headline (severity, code, affected) is refreshed
 * once the whole change is recorded: `refreshIncident`.
 */
export function recordFinding(
  incident: Incident,
  observation: Observation,
  context: RecordContext,
  fingerprint = causeFingerprint(observation.finding),
): IncidentCause {
  const { finding, source, seenAt } = observation;
  let cause = incident.causes.find((candidate) => candidate.fingerprint === fingerprint);
  if (cause === undefined) {
    cause = newCause(finding, fingerprint, seenAt);
    incident.causes.push(cause);
  }
  if (cause.resolvedAt !== undefined) delete cause.resolvedAt;
  cause.missedAudits = 0;
  delete cause.countedAudit;
  const counted = context.seen.has(observation.id);
  if (!counted) {
    context.seen.add(observation.id);
    cause.count += 1;
  }
  // A redelivered event says nothing new; an audit that sees the cause again does.
  if (!counted || source === 'audit') cause.lastObservedAt = context.now;
  widenCause(cause, seenAt);
  cause.severity = finding.severity;
  // One fix serves every cause of an access incident: it grows as permissions are found missing.
  if (incident.kind === 'access') {
    cause.message = finding.message;
    cause.remediation = finding.remediation;
  }
  if (!cause.sources.includes(source)) cause.sources.push(source);
  // An incident the audit opened takes the reason of the first event that joins it.
  if (
    incident.kind !== 'finding' &&
    incident.failureReason === undefined &&
    finding.failureReason !== undefined
  )
    incident.failureReason = finding.failureReason;
  if (finding.key !== undefined) {
    const sample = sampleOf(finding.key, finding.versionId);
    cause.samples = keepNewest(cause.samples ?? [], sample, CAUSE_SAMPLES);
    incident.samples = keepNewest(incident.samples, sample, context.sampleSize);
  }
  return cause;
}

/** The earliest and latest times win, whatever the order of arrival. */
function widenCause(cause: IncidentCause, seenAt: string): void {
  if (seenAt < cause.firstSeen) cause.firstSeen = seenAt;
  if (seenAt > cause.lastSeen) cause.lastSeen = seenAt;
}

/**
 * A finding already counted, arriving late: it widens its cause's first and last seen, as it
 * would have on time, and changes nothing else.
 */
export function widenTimes(incident: Incident, fingerprint: string, seenAt: string): void {
  const cause = incident.causes.find((candidate) => candidate.fingerprint === fingerprint);
  if (cause !== undefined) widenCause(cause, seenAt);
}

/** Headline fields from the causes: the most severe open cause names the incident. */
export function refreshIncident(incident: Incident): void {
  incident.affected = incident.causes.reduce((total, cause) => total + cause.count, 0);
  incident.lastSeenAt = incident.causes.reduce(
    (latest, cause) => (cause.lastSeen > latest ? cause.lastSeen : latest),
    incident.lastSeenAt,
  );
  const open = incident.causes
    .filter((cause) => cause.resolvedAt === undefined)
    .sort((left, right) => compareSeverity(left.severity, right.severity) || right.count - left.count);
  const [worst] = open;
  if (worst === undefined) return;
  incident.severity = worst.severity;
  incident.code = worst.code;
  const misses = open
    .filter((cause) => cause.sources.includes('audit'))
    .map((cause) => cause.missedAudits ?? 0);
  incident.missedAudits = misses.length === 0 ? 0 : Math.min(...misses);
}

export const openCauses = (incident: Incident): IncidentCause[] =>
  incident.causes.filter((cause) => cause.resolvedAt === undefined);

function newCause(finding: Finding, fingerprint: string, seenAt: string): IncidentCause {
  const cause: IncidentCause = {
    fingerprint,
    code: finding.code,
    severity: finding.severity,
    count: 0,
    firstSeen: seenAt,
    lastSeen: seenAt,
    sources: [],
    message: finding.message,
    remediation: finding.remediation,
    example: exampleOf(finding),
    missedAudits: 0,
  };
  if (finding.ruleId !== undefined) cause.ruleId = finding.ruleId;
  if (finding.destinationBucket !== undefined) cause.destinationBucket = finding.destinationBucket;
  if (finding.failureReason !== undefined) cause.failureReason = finding.failureReason;
  if (finding.failureCategory !== undefined) cause.failureCategory = finding.failureCategory;
  return cause;
}

/** Evidence can be long (datapoints, matched statements): the example keeps it only when small. */
const EXAMPLE_EVIDENCE_BYTES = 2000;

function exampleOf(finding: Finding): Finding {
  const { evidence, ...example } = finding;
  if (evidence === undefined) return example;
  const small = Buffer.byteLength(JSON.stringify(evidence), 'utf8') <= EXAMPLE_EVIDENCE_BYTES;
  return small ? { ...example, evidence } : example;
}

const sampleOf = (key: string, versionId: string | undefined): ObjectSample =>
  versionId === undefined ? { key } : { key, versionId };

/** Adds `sample` as the newest, once, dropping the oldest beyond `limit` (in place). */
function keepNewest(samples: ObjectSample[], sample: ObjectSample, limit: number): ObjectSample[] {
  const known = samples.findIndex((kept) => kept.key === sample.key && kept.versionId === sample.versionId);
  if (known !== -1) samples.splice(known, 1);
  samples.push(sample);
  if (samples.length > limit) samples.splice(0, samples.length - Math.max(limit, 0));
  return samples;
}
