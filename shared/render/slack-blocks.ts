import type { IncidentNotice } from '../incidents/incident.js';
import { fitEscaped, slackCode, slackCodeBlock, slackText } from './escape.js';
import { type IncidentDocument, type IncidentDocumentCause, incidentDocument } from './incident-document.js';
import {
  formatDuration,
  iconOf,
  resolutionNote,
  sharedRemediation,
  sourcesText,
  statusLabel,
} from './incident-view.js';
import {
  contextBlock,
  fieldsBlock,
  headerBlock,
  SLACK_LIMITS,
  type SlackBlock,
  type SlackMessage,
  sectionBlock,
  slackDate,
  slackMessage,
} from './slack-kit.js';
import { formatCount } from './text.js';

/** Blocks other than causes: header, summary, fields, samples, causes-omitted note, context. */
const FIXED_BLOCKS = 6;

/**
 * A Slack incoming-webhook message (Block Kit) for an incident notice: a header, the facts as
 * fields, one section per cause with why and the fix, the affected objects, and the incident id.
 * Takes the notice, or the `default` JSON document the notifier Lambda receives from SNS.
 */
export function renderSlackBlocks(source: IncidentNotice | IncidentDocument): SlackMessage {
  const document =
    'incident' in source
      ? incidentDocument(
          source,
          { samples: source.incident.samples.length, causes: source.incident.causes.length },
          false,
        )
      : source;
  const label = statusLabel(document.transition, document.severity, document.reopened);
  const headline = `${label}: ${document.title}`;
  const shared = document.transition === 'resolved' ? undefined : sharedRemediation(document.causes);
  const causes = document.causes.slice(
    0,
    SLACK_LIMITS.blocks - FIXED_BLOCKS - (shared === undefined ? 0 : 1),
  );
  const omittedCauses = document.causesOmitted + document.causes.length - causes.length;
  const blocks: SlackBlock[] = [
    headerBlock(`${iconOf(document.transition, document.severity)} ${headline}`),
    sectionBlock(summaryLines(document)),
    fieldsBlock(fields(document)),
    ...causes.map((cause, index) =>
      causeBlock(cause, index, causes.length + omittedCauses, document, shared === undefined),
    ),
  ];
  if (shared !== undefined) {
    const title = '*Fix (one change for every cause above):*';
    blocks.push(
      sectionBlock([title, fitEscaped(shared, slackCodeBlock, SLACK_LIMITS.sectionText - title.length - 2)]),
    );
  }
  if (omittedCauses > 0)
    blocks.push(contextBlock([`… and ${formatCount(omittedCauses)} more causes not shown`]));
  if (document.samples.length > 0) blocks.push(samplesBlock(document));
  blocks.push(contextBlock(contextElements(document)));
  const fallback = `${headline} in ${slackText(document.sourceBucket)} (${formatCount(document.affected)} affected)`;
  return slackMessage(fallback, blocks);
}

function summaryLines(document: IncidentDocument): string[] {
  const source = fitEscaped(document.sourceBucket, slackCode, 300);
  const destinations = document.destinationBuckets.map((bucket) => fitEscaped(bucket, slackCode, 300));
  const route = destinations.length === 0 ? source : `${source} → ${destinations.join(', ')}`;
  const lines = [`*${document.title}*: ${route}`];
  if (document.transition === 'resolved') {
    const end = document.resolvedAt ?? document.at;
    lines.push(`Resolved after ${formatDuration(document.openedAt, end)}.`);
    const note = resolutionNote(document.resolvedBecause);
    if (note !== undefined) lines.push(note);
  } else if (document.growth !== undefined) {
    lines.push(`${formatCount(document.growth)} more affected since the last notice.`);
  }
  return lines;
}

function fields(document: IncidentDocument): [string, string][] {
  const list = (values: readonly string[]) =>
    values.map((value) => fitEscaped(value, slackCode, 300)).join(', ');
  const rows: [string, string][] = [['Source bucket', list([document.sourceBucket])]];
  if (document.destinationBuckets.length > 0) rows.push(['Destination', list(document.destinationBuckets)]);
  if (document.ruleIds.length > 0) rows.push(['Rule', list(document.ruleIds)]);
  rows.push(['Severity', document.severity.toUpperCase()]);
  if (document.transition === 'resolved') {
    const end = document.resolvedAt ?? document.at;
    rows.push(['Lasted', `${formatDuration(document.openedAt, end)} (resolved ${slackDate(end)})`]);
  } else {
    rows.push([
      'Since',
      `${slackDate(document.openedAt)} (open ${formatDuration(document.openedAt, document.at)})`,
    ]);
  }
  rows.push(['Affected', formatCount(document.affected)]);
  return rows;
}

function causeBlock(
  cause: IncidentDocumentCause,
  index: number,
  total: number,
  document: IncidentDocument,
  withFix: boolean,
): SlackBlock {
  const reason =
    cause.failureReason === undefined
      ? ''
      : ` · ${fitEscaped(cause.failureReason, slackCode, 250)}${cause.failureCategory === undefined ? '' : ` (${cause.failureCategory})`}`;
  const head = `*Cause ${index + 1} of ${total}: ${cause.severity.toUpperCase()} ${cause.title}*${reason} · ${formatCount(cause.count)} seen by ${sourcesText(cause.sources)}`;
  const why = `*Why:* ${fitEscaped(cause.message, slackText, 900)}`;
  if (document.transition === 'resolved' || !withFix) return sectionBlock([head, why]);
  const room = SLACK_LIMITS.sectionText - head.length - why.length - '\n\n*Fix:*\n'.length;
  return sectionBlock([
    head,
    why,
    '*Fix:*',
    fitEscaped(cause.remediation, slackCodeBlock, Math.max(room, 40)),
  ]);
}

function samplesBlock(document: IncidentDocument): SlackBlock {
  const lines = [
    `*Affected objects* (${formatCount(document.samples.length)} of ${formatCount(document.affected)})`,
  ];
  for (const sample of document.samples) {
    const version =
      sample.versionId === undefined ? '' : ` (version ${fitEscaped(sample.versionId, slackCode, 120)})`;
    lines.push(`• ${fitEscaped(sample.key, slackCode, 1200)}${version}`);
  }
  const more = (count: number) => `… and ${formatCount(count + document.samplesOmitted)} more not shown`;
  if (document.samplesOmitted > 0) lines.push(more(0));
  return sectionBlock(lines, (count) => more(document.samplesOmitted > 0 ? count - 1 : count));
}

function contextElements(document: IncidentDocument): string[] {
  const elements = [`Incident ${slackCode(document.incidentId)} · ${document.code} · ${document.transition}`];
  if (document.truncated)
    elements.push('Some causes or objects were left out to fit the message size limit.');
  elements.push('S3 replication monitor');
  return elements;
}
