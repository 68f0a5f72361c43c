import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderDigest } from '../../shared/render/digest-notification.js';
import { renderIncidentNotification } from '../../shared/render/incident-notification.js';
import { parseNoticeDocument } from '../../shared/render/notice-document-schema.js';
import { renderSlackBlocks } from '../../shared/render/slack-blocks.js';
import { digest, notice } from '../helpers/incidents.js';

describe('parseNoticeDocument', () => {
  it('reads back an incident default body, which renders the same Slack message as the notice', () => {
    const parsed = parseNoticeDocument(renderIncidentNotification(notice('reminder')).message.default);
    assert.equal(parsed.kind, 'incident');
    assert.ok(parsed.kind === 'incident');
    assert.deepEqual(renderSlackBlocks(parsed.document), renderSlackBlocks(notice('reminder')));
  });

  it('reads back a digest default body', () => {
    const parsed = parseNoticeDocument(renderDigest(digest()).message.default);
    assert.equal(parsed.kind, 'digest');
  });

  it('keeps reading a document that gained fields', () => {
    const document = JSON.parse(renderIncidentNotification(notice('opened')).message.default);
    document.addedLater = { anything: true };
    assert.equal(parseNoticeDocument(JSON.stringify(document)).kind, 'incident');
  });

  it('sets aside what is not a notice of this monitor, saying why', () => {
    const legacyAlert = JSON.stringify({
      source: 's3-replication-monitor',
      version: 1,
      fingerprint: 'f',
      code: 'X',
    });
    const nextVersion = JSON.parse(renderIncidentNotification(notice('opened')).message.default);
    nextVersion.version = 2;
    const cases: [string, RegExp][] = [
      ['not json {', /not JSON/],
      ['{"hello":"world"}', /not an incident notice/],
      [legacyAlert, /not an incident notice/],
      [JSON.stringify(nextVersion), /invalid incident: version/],
    ];
    for (const [body, reason] of cases) {
      const parsed = parseNoticeDocument(body);
      assert.equal(parsed.kind, 'ignored', body);
      assert.ok(parsed.kind === 'ignored');
      assert.match(parsed.reason, reason);
    }
  });
});
