import { plainText } from './text.js';

/**
 * Keys, bucket names, rule ids, failure reasons and the texts built from them are data from
 * outside: a key may be `<!channel>`, `*bold*` or a bidi override. Every channel shows data as
 * text, never as markup; our own formatting (labels, emphasis, code fences) is added around it.
 * Each helper first makes the value one visible line (text.ts `plainText`), so data can neither
 * forge lines nor start one (no `>` quote, no `#` heading at a line start it could reach).
 */

/**
 * Slack mrkdwn asks for exactly `&`, `<` and `>` to be escaped as entities
 * (https://api.slack.com/reference/surfaces/formatting#escaping). Escaped, `<!channel>`,
 * `<@U…>` and `<url|text>` are inert text that still reads as written.
 */
function slackEntities(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Emphasis, strike and code characters have no escape in Slack mrkdwn, so in prose they become
 * look-alikes that no markdown dialect reads as markup. Identifiers go in code spans instead,
 * where they keep their exact characters (people copy keys and ARNs).
 */
const LOOKALIKES: Readonly<Record<string, string>> = {
  '*': '\u2217', // ∗ ASTERISK OPERATOR
  _: '\u02cd', // ˍ MODIFIER LETTER LOW MACRON
  '~': '\u223c', // ∼ TILDE OPERATOR
  '`': '\u02cb', // ˋ MODIFIER LETTER GRAVE ACCENT
};

/** Inside code nothing is markup, but a backtick would end the code early. */
function noBackticks(value: string): string {
  return value.replace(/`/g, '\u02cb');
}

function lookalikes(value: string): string {
  return value.replace(/[*_~`]/g, (character) => LOOKALIKES[character] ?? character);
}

/** `@here`, `@channel`, `@everyone` typed as text: a word joiner keeps them from ever notifying. */
function quietMentions(value: string): string {
  return value.replace(/@(here|channel|everyone)\b/gi, '@\u2060$1');
}

/** Slack mrkdwn prose: entities, look-alikes, quiet mentions, no `[x](url)` link, no quote at the start. */
export function slackText(value: string): string {
  const escaped = quietMentions(lookalikes(slackEntities(plainText(value)))).replace(/\]\(/g, ']\u2060(');
  return escaped.startsWith('&gt;') ? `\u2060${escaped}` : escaped;
}

/** A Slack inline code span: exact characters (entities aside); a backtick cannot close it early. */
export function slackCode(value: string): string {
  const inner = quietMentions(noBackticks(slackEntities(plainText(value))));
  return inner === '' ? '(empty)' : `\`${inner}\``;
}

/** A Slack code block, for fixes people copy: exact characters, no fence the data could close. */
export function slackCodeBlock(value: string): string {
  return `\`\`\`${quietMentions(noBackticks(slackEntities(plainText(value))))}\`\`\``;
}

/**
 * AWS Chatbot (Amazon Q Developer in chat applications) `client-markdown` is rendered "in the
 * target chat platform's markdown" (Slack or Microsoft Teams), and how it treats entities is not
 * documented. So angle brackets become look-alikes (‹ ›) that are inert on every platform, and
 * `](` is broken so a standard-markdown link cannot form.
 */
function chatbotNeutral(value: string): string {
  return plainText(value).replace(/</g, '\u2039').replace(/>/g, '\u203a').replace(/\]\(/g, ']\u2060(');
}

/** Chatbot client-markdown prose. */
export function chatbotText(value: string): string {
  return quietMentions(lookalikes(chatbotNeutral(value)));
}

/** A Chatbot client-markdown inline code span (exact characters but backticks and angle brackets). */
export function chatbotCode(value: string): string {
  const inner = quietMentions(noBackticks(chatbotNeutral(value)));
  return inner === '' ? '(empty)' : `\`${inner}\``;
}

/** HTML text content or attribute value, for any HTML-capable body. */
export function htmlText(value: string): string {
  return plainText(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The visible mark of a cut: every channel shows that text was truncated. */
export const ELLIPSIS = '…';

/**
 * At most `maxLength` UTF-16 units (what Slack and most limits count), cut on a code point so an
 * emoji is never split in half, with a visible ellipsis when anything was cut.
 */
export function truncate(value: string, maxLength: number): string {
  if (value.length <= maxLength) return value;
  if (maxLength <= ELLIPSIS.length) return ELLIPSIS.slice(0, Math.max(0, maxLength));
  let cut = maxLength - ELLIPSIS.length;
  const code = value.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${value.slice(0, cut)}${ELLIPSIS}`;
}

/**
 * Escapes `raw` and fits the result in `maxLength`, cutting the raw text rather than the escaped
 * one, so a cut never leaves half an entity (`&am`) or an unclosed code span behind.
 */
export function fitEscaped(raw: string, render: (value: string) => string, maxLength: number): string {
  const whole = render(raw);
  if (whole.length <= maxLength) return whole;
  const points = Array.from(raw);
  let low = 0;
  let high = points.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (render(`${points.slice(0, middle).join('')}${ELLIPSIS}`).length <= maxLength) low = middle;
    else high = middle - 1;
  }
  const fitted = render(`${points.slice(0, low).join('')}${ELLIPSIS}`);
  return fitted.length <= maxLength ? fitted : truncate(ELLIPSIS, maxLength);
}

const JSON_INVISIBLE = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON for programs: values stay exact (a program needs the real key), but the characters
 * JSON.stringify leaves raw and a person reading the text could be fooled by (line separators,
 * bidi overrides, C1 controls) are written as `\uXXXX`, which parses back to the same value.
 */
export function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    JSON_INVISIBLE,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
