import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Incident } from '../../shared/incidents/incident.js';
import { CHATBOT_LIMITS } from '../../shared/render/chatbot.js';
import { renderDigest } from '../../shared/render/digest-notification.js';
import {
  eventBridgeEntry,
  PUT_EVENTS_ENTRY_LIMIT_BYTES,
  putEventsEntrySize,
} from '../../shared/render/event-bridge.js';
import { renderIncidentNotification } from '../../shared/render/incident-notification.js';
import { renderSlackBlocks } from '../../shared/render/slack-blocks.js';
import { renderSlackDigestBlocks } from '../../shared/render/slack-digest-blocks.js';
import { SLACK_LIMITS, type SlackMessage } from '../../shared/render/slack-kit.js';
import { SNS_MESSAGE_LIMIT_BYTES, snsMessageBytes } from '../../shared/render/sns-message.js';
import { digest, failedCause, failingIncident, notice } from '../helpers/incidents.js';

/** An incident far beyond every limit: 1,000 keys of 1,024 bytes, 120 causes with long texts. */
function hugeIncident(): Incident {
  const long = (seed: string) => `${seed} ${'x'.repeat(5000)}`;
  return failingIncident({
    causes: Array.from({ length: 120 }, (_, index) =>
      failedCause({
        fingerprint: `cause-${index}`,
        destinationBucket: `dest-${index}-${'d'.repeat(50)}`,
        ruleId: `rule-${index}-${'r'.repeat(200)}`,
        failureReason: `Reason${index}${'R'.repeat(300)}`,
        message: long(`message ${index}`),
        remediation: long(`fix ${index}`),
      }),
    ),
    samples: Array.from({ length: 1000 }, (_, index) => ({
      key: `${index}-${'é'.repeat(510)}`,
      versionId: `v${index}`,
    })),
    affected: 250_000,
  });
}

function assertWithinSlackLimits(message: SlackMessage): void {
  assert.ok(message.blocks.length <= SLACK_LIMITS.blocks, `${message.blocks.length} blocks`);
  assert.ok(message.text.length <= SLACK_LIMITS.fallbackText);
  for (const block of message.blocks) {
    if (block.type === 'header') assert.ok(block.text.text.length <= SLACK_LIMITS.headerText);
    if (block.type === 'section' && 'text' in block) {
      assert.ok(block.text.text.length <= SLACK_LIMITS.sectionText, `section of ${block.text.text.length}`);
    }
    if (block.type === 'section' && 'fields' in block) {
      assert.ok(block.fields.length <= SLACK_LIMITS.fields);
      for (const field of block.fields) assert.ok(field.text.length <= SLACK_LIMITS.fieldText);
    }
    if (block.type === 'context') {
      assert.ok(block.elements.length <= SLACK_LIMITS.contextElements);
      for (const element of block.elements) assert.ok(element.text.length <= SLACK_LIMITS.contextText);
    }
  }
}

describe('channel size limits', () => {
  it('keeps the SNS message within 262,144 bytes and says the lists were cut', () => {
    const notification = renderIncidentNotification(notice('opened', hugeIncident()));
    const bytes = snsMessageBytes(notification.subject, notification.message, notification.messageAttributes);
    assert.ok(bytes <= SNS_MESSAGE_LIMIT_BYTES, `${bytes} bytes`);
    assert.ok(Buffer.byteLength(JSON.stringify(notification.message)) <= SNS_MESSAGE_LIMIT_BYTES);
    assert.equal(notification.truncated, true);
    const document = JSON.parse(notification.message.default);
    assert.equal(document.truncated, true);
    assert.ok(document.causesOmitted > 0 || document.samplesOmitted > 0);
    assert.match(
      notification.message.email,
      /more (causes )?not shown \(list truncated to fit the message size limit\)/,
    );
  });

  it('honours a smaller limit by cutting samples before causes', () => {
    const notification = renderIncidentNotification(notice('opened'), { limitBytes: 7600 });
    const document = JSON.parse(notification.message.default);
    assert.ok(
      snsMessageBytes(notification.subject, notification.message, notification.messageAttributes) <= 7600,
    );
    assert.equal(document.causes.length, 2);
    assert.ok(document.samples.length < 3);
  });

  it('keeps the digest within the SNS limit', () => {
    const many = digest();
    const [one] = many.incidents;
    assert.ok(one);
    many.incidents = Array.from({ length: 800 }, (_, index) => ({ ...one, id: `inc-${index}` }));
    const notification = renderDigest(many, { limitBytes: 50_000 });
    assert.ok(
      snsMessageBytes(notification.subject, notification.message, notification.messageAttributes) <= 50_000,
    );
    assert.equal(JSON.parse(notification.message.default).truncated, true);
    assert.match(notification.message.email, /more not shown \(list truncated/);
  });

  it('keeps every Slack block within its limit, with visible truncation', () => {
    const message = renderSlackBlocks(notice('opened', hugeIncident()));
    assertWithinSlackLimits(message);
    const text = JSON.stringify(message);
    assert.match(text, /…/);
    assert.match(text, /more causes not shown/);
    assert.match(text, /more not shown/);
  });

  it('keeps the Slack digest within its limits', () => {
    const many = digest();
    const [one] = many.incidents;
    assert.ok(one);
    many.incidents = Array.from({ length: 80 }, (_, index) => ({ ...one, id: `inc-${index}` }));
    const message = renderSlackDigestBlocks(many);
    assertWithinSlackLimits(message);
    assert.match(JSON.stringify(message), /… and 33 more not shown/);
  });

  it('keeps the Chatbot notification within the bounds of the Slack blocks it renders into', () => {
    const chatbot = JSON.parse(renderIncidentNotification(notice('opened', hugeIncident())).message.https);
    assert.ok(chatbot.content.title.length <= CHATBOT_LIMITS.title);
    assert.ok(chatbot.content.description.length <= CHATBOT_LIMITS.description);
    assert.ok(chatbot.content.nextSteps.length <= CHATBOT_LIMITS.nextSteps);
    for (const step of chatbot.content.nextSteps) assert.ok(step.length <= CHATBOT_LIMITS.nextStep);
    assert.ok(chatbot.metadata.summary.length <= CHATBOT_LIMITS.summary);
    assert.match(chatbot.content.description, /more not shown/);
  });

  it('keeps the EventBridge entry under 256 KB as EventBridge counts it', () => {
    const entry = eventBridgeEntry(notice('opened', hugeIncident()), 'replication-monitor');
    assert.ok(putEventsEntrySize(entry) < PUT_EVENTS_ENTRY_LIMIT_BYTES, `${putEventsEntrySize(entry)} bytes`);
    assert.equal(JSON.parse(entry.Detail).truncated, true);
  });
});
