import type { IncidentNotice } from '../incidents/incident.js';
import { renderIncidentChatbot } from './chatbot.js';
import { safeJson } from './escape.js';
import { type DocumentLimits, incidentDocument } from './incident-document.js';
import { renderIncidentEmail } from './incident-email.js';
import { incidentTitle } from './incident-view.js';
import {
  fitToLimit,
  type IncidentNotification,
  SNS_MESSAGE_LIMIT_BYTES,
  snsMessageBytes,
  stringAttributes,
} from './sns-message.js';
import { formatCount, snsSubject } from './text.js';

export interface IncidentRenderOptions {
  /** SNS's limit for the whole message (default 262,144 bytes). */
  limitBytes?: number;
  /** For the bucket ARNs Chatbot links to (default `aws`). */
  partition?: string;
}

/**
 * Renders an incident notice as one SNS message with per-protocol bodies, within SNS limits.
 * Pure. Samples shrink first, then causes; every body says what was cut. The message attributes
 * let each subscription filter on severity, transition, code or bucket.
 */
export function renderIncidentNotification(
  notice: IncidentNotice,
  options: IncidentRenderOptions = {},
): IncidentNotification {
  const { incident } = notice;
  const subject = incidentSubject(notice);
  const messageAttributes = stringAttributes({
    type: 'incident',
    severity: incident.severity,
    transition: notice.transition,
    noticeId: notice.id,
    code: incident.code,
    sourceBucket: incident.sourceBucket,
  });
  const render = (limits: DocumentLimits, truncated: boolean) => {
    const document = incidentDocument(notice, limits, truncated);
    return {
      default: safeJson(document),
      email: renderIncidentEmail(document),
      https: safeJson(renderIncidentChatbot(document, options.partition)),
    };
  };
  const { message, truncated } = fitToLimit(
    render,
    (candidate) => snsMessageBytes(subject, candidate, messageAttributes),
    { samples: incident.samples.length, causes: incident.causes.length },
    shrink,
    options.limitBytes ?? SNS_MESSAGE_LIMIT_BYTES,
  );
  return {
    id: incident.id,
    type: 'incident',
    severity: incident.severity,
    subject,
    messageStructure: 'json',
    message,
    messageAttributes,
    truncated,
  };
}

function shrink(limits: DocumentLimits): DocumentLimits | undefined {
  if (limits.samples > 0) return { ...limits, samples: Math.floor(limits.samples / 2) };
  if (limits.causes > 1) return { ...limits, causes: Math.floor(limits.causes / 2) };
  return undefined;
}

/** `[CRITICAL][REMINDER] Objects are failing to replicate (1,204): src -> dst`, < 100 ASCII. */
export function incidentSubject(notice: IncidentNotice): string {
  const { incident } = notice;
  const severity = `[${incident.severity.toUpperCase()}]`;
  const tag =
    notice.transition === 'resolved'
      ? incident.resolvedBecause === 'unmonitored'
        ? '[NO LONGER MONITORED]'
        : '[RESOLVED]'
      : notice.transition === 'opened'
        ? `${severity}${notice.reopened ? '[REOPENED]' : ''}`
        : `${severity}[${notice.transition.toUpperCase()}]`;
  const count = incident.samples.length > 0 ? ` (${formatCount(incident.affected)})` : '';
  const destinations = new Set(incident.causes.flatMap((cause) => cause.destinationBucket ?? []));
  const [only] = destinations;
  const route =
    destinations.size === 0
      ? ''
      : destinations.size === 1
        ? ` -> ${only}`
        : ` -> ${destinations.size} destinations`;
  const head = `${tag} ${incidentTitle(incident.kind, incident.code)}${count}: ${incident.sourceBucket}`;
  // A cut destination reads as a wrong bucket name: leave the route out rather than cut it.
  const full = snsSubject(`${head}${route}`);
  return full.endsWith('...') ? snsSubject(head) : full;
}
