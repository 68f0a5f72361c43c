import type { IncidentDigest } from '../incidents/incident.js';
import { digestHeadline } from './digest-bodies.js';
import { type DigestDocument, digestDocument } from './digest-document.js';
import { fitEscaped, slackCode, slackText } from './escape.js';
import { formatDuration } from './incident-view.js';
import {
  contextBlock,
  headerBlock,
  SLACK_LIMITS,
  type SlackBlock,
  type SlackMessage,
  sectionBlock,
  slackMessage,
} from './slack-kit.js';
import { formatCount } from './text.js';

/**
 * The periodic digest as a Slack message: one section per open `info` incident (what, where,
 * since when, the fix), within Slack's 50 blocks; the rest are counted, never silently dropped.
 */
export function renderSlackDigestBlocks(source: IncidentDigest | DigestDocument): SlackMessage {
  const document = 'type' in source ? source : digestDocument(source, source.incidents.length, false);
  const headline = `Digest: ${digestHeadline(document)}`;
  const shown = document.incidents.slice(0, SLACK_LIMITS.blocks - 3);
  const omitted = document.incidentsOmitted + document.incidents.length - shown.length;
  const blocks: SlackBlock[] = [headerBlock(`\u2139\ufe0f ${headline}`)];
  if (shown.length === 0) blocks.push(sectionBlock(['No open info-level incidents.']));
  for (const incident of shown) {
    const where = [fitEscaped(incident.sourceBucket, slackCode, 300)];
    if (incident.destinationBuckets.length > 0) {
      where.push(
        `→ ${incident.destinationBuckets.map((bucket) => fitEscaped(bucket, slackCode, 300)).join(', ')}`,
      );
    }
    blocks.push(
      sectionBlock([
        `*${incident.title}* in ${where.join(' ')} · open ${formatDuration(incident.openedAt, document.at)} · ${formatCount(incident.affected)} affected`,
        `*Why:* ${fitEscaped(incident.message, slackText, 900)}`,
        `*Fix:* ${fitEscaped(incident.remediation, slackText, 1200)}`,
      ]),
    );
  }
  const footer = ['Minor problems: nobody was paged. S3 replication monitor'];
  if (omitted > 0) footer.unshift(`… and ${formatCount(omitted)} more not shown`);
  blocks.push(contextBlock(footer));
  return slackMessage(`${headline}: nobody was paged`, blocks);
}
