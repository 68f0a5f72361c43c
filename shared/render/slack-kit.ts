import { slackText, truncate } from './escape.js';
import { fitLines, truncateMarkdownLine } from './markdown-fit.js';

/**
 * Block Kit blocks that respect Slack's limits by construction
 * (https://api.slack.com/reference/block-kit/blocks): a header's plain_text at most 150
 * characters; a section's text at most 3,000; at most 10 fields of at most 2,000 each; at most
 * 10 context elements; at most 50 blocks per message. Anything cut ends in a visible "…".
 */
export const SLACK_LIMITS = {
  headerText: 150,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  contextElements: 10,
  contextText: 2000,
  blocks: 50,
  /** The top-level `text`: Slack truncates beyond 40,000; notifications show far less. */
  fallbackText: 3000,
} as const;

export interface SlackTextObject {
  type: 'plain_text' | 'mrkdwn';
  text: string;
  emoji?: boolean;
}

export type SlackBlock =
  | { type: 'header'; text: { type: 'plain_text'; text: string; emoji: true } }
  | { type: 'section'; text: SlackTextObject }
  | { type: 'section'; fields: SlackTextObject[] }
  | { type: 'context'; elements: SlackTextObject[] }
  | { type: 'divider' };

/** An incoming-webhook payload; `text` is the fallback shown in notifications. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
  /** Data may look like a URL: no previews of it. */
  unfurl_links: false;
  unfurl_media: false;
}

/** `text` is our own wording (no data): plain_text shows it as written. */
export function headerBlock(text: string): SlackBlock {
  return {
    type: 'header',
    text: { type: 'plain_text', text: truncate(text, SLACK_LIMITS.headerText), emoji: true },
  };
}

/** `lines` are mrkdwn, data already escaped; whole lines are dropped (and counted) to fit. */
export function sectionBlock(lines: readonly string[], omitted?: (count: number) => string): SlackBlock {
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: fitLines(lines, SLACK_LIMITS.sectionText, omitted) },
  };
}

/** `[label, value]` pairs, value mrkdwn with data already escaped. */
export function fieldsBlock(fields: readonly (readonly [string, string])[]): SlackBlock {
  return {
    type: 'section',
    fields: fields.slice(0, SLACK_LIMITS.fields).map(([label, value]) => ({
      type: 'mrkdwn',
      text: truncateMarkdownLine(`*${label}*\n${value}`, SLACK_LIMITS.fieldText),
    })),
  };
}

export function contextBlock(elements: readonly string[]): SlackBlock {
  return {
    type: 'context',
    elements: elements.slice(0, SLACK_LIMITS.contextElements).map((text) => ({
      type: 'mrkdwn',
      text: truncateMarkdownLine(text, SLACK_LIMITS.contextText),
    })),
  };
}

/**
 * Slack's date token shows the time in each reader's own time zone, with the ISO time as the
 * fallback. It is our markup around a value we parsed, so it is never built from raw data.
 */
export function slackDate(iso: string): string {
  const seconds = Math.floor(Date.parse(iso) / 1000);
  if (!Number.isFinite(seconds)) return slackText(iso);
  return `<!date^${seconds}^{date_short_pretty} {time}|${new Date(seconds * 1000).toISOString()}>`;
}

/** The message, with the block list cut to Slack's 50 (the caller already keeps within it). */
export function slackMessage(fallback: string, blocks: SlackBlock[]): SlackMessage {
  return {
    text: truncate(fallback, SLACK_LIMITS.fallbackText),
    blocks: blocks.slice(0, SLACK_LIMITS.blocks),
    unfurl_links: false,
    unfurl_media: false,
  };
}
