import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createInMemoryIncidentStore } from '../../shared/incidents/incident-store.js';
import { eventHandlerAt, recordingChannels } from '../helpers/incident-handlers.js';

/** The README's "send a test alert": the example event through the real event handler. */
describe('examples/events/test-alert.json', () => {
  it('pages once, critical, about the test bucket, as a real replication failure would', async () => {
    const event = JSON.parse(
      readFileSync(new URL('../../examples/events/test-alert.json', import.meta.url), 'utf8'),
    ) as unknown;
    const channels = recordingChannels();
    const handler = eventHandlerAt(createInMemoryIncidentStore(), '2026-12-08T09:00:00.000Z', channels);
    await handler(event);
    assert.equal(channels.sns.length, 1);
    const [page] = channels.sns;
    assert.equal(page?.messageAttributes.severity?.StringValue, 'critical');
    assert.equal(page?.messageAttributes.sourceBucket?.StringValue, 's3-replication-monitor-test-alert');
    assert.match(page?.subject ?? '', /^\[CRITICAL\] Objects are failing to replicate/);
  });
});
