import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyToBucket } from '../../shared/incidents/apply.js';
import { INCIDENT_LIMITS } from '../../shared/incidents/bounds.js';
import { DEFAULT_INCIDENT_SETTINGS } from '../../shared/incidents/settings.js';
import { eventFailure, observe, T0 } from '../helpers/incident-fakes.js';

describe('boundIncident (through applyToBucket)', () => {
  it('keeps an incident of 10,000 long keys a writable DynamoDB item, counting every object', () => {
    const findings = Array.from({ length: 10_000 }, (_, index) =>
      eventFailure(`${'k'.repeat(1000)}/${index}`),
    );
    const { changed } = applyToBucket([], {
      observations: observe(findings, 'events'),
      now: new Date(T0),
      owner: 'test',
      settings: { ...DEFAULT_INCIDENT_SETTINGS, sampleSize: 1000 },
    });
    const [incident] = changed;
    assert.equal(incident?.affected, 10_000);
    assert.ok((incident?.seenFindings?.length ?? 0) <= INCIDENT_LIMITS.seenFindings);
    assert.ok(Buffer.byteLength(JSON.stringify(incident), 'utf8') <= INCIDENT_LIMITS.bytes);
    assert.ok((incident?.samples.length ?? 0) > 0, 'some samples kept');
  });
});
