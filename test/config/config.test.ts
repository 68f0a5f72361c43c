import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { environmentDefaults, loadConfig } from '../../shared/config/config.js';
import { slackEnvironmentDefaults } from '../../shared/config/slack-config.js';
import { ConfigurationError } from '../../shared/model/errors.js';
import { asDocumented, documentedDefaults } from '../helpers/readme-defaults.js';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    assert.deepEqual(loadConfig({}), {
      minimumAlertSeverity: 'info',
      alertSampleSize: 20,
      publishConcurrency: 8,
      severityOverrides: {},
      audit: {
        buckets: [],
        accounts: [],
        organizationUnits: [],
        accountInclude: [],
        accountExclude: [],
        memberRoleName: 's3-replication-monitor-read',
        include: ['*'],
        exclude: [],
        sampleMaxObjects: 1000,
        sampleConcurrency: 16,
        stuckAfterSeconds: 900,
        metricWindowMinutes: 60,
        latencyThresholdSeconds: 900,
        pendingOperationsThreshold: 10_000,
        pendingBytesThreshold: 100 * 1024 ** 3,
        bucketConcurrency: 4,
        deadlineReserveMs: 15_000,
        checksReserveMs: 20_000,
        diagnosisTtlSeconds: 3600,
      },
      incidents: {
        reminderIntervalMinutes: 240,
        eventQuietPeriodMinutes: 60,
        resolveAfterMissedAudits: 2,
        auditIntervalMinutes: 5,
        unmonitoredGraceMinutes: 1440,
        flapWindowMinutes: 120,
        digestIntervalMinutes: 1440,
        retentionDays: 30,
      },
    });
  });

  it('reads audit lists and requires the table where state is kept', () => {
    const config = loadConfig({
      AUDIT_BUCKETS: ' src-a, src-b ,',
      AUDIT_EXCLUDE: 'tmp-*',
      AUDIT_TABLE_NAME: 'monitor-state',
    });
    assert.deepEqual(config.audit.buckets, ['src-a', 'src-b']);
    assert.deepEqual(config.audit.exclude, ['tmp-*']);
    assert.equal(config.audit.tableName, 'monitor-state');
    assert.throws(() => loadConfig({}, { keepsAuditState: true }), /AUDIT_TABLE_NAME: is required/);
  });

  it('reads every setting', () => {
    const config = loadConfig({
      ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:111122223333:alerts',
      ALERT_MIN_SEVERITY: 'warning',
      ALERT_SAMPLE_SIZE: '5',
      ALERT_PUBLISH_CONCURRENCY: '2',
      SEVERITY_OVERRIDES: '{"REPLICATION_COMPLETED_LATE":"warning"}',
    });
    assert.equal(config.alertTopicArn, 'arn:aws:sns:eu-west-1:111122223333:alerts');
    assert.deepEqual(config.severityOverrides, { REPLICATION_COMPLETED_LATE: 'warning' });
    assert.equal(config.alertSampleSize, 5);
  });

  it('reports every problem at once', () => {
    assert.throws(
      () =>
        loadConfig(
          {
            ALERT_MIN_SEVERITY: 'loud',
            ALERT_SAMPLE_SIZE: 'many',
            SEVERITY_OVERRIDES: '{"NOT_A_CODE":"info"}',
          },
          { publishesAlerts: true },
        ),
      (error: unknown) => {
        assert.ok(error instanceof ConfigurationError);
        assert.deepEqual(error.problems.map((problem) => problem.path).sort(), [
          'ALERT_MIN_SEVERITY',
          'ALERT_SAMPLE_SIZE',
          'ALERT_TOPIC_ARN',
          'SEVERITY_OVERRIDES',
        ]);
        return true;
      },
    );
  });

  it('reads the incident settings and takes the state table under either name', () => {
    const config = loadConfig({
      INCIDENT_REMINDER_MINUTES: '60',
      INCIDENT_QUIET_MINUTES: '15',
      INCIDENT_RESOLVE_AFTER_AUDITS: '3',
      INCIDENT_FLAP_WINDOW_MINUTES: '30',
      INCIDENT_DIGEST_MINUTES: '720',
      INCIDENT_RETENTION_DAYS: '7',
      EVENT_BUS_NAME: 'arn:aws:events:us-east-1:111122223333:event-bus/monitor',
      STATE_TABLE_NAME: 'monitor-state',
    });
    assert.deepEqual(config.incidents, {
      reminderIntervalMinutes: 60,
      eventQuietPeriodMinutes: 15,
      resolveAfterMissedAudits: 3,
      auditIntervalMinutes: 5,
      unmonitoredGraceMinutes: 1440,
      flapWindowMinutes: 30,
      digestIntervalMinutes: 720,
      retentionDays: 7,
      eventBusName: 'arn:aws:events:us-east-1:111122223333:event-bus/monitor',
      tableName: 'monitor-state',
    });
    assert.equal(config.audit.tableName, 'monitor-state');
    assert.equal(loadConfig({ AUDIT_TABLE_NAME: 'older-name' }).incidents.tableName, 'older-name');
    assert.throws(() => loadConfig({}, { keepsIncidents: true }), /STATE_TABLE_NAME: is required/);
    assert.throws(
      () => loadConfig({ EVENT_BUS_NAME: 'no spaces', INCIDENT_RESOLVE_AFTER_AUDITS: '0' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigurationError);
        assert.deepEqual(error.problems.map((problem) => problem.path).sort(), [
          'EVENT_BUS_NAME',
          'INCIDENT_RESOLVE_AFTER_AUDITS',
        ]);
        return true;
      },
    );
  });

  it('explains an override that is not JSON', () => {
    assert.throws(
      () => loadConfig({ SEVERITY_OVERRIDES: '{oops' }),
      /SEVERITY_OVERRIDES: must be a JSON object/,
    );
  });
});

describe('environmentDefaults', () => {
  it('is what docs/configuration.md documents for every setting with a default', () => {
    const documented = documentedDefaults();
    const defaults = { ...environmentDefaults(), ...slackEnvironmentDefaults() };
    const checked = [...documented].filter(([key]) => key in defaults);

    assert.ok(checked.length >= 28, `${checked.length} documented defaults`);
    for (const [key, value] of checked) assert.equal(asDocumented(defaults[key]), value, key);
  });
});
