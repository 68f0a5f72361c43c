import type { IncidentDocument, IncidentDocumentCause } from './incident-document.js';
import {
  formatDuration,
  resolutionNote,
  sharedRemediation,
  sourcesText,
  statusLabel,
} from './incident-view.js';
import { formatCount, plainText } from './text.js';

/**
 * The e-mail body (plain text, SNS `email` protocol): what, where, since when, why and how to
 * fix; for a reminder how it grew, for a resolution how long it lasted. Data is shown through
 * `plainText`, so a key cannot forge a line of the message.
 */
export function renderIncidentEmail(document: IncidentDocument): string {
  const resolved = document.transition === 'resolved';
  const lines = [headline(document), '', `What:   ${what(document)}`, `Where:  ${where(document)}`];
  lines.push(resolved ? `Lasted: ${lasted(document)}` : `Since:  ${since(document)}`);
  const note = resolved ? resolutionNote(document.resolvedBecause) : undefined;
  if (note !== undefined) lines.push(`Why:    ${note}`);
  if (document.growth !== undefined && !resolved) lines.push(`Growth: ${growth(document)}`);
  lines.push('');
  const shared = sharedRemediation(document.causes);
  document.causes.forEach((cause, index) => {
    lines.push(...causeLines(cause, index, document, shared === undefined), '');
  });
  if (shared !== undefined && document.transition !== 'resolved') {
    lines.push(`Fix (one change for every cause above): ${plainText(shared)}`, '');
  }
  if (document.causesOmitted > 0) {
    lines.push(
      `... and ${formatCount(document.causesOmitted)} more causes not shown${cutReason(document)}.`,
      '',
    );
  }
  lines.push(...sampleLines(document));
  lines.push(
    `Incident: ${document.incidentId} (the same id until it is resolved; threads and tickets can key on it).`,
    `Notice: ${document.transition} at ${document.at}. Finding code: ${document.code}. Sent by the S3 replication monitor.`,
  );
  return lines.join('\n');
}

function headline(document: IncidentDocument): string {
  const label = statusLabel(document.transition, document.severity, document.reopened);
  const count = document.samples.length > 0 || document.samplesOmitted > 0 ? objects(document.affected) : '';
  return `${label}: ${document.title} in ${plainText(document.sourceBucket)}${count}`;
}

function objects(count: number): string {
  return ` (${formatCount(count)} object${count === 1 ? '' : 's'})`;
}

function what(document: IncidentDocument): string {
  const route =
    document.destinationBuckets.length === 0
      ? `in source bucket ${plainText(document.sourceBucket)}`
      : `from ${plainText(document.sourceBucket)} to ${document.destinationBuckets.map(plainText).join(', ')}`;
  const causes = document.causes.length + document.causesOmitted;
  const tail = causes > 1 ? `; ${formatCount(causes)} causes below` : '';
  return `${document.title} ${route} (${formatCount(document.affected)} affected${tail}).`;
}

function where(document: IncidentDocument): string {
  const parts = [`source bucket ${plainText(document.sourceBucket)}`];
  if (document.destinationBuckets.length > 0) {
    const label = document.destinationBuckets.length === 1 ? 'destination bucket' : 'destination buckets';
    parts.push(`${label} ${document.destinationBuckets.map(plainText).join(', ')}`);
  }
  if (document.ruleIds.length > 0) {
    parts.push(
      `${document.ruleIds.length === 1 ? 'rule' : 'rules'} ${document.ruleIds.map(plainText).join(', ')}`,
    );
  }
  return parts.join('; ');
}

/**
 * When the problem was first seen: the earliest cause's first sighting. It is the opening time
 * unless the incident opened after the fact: a replayed or late-delivered event, whose records are
 * older than the run that processed them, opens an incident now about a failure seen earlier.
 */
function since(document: IncidentDocument): string {
  const first = document.causes.reduce(
    (earliest, cause) => (cause.firstSeen < earliest ? cause.firstSeen : earliest),
    document.openedAt,
  );
  const open = `open ${formatDuration(document.openedAt, document.at)}`;
  if (first === document.openedAt) return `${first} (${open}; last seen ${document.lastSeenAt})`;
  return `${first} (first seen; incident opened ${document.openedAt}, ${open}; last seen ${document.lastSeenAt})`;
}

function lasted(document: IncidentDocument): string {
  const end = document.resolvedAt ?? document.at;
  return `${formatDuration(document.openedAt, end)} (opened ${document.openedAt}, resolved ${end})`;
}

function growth(document: IncidentDocument): string {
  const added = document.growth ?? 0;
  return added === 0
    ? `no new affected objects since the last notice (${formatCount(document.affected)} in all)`
    : `${formatCount(added)} more affected since the last notice (${formatCount(document.affected)} in all)`;
}

function causeLines(
  cause: IncidentDocumentCause,
  index: number,
  document: IncidentDocument,
  withFix: boolean,
): string[] {
  const total = document.causes.length + document.causesOmitted;
  const lines = [
    `Cause ${index + 1} of ${total}: ${cause.severity.toUpperCase()} ${cause.title} (${formatCount(cause.count)} seen by ${sourcesText(cause.sources)}; first ${cause.firstSeen}, last ${cause.lastSeen})`,
  ];
  const reason =
    cause.failureReason === undefined
      ? ''
      : `S3 reported failureReason ${plainText(cause.failureReason)}${cause.failureCategory === undefined ? '' : ` (category: ${cause.failureCategory})`}. `;
  lines.push(`  Why:  ${reason}${plainText(cause.message)}`);
  if (document.transition !== 'resolved' && withFix) lines.push(`  Fix:  ${plainText(cause.remediation)}`);
  return lines;
}

function sampleLines(document: IncidentDocument): string[] {
  if (document.samples.length === 0 && document.samplesOmitted === 0) return [];
  const lines = [
    `Affected objects (${formatCount(document.samples.length)} of ${formatCount(document.affected)}):`,
  ];
  for (const sample of document.samples) {
    const version = sample.versionId === undefined ? '' : ` (version ${plainText(sample.versionId)})`;
    lines.push(`  - "${plainText(sample.key)}"${version}`);
  }
  if (document.samplesOmitted > 0) {
    lines.push(`  ... and ${formatCount(document.samplesOmitted)} more not shown${cutReason(document)}.`);
  }
  lines.push('');
  return lines;
}

function cutReason(document: IncidentDocument): string {
  return document.truncated ? ' (list truncated to fit the message size limit)' : '';
}
