import assert from 'node:assert/strict';

/**
 * How each channel would show a text, and what would act as markup in it: the checks behind the
 * injection corpus. "Display" reverses only what our escaping does on purpose (Slack's three
 * entities, the look-alikes for formatting characters, invisible word joiners), so a value is
 * recognisable when its visible form (text.ts plainText) appears in the display.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this regex's job.
export const INVISIBLE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const BACK_FROM_LOOKALIKES: Record<string, string> = {
  '\u2217': '*',
  '\u02cd': '_',
  '\u223c': '~',
  '\u02cb': '`',
  '\u2039': '<',
  '\u203a': '>',
};

/** Our own Slack date token, which shows its ISO fallback. */
export const SLACK_DATE = /<!date\^\d+\^\{date_short_pretty\} \{time\}\|([^>]*)>/g;

export function slackDisplay(text: string): string {
  return text
    .replace(SLACK_DATE, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[\u2217\u02cd\u223c\u02cb]/g, (character) => BACK_FROM_LOOKALIKES[character] ?? character)
    .replace(/\u2060/g, '');
}

export function chatbotDisplay(text: string): string {
  return text
    .replace(
      /[\u2217\u02cd\u223c\u02cb\u2039\u203a]/g,
      (character) => BACK_FROM_LOOKALIKES[character] ?? character,
    )
    .replace(/\u2060/g, '');
}

/** Text outside our code spans and code blocks: where markdown would be interpreted. */
export function outsideCode(text: string): string {
  return text.replace(/```[^`]*```/g, ' ').replace(/`[^`\n]*`/g, ' ');
}

/** Every string in a JSON-like value, with its path. */
export function strings(value: unknown, path = '$'): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => strings(item, `${path}[${index}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => strings(item, `${path}.${key}`));
  }
  return [];
}

const DATA_MARKUP = ['*bold*', '_it_', '~s~', '](', '<script'];

/** Slack mrkdwn: only our date token may use angle brackets; data markup only inside code. */
export function assertInertSlackMrkdwn(text: string, where: string): void {
  assert.doesNotMatch(text, INVISIBLE, `${where}: invisible or control character`);
  assert.doesNotMatch(text.replace(SLACK_DATE, ''), /[<>]/, `${where}: raw angle bracket`);
  assert.doesNotMatch(text, /@(here|channel|everyone)\b/i, `${where}: live mention word`);
  assertInertMarkdown(text, where);
}

/** Chatbot client-markdown: no angle brackets at all, no link syntax, data markup only in code. */
export function assertInertChatbot(text: string, where: string): void {
  assert.doesNotMatch(text, INVISIBLE, `${where}: invisible or control character`);
  assert.doesNotMatch(text, /[<>]/, `${where}: raw angle bracket`);
  assert.doesNotMatch(text, /@(here|channel|everyone)\b/i, `${where}: live mention word`);
  assertInertMarkdown(text, where);
}

function assertInertMarkdown(text: string, where: string): void {
  for (const line of text.split('\n')) {
    assert.equal((line.match(/`/g)?.length ?? 0) % 2, 0, `${where}: unbalanced backticks in ${line}`);
    assert.doesNotMatch(line, /^(>|&gt;)/, `${where}: line starts a quote`);
    const prose = outsideCode(line);
    for (const markup of DATA_MARKUP) assert.ok(!prose.includes(markup), `${where}: ${markup} outside code`);
  }
}
