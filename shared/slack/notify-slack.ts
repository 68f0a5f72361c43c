import type { Logger } from '@aws-lambda-powertools/logger';
import type { SNSEvent } from 'aws-lambda';
import { type Severity, severityAtLeast } from '../model/findings.js';
import { parseNoticeDocument } from '../render/notice-document-schema.js';
import { renderSlackBlocks } from '../render/slack-blocks.js';
import { renderSlackDigestBlocks } from '../render/slack-digest-blocks.js';
import type { SlackPoster, WebhookUrlSource } from './ports.js';

export interface SlackNotificationOptions {
  webhookUrl: WebhookUrlSource;
  poster: SlackPoster;
  /** Incident notices below this severity are skipped; digests are always posted. */
  minimumSeverity: Severity;
  log: Pick<Logger, 'info' | 'warn'>;
}

export interface SlackOutcome {
  records: number;
  posted: number;
  /** Below the minimum severity (the subscription filter policy should already drop them). */
  skipped: number;
  /** Not a notice of this monitor, or not readable: logged and dropped, never retried. */
  ignored: number;
}

/**
 * Posts each SNS record's notice to Slack. SNS delivers the `default` body to Lambda (the
 * message has no `lambda` key), which is the notice's JSON document. A delivery failure
 * propagates, so Lambda's asynchronous retries and failure destination keep the notice.
 */
export async function notifySlack(event: SNSEvent, options: SlackNotificationOptions): Promise<SlackOutcome> {
  const outcome: SlackOutcome = { records: event.Records.length, posted: 0, skipped: 0, ignored: 0 };
  for (const record of event.Records) {
    const messageId = record.Sns.MessageId;
    const parsed = parseNoticeDocument(record.Sns.Message);
    if (parsed.kind === 'ignored') {
      options.log.warn('SNS message ignored: not a notice to post', { messageId, reason: parsed.reason });
      outcome.ignored += 1;
      continue;
    }
    if (parsed.kind === 'incident' && !severityAtLeast(parsed.document.severity, options.minimumSeverity)) {
      outcome.skipped += 1;
      continue;
    }
    const message =
      parsed.kind === 'incident'
        ? renderSlackBlocks(parsed.document)
        : renderSlackDigestBlocks(parsed.document);
    await options.poster.post(await options.webhookUrl(), message);
    outcome.posted += 1;
    options.log.info('Posted to Slack', {
      messageId,
      type: parsed.kind,
      ...(parsed.kind === 'incident'
        ? { incidentId: parsed.document.incidentId, transition: parsed.document.transition }
        : { count: parsed.document.count }),
    });
  }
  return outcome;
}
