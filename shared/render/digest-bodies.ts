import { CHATBOT_LIMITS, type ChatbotNotification } from './chatbot.js';
import type { DigestDocument, DigestDocumentIncident } from './digest-document.js';
import { digestId } from './digest-document.js';
import { chatbotCode, chatbotText, fitEscaped } from './escape.js';
import { formatDuration } from './incident-view.js';
import { fitLines } from './markdown-fit.js';
import { formatCount, plainText } from './text.js';

/** `3 open info-level incidents`. */
export function digestHeadline(document: DigestDocument): string {
  return `${formatCount(document.count)} open info-level incident${document.count === 1 ? '' : 's'}`;
}

/** The digest e-mail: every minor open incident with where, since when, why and the fix. */
export function renderDigestEmail(document: DigestDocument): string {
  const lines = [
    `INFO DIGEST: ${digestHeadline(document)} (${document.at})`,
    '',
    'These problems are open but minor, so nobody was paged. Each stays listed until it is resolved.',
    '',
  ];
  document.incidents.forEach((incident, index) => {
    lines.push(...entryLines(incident, index, document.at), '');
  });
  if (document.incidentsOmitted > 0) {
    const reason = document.truncated ? ' (list truncated to fit the message size limit)' : '';
    lines.push(`... and ${formatCount(document.incidentsOmitted)} more not shown${reason}.`, '');
  }
  lines.push('Sent by the S3 replication monitor.');
  return lines.join('\n');
}

function entryLines(incident: DigestDocumentIncident, index: number, at: string): string[] {
  const where = [`source bucket ${plainText(incident.sourceBucket)}`];
  if (incident.destinationBuckets.length > 0) {
    where.push(`destination ${incident.destinationBuckets.map(plainText).join(', ')}`);
  }
  if (incident.ruleIds.length > 0) where.push(`rule ${incident.ruleIds.map(plainText).join(', ')}`);
  return [
    `${index + 1}. ${incident.title} in ${plainText(incident.sourceBucket)} (open ${formatDuration(incident.openedAt, at)} since ${incident.openedAt}; ${formatCount(incident.affected)} affected)`,
    `   Where: ${where.join('; ')}`,
    `   Why:   ${plainText(incident.message)}`,
    `   Fix:   ${plainText(incident.remediation)}`,
    `   Incident: ${incident.incidentId} (${incident.code})`,
  ];
}

/** The digest as an AWS Chatbot custom notification (see chatbot.ts for the schema). */
export function renderDigestChatbot(document: DigestDocument): ChatbotNotification {
  const lines = document.incidents.map(
    (incident, index) =>
      `*${index + 1}.* ${incident.title} in ${fitEscaped(incident.sourceBucket, chatbotCode, 120)} · open ${formatDuration(incident.openedAt, document.at)} · ${fitEscaped(incident.message, chatbotText, 300)}`,
  );
  if (document.incidentsOmitted > 0)
    lines.push(`… and ${formatCount(document.incidentsOmitted)} more not shown`);
  const headline = `Digest: ${digestHeadline(document)}`;
  return {
    version: '1.0',
    source: 'custom',
    id: digestId(document.at),
    content: {
      textType: 'client-markdown',
      title: `\u2139\ufe0f ${headline}`,
      description: fitLines(
        lines.length > 0 ? lines : ['No open info-level incidents.'],
        CHATBOT_LIMITS.description,
        // A dropped line is an incident, except the "more not shown" line itself.
        (count) =>
          `… and ${formatCount(count - (document.incidentsOmitted > 0 ? 1 : 0) + document.incidentsOmitted)} more not shown`,
      ),
      nextSteps: [],
      keywords: ['INFO', 'digest'],
    },
    metadata: {
      threadId: 's3-replication-monitor-digest',
      summary: headline,
      eventType: 'Replication Incident Digest',
      relatedResources: [],
      additionalContext: { digestId: digestId(document.at), count: String(document.count) },
    },
  };
}
