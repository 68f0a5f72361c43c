import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { IncidentTransition } from '../../shared/incidents/incident.js';
import { renderDigest } from '../../shared/render/digest-notification.js';
import { eventBridgeEntry } from '../../shared/render/event-bridge.js';
import { renderIncidentNotification } from '../../shared/render/incident-notification.js';
import { renderSlackBlocks } from '../../shared/render/slack-blocks.js';
import { renderSlackDigestBlocks } from '../../shared/render/slack-digest-blocks.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { digest, notice } from '../helpers/incidents.js';

/**
 * Golden renderings: each channel's output for fixed notices (test/helpers/incidents.ts),
 * compared byte for byte with test/fixtures/golden/. JSON bodies are stored pretty-printed (the
 * wire form is compact; a separate test checks that), as `.json.txt` so the formatter leaves
 * their bytes alone. After an intended change, regenerate
 * with `UPDATE_GOLDEN=1 npm test` and review the diff.
 */
const GOLDEN = `${FIXTURES}golden/`;
const update = process.env.UPDATE_GOLDEN === '1';

function matchesGolden(name: string, actual: string): void {
  const file = `${GOLDEN}${name}`;
  if (update) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, actual);
  }
  assert.equal(actual, readFileSync(file, 'utf8'), `${name} differs from its golden file`);
}

const pretty = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const reparse = (json: string) => pretty(JSON.parse(json));

describe('golden renderings', () => {
  for (const transition of ['opened', 'reminder', 'resolved', 'updated'] as IncidentTransition[]) {
    describe(`incident ${transition}`, () => {
      it('renders the e-mail body as committed', () => {
        matchesGolden(
          `incident-${transition}.email.txt`,
          renderIncidentNotification(notice(transition)).message.email,
        );
      });

      it('renders the AWS Chatbot custom notification as committed', () => {
        matchesGolden(
          `incident-${transition}.chatbot.json.txt`,
          reparse(renderIncidentNotification(notice(transition)).message.https),
        );
      });

      it('renders the Slack Block Kit message as committed', () => {
        matchesGolden(`incident-${transition}.slack.json.txt`, pretty(renderSlackBlocks(notice(transition))));
      });
    });
  }

  it('renders the default JSON document, subject and attributes of an opened incident as committed', () => {
    const { message, ...envelope } = renderIncidentNotification(notice('opened'));
    matchesGolden('incident-opened.default.json.txt', reparse(message.default));
    matchesGolden('incident-opened.sns.json.txt', pretty(envelope));
  });

  it('renders the EventBridge entry of an opened incident as committed', () => {
    const { Detail, ...entry } = eventBridgeEntry(notice('opened'), 'replication-monitor');
    matchesGolden('incident-opened.eventbridge.json.txt', pretty({ ...entry, Detail: JSON.parse(Detail) }));
  });

  it('renders every channel of the digest as committed', () => {
    const { message, ...envelope } = renderDigest(digest());
    matchesGolden('digest.email.txt', message.email);
    matchesGolden('digest.default.json.txt', reparse(message.default));
    matchesGolden('digest.chatbot.json.txt', reparse(message.https));
    matchesGolden('digest.sns.json.txt', pretty(envelope));
    matchesGolden('digest.slack.json.txt', pretty(renderSlackDigestBlocks(digest())));
  });

  it('sends compact JSON on the wire', () => {
    const { message } = renderIncidentNotification(notice('opened'));
    for (const body of [message.default, message.https]) {
      assert.equal(body, JSON.stringify(JSON.parse(body)));
    }
  });
});
