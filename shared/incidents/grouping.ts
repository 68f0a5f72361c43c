import { createHash } from 'node:crypto';
import { fixTargetOf } from '../diagnosis/fix-target.js';
import type { Finding, FindingCode } from '../model/findings.js';
import { causeFingerprint } from '../model/fingerprint.js';
import type { Incident, IncidentKind } from './incident.js';

const FAILING: ReadonlySet<FindingCode> = new Set([
  'REPLICATION_FAILED',
  'OBJECT_REPLICATION_FAILED',
  'REPLICATION_OPERATIONS_FAILED',
]);
const DELAYED: ReadonlySet<FindingCode> = new Set([
  'OBJECT_REPLICATION_STUCK',
  'REPLICATION_LATENCY_HIGH',
  'REPLICATION_BACKLOG',
  'REPLICATION_THRESHOLD_MISSED',
]);

const ACCESS: ReadonlySet<FindingCode> = new Set([
  'ROLE_PERMISSION_MISSING',
  'KMS_PERMISSION_MISSING',
  'PERMISSION_NOT_VERIFIED',
]);

/**
 * Failing and delayed replication gather what events, sampling and metrics each see; missing
 * permissions gather by the policy that fixes them; the rest is one incident per cause.
 */
export function incidentKindOf(code: FindingCode): IncidentKind {
  if (FAILING.has(code)) return 'replication-failing';
  if (DELAYED.has(code)) return 'replication-delayed';
  if (ACCESS.has(code)) return 'access';
  return 'finding';
}

/** What an incident of a finding is about, before matching it to the incidents that exist. */
export interface IncidentKey {
  kind: IncidentKind;
  sourceBucket: string;
  ruleId?: string;
  destinationBucket?: string;
  failureReason?: string;
  /** `access`: the policy whose change fixes it (fix-target.ts). */
  fixTarget?: string;
}

export function incidentKeyOf(finding: Finding): IncidentKey {
  const kind = incidentKindOf(finding.code);
  const key: IncidentKey = { kind, sourceBucket: finding.sourceBucket };
  if (kind === 'finding') return key;
  if (kind === 'access') {
    key.fixTarget = fixTargetOf(finding) ?? causeFingerprint(finding);
    return key;
  }
  if (finding.ruleId !== undefined) key.ruleId = finding.ruleId;
  if (finding.destinationBucket !== undefined) key.destinationBucket = finding.destinationBucket;
  if (finding.failureReason !== undefined) key.failureReason = finding.failureReason;
  return key;
}

/**
 * The id an incident opened for this finding gets. Deterministic, so two invocations opening the
 * same incident at once write the same item and the conditional write lets only one create it.
 */
export function incidentIdFor(finding: Finding): string {
  const key = incidentKeyOf(finding);
  if (key.kind === 'finding') return causeFingerprint(finding);
  if (key.kind === 'access') {
    const parts = ['incident', key.kind, key.sourceBucket, key.fixTarget ?? ''];
    return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 24);
  }
  const parts = [
    'incident',
    key.kind,
    key.sourceBucket,
    key.ruleId ?? '',
    key.destinationBucket ?? '',
    key.failureReason ?? '',
  ];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 24);
}

const sameRoute = (incident: Incident, key: IncidentKey) =>
  incident.kind === key.kind &&
  incident.sourceBucket === key.sourceBucket &&
  incident.ruleId === key.ruleId &&
  incident.destinationBucket === key.destinationBucket;

/**
 * The incident a finding joins, among one bucket's incidents (open ones first, then those
 * resolved less than `reopenWindowStart` ago, which it reopens), or undefined to open one.
 *
 * A finding with no failureReason (the audit's, or an RTC event) joins any incident of its kind
 * on the same rule and destination, so a failure seen by events and by the audit is one incident.
 * An event with reason R joins the incident with exactly R, else one with no reason of its own
 * yet (opened by the audit), else it is another incident: two reasons are two problems.
 */
export function matchIncident(
  incidents: readonly Incident[],
  finding: Finding,
  reopenWindowStart: string,
): Incident | undefined {
  const open = incidents
    .filter((incident) => incident.status === 'open')
    .sort((left, right) => left.openedAt.localeCompare(right.openedAt) || left.id.localeCompare(right.id));
  const recent = incidents
    .filter((incident) => incident.status === 'resolved' && (incident.resolvedAt ?? '') >= reopenWindowStart)
    .sort((left, right) => (right.resolvedAt ?? '').localeCompare(left.resolvedAt ?? ''));
  const key = incidentKeyOf(finding);
  if (key.kind === 'finding' || key.kind === 'access') {
    const id = incidentIdFor(finding);
    return [...open, ...recent].find((incident) => incident.id === id);
  }
  return pick(open, key) ?? pick(recent, key);
}

/** The first fitting candidate, in the caller's order of preference. */
function pick(candidates: readonly Incident[], key: IncidentKey): Incident | undefined {
  const routed = candidates.filter((incident) => sameRoute(incident, key));
  if (key.failureReason === undefined) return routed[0];
  return (
    routed.find((incident) => incident.failureReason === key.failureReason) ??
    routed.find((incident) => incident.failureReason === undefined)
  );
}
