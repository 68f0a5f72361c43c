import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderSlackBlocks } from '../../shared/render/slack-blocks.js';
import { renderSlackDigestBlocks } from '../../shared/render/slack-digest-blocks.js';
import type { SlackBlock } from '../../shared/render/slack-kit.js';
import { digest, notice } from '../helpers/incidents.js';

function texts(blocks: SlackBlock[]): string[] {
  return blocks.flatMap((block) => {
    if (block.type === 'header') return [block.text.text];
    if (block.type === 'section')
      return 'text' in block ? [block.text.text] : block.fields.map((field) => field.text);
    if (block.type === 'context') return block.elements.map((element) => element.text);
    return [];
  });
}

describe('renderSlackBlocks', () => {
  it('lays out header, facts as fields, one section per cause, objects and the incident id', () => {
    const message = renderSlackBlocks(notice('opened'));
    assert.deepEqual(
      message.blocks.map((block) => block.type),
      ['header', 'section', 'section', 'section', 'section', 'section', 'context'],
    );
    const fields = message.blocks[2];
    assert.ok(fields?.type === 'section' && 'fields' in fields);
    assert.deepEqual(
      fields.fields.map((field) => field.text.split('\n')[0]),
      ['*Source bucket*', '*Destination*', '*Rule*', '*Severity*', '*Since*', '*Affected*'],
    );
    const all = texts(message.blocks).join('\n');
    assert.match(all, /<!date\^1795341492\^\{date_short_pretty\} \{time\}\|2026-11-22T09:58:12\.000Z>/);
    assert.match(all, /\*Fix:\*\n```Allow s3:ReplicateObject on arn:aws:s3:::acme-payments-dr\/\*/);
    assert.match(all, /Incident `inc-7f3a9c2d41b8e605`/);
    assert.equal(message.unfurl_links, false);
  });

  it('tells how long a resolved incident lasted and offers no fix', () => {
    const message = renderSlackBlocks(notice('resolved'));
    const all = texts(message.blocks).join('\n');
    assert.match(all, /^\u2705 RESOLVED: Objects are failing to replicate/);
    assert.match(all, /Resolved after 5 h 11 min\./);
    assert.doesNotMatch(all, /\*Fix:\*/);
  });

  it('says how a reminder grew', () => {
    assert.match(
      texts(renderSlackBlocks(notice('reminder')).blocks).join('\n'),
      /312 more affected since the last notice/,
    );
  });
});

describe('renderSlackDigestBlocks', () => {
  it('lists each open info incident with where, since when, why and fix', () => {
    const message = renderSlackDigestBlocks(digest());
    const all = texts(message.blocks).join('\n');
    assert.match(all, /Digest: 1 open info-level incident/);
    assert.match(
      all,
      /\*Replication rule disabled\* in `acme-app-logs` → `acme-app-logs-archive` · open 3 d 4 h/,
    );
    assert.match(all, /\*Fix:\* If the rule should replicate/);
    assert.match(message.text, /nobody was paged/);
  });
});
