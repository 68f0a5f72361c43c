import { chatbotCode, chatbotText, fitEscaped, truncate } from './escape.js';
import type { IncidentDocument, IncidentDocumentCause } from './incident-document.js';
import {
  eventTypeOf,
  formatDuration,
  iconOf,
  resolutionNote,
  sharedRemediation,
  statusLabel,
} from './incident-view.js';
import { fitLines, truncateMarkdownLine } from './markdown-fit.js';
import { formatCount } from './text.js';

/**
 * AWS Chatbot (now Amazon Q Developer in chat applications) custom notification, the SNS
 * `https` body: Chatbot subscribes to the topic over HTTPS and forwards only this format.
 * Schema from https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html ("Event
 * schema", "Parameter details"): `version` "1.0" and `source` "custom" required; `textType` only
 * "client-markdown"; `metadata.threadId` threads every notice of one incident. The page states
 * no per-field length limits, so each field is kept within the Slack block it renders into.
 */
export const CHATBOT_LIMITS = {
  title: 150,
  description: 3000,
  nextSteps: 3,
  nextStep: 900,
  summary: 300,
  relatedResources: 10,
  context: 256,
} as const;

export interface ChatbotNotification {
  version: '1.0';
  source: 'custom';
  id: string;
  content: {
    textType: 'client-markdown';
    title: string;
    description: string;
    nextSteps: string[];
    keywords: string[];
  };
  metadata: {
    threadId: string;
    summary: string;
    eventType: string;
    relatedResources: string[];
    additionalContext: Record<string, string>;
  };
}

export function renderIncidentChatbot(document: IncidentDocument, partition = 'aws'): ChatbotNotification {
  const label = statusLabel(document.transition, document.severity, document.reopened);
  const title = `${iconOf(document.transition, document.severity)} ${label}: ${document.title} in ${chatbotText(document.sourceBucket)}`;
  return {
    version: '1.0',
    source: 'custom',
    id: `${document.incidentId}-${document.transition}-${document.at}`,
    content: {
      textType: 'client-markdown',
      title: truncate(title, CHATBOT_LIMITS.title),
      description: fitLines(descriptionLines(document), CHATBOT_LIMITS.description),
      nextSteps: document.transition === 'resolved' ? [] : nextSteps(document.causes),
      keywords: [document.severity.toUpperCase(), document.code, document.transition],
    },
    metadata: {
      threadId: document.incidentId,
      summary: truncate(
        `${label}: ${document.title} in ${chatbotText(document.sourceBucket)}`,
        CHATBOT_LIMITS.summary,
      ),
      eventType: eventTypeOf(document.transition),
      relatedResources: [document.sourceBucket, ...document.destinationBuckets]
        .slice(0, CHATBOT_LIMITS.relatedResources)
        .map((bucket) => truncate(chatbotText(`arn:${partition}:s3:::${bucket}`), CHATBOT_LIMITS.context)),
      additionalContext: {
        incidentId: document.incidentId,
        transition: document.transition,
        severity: document.severity,
        code: document.code,
        sourceBucket: truncate(chatbotText(document.sourceBucket), CHATBOT_LIMITS.context),
        affected: String(document.affected),
      },
    },
  };
}

function descriptionLines(document: IncidentDocument): string[] {
  const line = (text: string) => truncateMarkdownLine(text, 600);
  const lines = [
    line(`*What:* ${document.title}: ${route(document)} (${formatCount(document.affected)} affected)`),
  ];
  if (document.ruleIds.length > 0)
    lines.push(line(`*Rules:* ${document.ruleIds.map(chatbotCode).join(', ')}`));
  if (document.transition === 'resolved') {
    const end = document.resolvedAt ?? document.at;
    lines.push(
      `*Lasted:* ${formatDuration(document.openedAt, end)} (opened ${document.openedAt}, resolved ${end})`,
    );
    const note = resolutionNote(document.resolvedBecause);
    if (note !== undefined) lines.push(`*Why:* ${note}`);
  } else {
    lines.push(`*Since:* ${document.openedAt} (open ${formatDuration(document.openedAt, document.at)})`);
  }
  if (document.growth !== undefined && document.transition !== 'resolved') {
    lines.push(`*Growth:* ${formatCount(document.growth)} more affected since the last notice`);
  }
  lines.push(`*Incident:* ${chatbotCode(document.incidentId)}`);
  const total = document.causes.length + document.causesOmitted;
  document.causes.forEach((cause, index) => {
    lines.push(line(`*Why (${index + 1}/${total}):* ${causeText(cause)}`));
  });
  if (document.causesOmitted > 0)
    lines.push(`… ${formatCount(document.causesOmitted)} more causes not shown`);
  if (document.samples.length > 0) {
    const keys = document.samples.slice(0, 5).map((sample) => fitEscaped(sample.key, chatbotCode, 200));
    const more = document.affected - Math.min(5, document.samples.length);
    lines.push(
      line(`*Affected objects:* ${keys.join(', ')}${more > 0 ? ` … and ${formatCount(more)} more` : ''}`),
    );
  }
  return lines;
}

function route(document: IncidentDocument): string {
  const source = fitEscaped(document.sourceBucket, chatbotCode, 120);
  if (document.destinationBuckets.length === 0) return `source bucket ${source}`;
  const destinations = document.destinationBuckets.map((bucket) => fitEscaped(bucket, chatbotCode, 120));
  return `${source} → ${destinations.join(', ')}`;
}

function causeText(cause: IncidentDocumentCause): string {
  const reason =
    cause.failureReason === undefined
      ? ''
      : ` · ${fitEscaped(cause.failureReason, chatbotCode, 120)}${cause.failureCategory === undefined ? '' : ` (${cause.failureCategory})`}`;
  return `${cause.severity.toUpperCase()} ${cause.title}${reason} · ${formatCount(cause.count)} seen: ${fitEscaped(cause.message, chatbotText, 400)}`;
}

/** The fix of each of the first causes, as a code span: people copy commands from it. */
function nextSteps(causes: readonly IncidentDocumentCause[]): string[] {
  const shared = sharedRemediation(causes);
  if (shared !== undefined) return [fitEscaped(shared, chatbotCode, CHATBOT_LIMITS.nextStep)];
  return causes
    .slice(0, CHATBOT_LIMITS.nextSteps)
    .map((cause) => fitEscaped(cause.remediation, chatbotCode, CHATBOT_LIMITS.nextStep));
}
