import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAuditInvocation } from '../../shared/audit/audit-payload.js';
import { loadConfig } from '../../shared/config/config.js';
import { loadSlackConfig } from '../../shared/config/slack-config.js';
import { ConfigurationError, type Problem } from '../../shared/model/errors.js';
import { renderIncidentNotification } from '../../shared/render/incident-notification.js';
import { parseNoticeDocument } from '../../shared/render/notice-document-schema.js';
import { notice } from '../helpers/incidents.js';

/**
 * The Lambda-side schemas use zod/mini, which loads no locale: without the English messages
 * given to each parse, every message below would read "Invalid input". This file imports no
 * classic zod (which would install English for the whole process), so it sees what Lambda sees.
 */

function problemsOf(load: () => unknown): readonly Problem[] {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  assert.fail('the configuration was accepted');
}

describe('loadConfig', () => {
  it("words zod's own problems in English", () => {
    const problems = problemsOf(() =>
      loadConfig({
        ALERT_MIN_SEVERITY: 'loud',
        ALERT_SAMPLE_SIZE: 'many',
        SAMPLE_CONCURRENCY: '1.5',
        INCIDENT_RESOLVE_AFTER_AUDITS: '0',
        SEVERITY_OVERRIDES: '{"NOT_A_CODE":"info"}',
      }),
    );
    assert.deepEqual(problems, [
      { path: 'ALERT_MIN_SEVERITY', message: 'Invalid option: expected one of "critical"|"warning"|"info"' },
      { path: 'ALERT_SAMPLE_SIZE', message: 'Invalid input: expected number, received NaN' },
      { path: 'SEVERITY_OVERRIDES', message: 'Unrecognized key: "NOT_A_CODE"' },
      { path: 'SAMPLE_CONCURRENCY', message: 'Invalid input: expected int, received number' },
      { path: 'INCIDENT_RESOLVE_AFTER_AUDITS', message: 'Too small: expected number to be >=1' },
    ]);
  });

  it('names the override whose severity is unknown by its path', () => {
    const problems = problemsOf(() =>
      loadConfig({ SEVERITY_OVERRIDES: '{"REPLICATION_COMPLETED_LATE":"loud"}' }),
    );
    assert.deepEqual(problems, [
      {
        path: 'SEVERITY_OVERRIDES.REPLICATION_COMPLETED_LATE',
        message: 'Invalid option: expected one of "critical"|"warning"|"info"',
      },
    ]);
  });

  it('refuses an override that is not JSON with its own message only', () => {
    const problems = problemsOf(() => loadConfig({ SEVERITY_OVERRIDES: '{oops' }));
    assert.deepEqual(problems, [
      { path: 'SEVERITY_OVERRIDES', message: 'must be a JSON object such as {"RULE_DISABLED":"warning"}' },
    ]);
  });
});

describe('loadSlackConfig', () => {
  it("words zod's own problems in English", () => {
    const problems = problemsOf(() =>
      loadSlackConfig({ SLACK_WEBHOOK_PARAMETER: '/x', SLACK_TIMEOUT_MS: '10', SLACK_MIN_SEVERITY: 'loud' }),
    );
    assert.deepEqual(problems, [
      { path: 'SLACK_MIN_SEVERITY', message: 'Invalid option: expected one of "critical"|"warning"|"info"' },
      { path: 'SLACK_TIMEOUT_MS', message: 'Too small: expected number to be >=500' },
    ]);
  });
});

describe('parseAuditInvocation', () => {
  it("words zod's own problems in English", () => {
    assert.deepEqual(parseAuditInvocation({ sampleSize: 1.5, notify: 'true', extra: 1 }), {
      ok: false,
      problems: [
        { path: 'sampleSize', message: 'Invalid input: expected int, received number' },
        { path: 'notify', message: 'Invalid input: expected boolean, received string' },
        { path: '', message: 'Unrecognized key: "extra"' },
      ],
    });
    assert.deepEqual(parseAuditInvocation(true), {
      ok: false,
      problems: [{ path: '', message: 'Invalid input: expected object, received boolean' }],
    });
  });
});

describe('parseNoticeDocument', () => {
  it('says in English why an invalid notice is set aside', () => {
    const document = JSON.parse(renderIncidentNotification(notice('opened')).message.default);
    document.causes = [];
    assert.deepEqual(parseNoticeDocument(JSON.stringify(document)), {
      kind: 'ignored',
      reason: 'invalid incident: causes Too small: expected array to have >=1 items',
    });
  });
});
