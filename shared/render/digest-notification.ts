import type { IncidentDigest } from '../incidents/incident.js';
import { renderDigestChatbot, renderDigestEmail } from './digest-bodies.js';
import { digestDocument, digestId } from './digest-document.js';
import { safeJson } from './escape.js';
import {
  fitToLimit,
  type IncidentNotification,
  SNS_MESSAGE_LIMIT_BYTES,
  snsMessageBytes,
  stringAttributes,
} from './sns-message.js';
import { formatCount, snsSubject } from './text.js';

/**
 * Renders the periodic digest of open `info` incidents as one SNS message with the same
 * per-protocol bodies as an incident notice. `info` never pages: it waits for the digest.
 * Incidents are halved until the message fits SNS's limit, and the bodies say so.
 */
export function renderDigest(
  digest: IncidentDigest,
  options: { limitBytes?: number } = {},
): IncidentNotification {
  const count = digest.incidents.length;
  const subject = snsSubject(
    `[INFO] Digest: ${formatCount(count)} open info-level incident${count === 1 ? '' : 's'}`,
  );
  const messageAttributes = stringAttributes({ type: 'digest', severity: 'info', transition: 'digest' });
  const render = (shown: number, truncated: boolean) => {
    const document = digestDocument(digest, shown, truncated);
    return {
      default: safeJson(document),
      email: renderDigestEmail(document),
      https: safeJson(renderDigestChatbot(document)),
    };
  };
  const { message, truncated } = fitToLimit(
    render,
    (candidate) => snsMessageBytes(subject, candidate, messageAttributes),
    count,
    (shown) => (shown > 0 ? Math.floor(shown / 2) : undefined),
    options.limitBytes ?? SNS_MESSAGE_LIMIT_BYTES,
  );
  return {
    id: digestId(digest.at),
    type: 'digest',
    severity: 'info',
    subject,
    messageStructure: 'json',
    message,
    messageAttributes,
    truncated,
  };
}
