import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IncidentDigest, IncidentNotice } from '../../shared/incidents/incident.js';
import { renderDigest } from '../../shared/render/digest-notification.js';
import { eventBridgeEntry } from '../../shared/render/event-bridge.js';
import { renderIncidentNotification } from '../../shared/render/incident-notification.js';
import { renderSlackBlocks } from '../../shared/render/slack-blocks.js';
import { renderSlackDigestBlocks } from '../../shared/render/slack-digest-blocks.js';
import { plainText } from '../../shared/render/text.js';
import { loadFixture } from '../helpers/fixtures.js';
import { digest, failingIncident, notice } from '../helpers/incidents.js';
import {
  assertInertChatbot,
  assertInertSlackMrkdwn,
  chatbotDisplay,
  INVISIBLE,
  slackDisplay,
  strings,
} from '../helpers/markup.js';

interface CorpusEntry {
  name: string;
  value: string;
}

const { entries } = loadFixture<{ entries: CorpusEntry[] }>('injection-corpus.json');

type Role = 'key' | 'bucket' | 'rule id' | 'failure reason';

/** The fixed opened notice with `value` in one role (and in the texts built from it). */
function noticeWith(role: Role, value: string): IncidentNotice {
  const built = notice('opened', failingIncident());
  const { incident } = built;
  const [cause] = incident.causes;
  assert.ok(cause);
  if (role === 'key') {
    incident.samples[0] = { key: value, versionId: 'v-1' };
    cause.example.key = value;
    cause.message = `S3 could not write the replica of ${value} into destination bucket acme-payments-dr.`;
  } else if (role === 'bucket') {
    incident.sourceBucket = value;
    for (const each of incident.causes) each.destinationBucket = value;
  } else if (role === 'rule id') {
    cause.ruleId = value;
  } else {
    cause.failureReason = value;
    cause.remediation = `Look ${value} up in the AWS failure reason table.`;
  }
  return built;
}

function digestWith(value: string): IncidentDigest {
  const built = digest();
  const [incident] = built.incidents;
  const cause = incident?.causes[0];
  assert.ok(incident && cause);
  incident.sourceBucket = value;
  cause.message = `Rule of ${value} is Disabled.`;
  cause.remediation = `aws s3api put-bucket-replication --bucket ${value}`;
  return built;
}

/** The visible form, cut to what every channel shows even of a 1,024-byte value. */
const shown = (value: string) => plainText(value).slice(0, 40);

function assertSlackMessage(message: ReturnType<typeof renderSlackBlocks>, value: string): void {
  const [header, ...rest] = message.blocks;
  assert.ok(header?.type === 'header');
  assert.doesNotMatch(header.text.text, /[<>]/, 'header carries no data markup');
  assertInertSlackMrkdwn(message.text, 'text');
  for (const { path, text } of strings(rest)) {
    if (path.endsWith('.type')) continue;
    assertInertSlackMrkdwn(text, path);
  }
  assert.ok(slackDisplay(JSON.stringify(rest)).length > 0);
  const display = strings(rest)
    .map(({ text }) => slackDisplay(text))
    .join('\n');
  assert.ok(display.includes(shown(value)), `Slack shows ${JSON.stringify(shown(value))}`);
}

function assertChatbot(https: string, value: string): void {
  const notification = JSON.parse(https);
  assert.doesNotMatch(https, /[\u2028\u2029\u202a-\u202e]/, 'raw JSON has no invisible characters');
  for (const { path, text } of strings(notification)) assertInertChatbot(text, path);
  const display = [
    notification.content.title,
    notification.content.description,
    ...notification.content.nextSteps,
  ]
    .map(chatbotDisplay)
    .join('\n');
  assert.ok(display.includes(shown(value)), `Chatbot shows ${JSON.stringify(shown(value))}`);
}

function assertEmail(email: string, baseline: string, value: string): void {
  assert.doesNotMatch(email, INVISIBLE, 'no control or invisible character');
  assert.equal(email.split('\n').length, baseline.split('\n').length, 'data adds no line');
  assert.ok(email.includes(shown(value)), `e-mail shows ${JSON.stringify(shown(value))}`);
}

describe('injection corpus', () => {
  it('holds the entries the issue names, the long key being 1,024 bytes of UTF-8', () => {
    const values = entries.map((entry) => entry.value);
    for (const needle of [
      '<!channel>',
      '<@U012AB3CD>',
      '*bold*',
      '`code`',
      '> quote',
      '\r\n',
      '\u0000',
      '\u202e',
    ]) {
      assert.ok(
        values.some((value) => value.includes(needle)),
        needle,
      );
    }
    assert.ok(values.some((value) => Buffer.byteLength(value) === 1024));
  });

  for (const role of ['key', 'bucket', 'rule id', 'failure reason'] as Role[]) {
    describe(`as ${role}`, () => {
      const baseline = renderIncidentNotification(noticeWith(role, 'plain-value')).message.email;
      for (const { name, value } of entries) {
        it(`keeps ${name} inert and recognisable in every channel`, () => {
          const input = noticeWith(role, value);
          const notification = renderIncidentNotification(input);
          assertEmail(notification.message.email, baseline, value);
          assertChatbot(notification.message.https, value);
          assertSlackMessage(renderSlackBlocks(input), value);
          assert.match(notification.subject, /^[\x20-\x7e]{1,99}$/);
          for (const attribute of Object.values(notification.messageAttributes)) {
            assert.doesNotMatch(attribute.StringValue, INVISIBLE);
          }
          for (const json of [notification.message.default, eventBridgeEntry(input, 'bus').Detail]) {
            assert.doesNotMatch(
              json,
              /[\u2028\u2029\u202a-\u202e\u0085]/,
              'raw JSON has no invisible characters',
            );
            const document = JSON.parse(json);
            const exact = { key: document.samples[0]?.key, bucket: document.sourceBucket };
            if (role === 'key' || role === 'bucket')
              assert.equal(exact[role], value, 'programs get the exact value');
          }
        });
      }
    });
  }

  describe('in the digest', () => {
    for (const { name, value } of entries) {
      it(`keeps ${name} inert and recognisable`, () => {
        const notification = renderDigest(digestWith(value));
        assert.doesNotMatch(notification.message.email, INVISIBLE);
        assertChatbot(notification.message.https, value);
        assertSlackMessage(renderSlackDigestBlocks(digestWith(value)), value);
        assert.equal(JSON.parse(notification.message.default).incidents[0].sourceBucket, value);
      });
    }
  });
});
