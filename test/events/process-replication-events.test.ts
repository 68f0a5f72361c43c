import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type EventProcessingOptions,
  processReplicationEvents,
} from '../../shared/events/process-replication-events.js';
import { defaultNoticeRenderer, type IncidentPublisher } from '../../shared/incidents/incident-delivery.js';
import { createInMemoryIncidentStore } from '../../shared/incidents/incident-store.js';
import type { IncidentDependencies } from '../../shared/incidents/report-incidents.js';
import { incidentSettingsFor } from '../../shared/incidents/settings.js';
import { fixedClock } from '../../shared/model/clock.js';
import { DeliveryError } from '../../shared/model/errors.js';
import { documentedRecord, loadFixture, sqsEvent } from '../helpers/fixtures.js';
import { documentOf, recordingIncidentPublisher } from '../helpers/incident-fakes.js';

const options: EventProcessingOptions = {
  severityOverrides: {},
  minimumAlertSeverity: 'info',
  alertSampleSize: 20,
  publishConcurrency: 4,
};
const clock = fixedClock('2026-11-22T12:00:00Z');

/** Incidents with no prior state, published through `publisher`. */
const incidentsWith = (publisher: IncidentPublisher): IncidentDependencies => ({
  store: createInMemoryIncidentStore(),
  settings: incidentSettingsFor(options),
  clock,
  channels: { renderer: defaultNoticeRenderer, concurrency: options.publishConcurrency, publisher },
});
const reasonOf = (notification: Parameters<typeof documentOf>[0]) =>
  documentOf(notification).causes[0]?.failureReason;

function recordFor(key: string, failureReason = 'DstPutObjectNotPermitted') {
  const record = documentedRecord();
  record.s3.object.key = key;
  record.s3.object.versionId = `v-${key}`;
  record.replicationEventData.failureReason = failureReason;
  return record;
}

describe('processReplicationEvents', () => {
  it('maps each event type to its finding code and severity; info pages nobody (digest)', async () => {
    const cases = [
      ['operation-failed-replication.aws-doc.json', 'REPLICATION_FAILED', 'critical', 1],
      ['operation-missed-threshold.json', 'REPLICATION_THRESHOLD_MISSED', 'warning', 1],
      ['operation-replicated-after-threshold.json', 'REPLICATION_COMPLETED_LATE', 'info', 0],
      ['operation-not-tracked.json', 'REPLICATION_NOT_TRACKED', 'info', 0],
    ] as const;
    for (const [file, code, severity, pages] of cases) {
      const outcome = await processReplicationEvents(loadFixture(`events/${file}`), { clock, options });
      assert.deepEqual(
        outcome.findings.map((finding) => [finding.code, finding.severity]),
        [[code, severity]],
        file,
      );
      // Each cause opens its incident; only paging severities reach people.
      assert.deepEqual(
        outcome.notices.map((notice) => notice.transition),
        ['opened'],
        file,
      );
      assert.equal(outcome.notifications.length, pages, file);
    }
  });

  it('diagnoses a failure with its category and fix, naming the destination', async () => {
    const outcome = await processReplicationEvents({ Records: [recordFor('a.txt')] }, { clock, options });
    const [finding] = outcome.findings;
    assert.equal(finding?.failureCategory, 'permission');
    assert.equal(finding?.destinationBucket, 'amzn-s3-demo-bucket2');
    assert.match(finding?.remediation ?? '', /s3:ReplicateObject/);
    assert.match(finding?.remediation ?? '', /arn:aws:s3:::amzn-s3-demo-bucket2\/\*/);
    assert.match(finding?.remediation ?? '', /key policy/i);
  });

  it('keeps an unknown failureReason verbatim with category unknown', async () => {
    const outcome = await processReplicationEvents(
      { Records: [recordFor('a', 'BrandNewReason')] },
      { clock, options },
    );
    assert.equal(outcome.findings[0]?.failureReason, 'BrandNewReason');
    assert.equal(outcome.findings[0]?.failureCategory, 'unknown');
  });

  it('publishes one alert per cause for 10,000 records', async () => {
    const records = Array.from({ length: 10_000 }, (_, index) =>
      recordFor(`logs/${index}`, index % 2 ? 'DstBucketUnversioned' : 'DstPutObjectNotPermitted'),
    );
    const { publisher, published } = recordingIncidentPublisher();
    const outcome = await processReplicationEvents(
      { Records: records },
      { clock, options, incidents: incidentsWith(publisher) },
    );
    assert.equal(outcome.findings.length, 10_000);
    assert.equal(published.length, 2);
    assert.deepEqual(published.map((notification) => documentOf(notification).affected).sort(), [5000, 5000]);
    assert.equal(outcome.delivered, 2);
  });

  it('counts a record delivered twice once', async () => {
    const body = { Records: [recordFor('same')] };
    const outcome = await processReplicationEvents(sqsEvent([body, body, body]), { clock, options });
    assert.equal(outcome.findings.length, 1);
    assert.equal(outcome.duplicates, 2);
    const [notification] = outcome.notifications;
    assert.ok(notification);
    assert.equal(documentOf(notification).affected, 1);
  });

  it('acknowledges the s3:TestEvent without a finding or a rejection', async () => {
    const outcome = await processReplicationEvents(loadFixture('events/s3-test-event.json'), {
      clock,
      options,
    });
    assert.equal(outcome.testEvents, 1);
    assert.deepEqual([outcome.findings.length, outcome.rejected.length, outcome.records], [0, 0, 0]);
  });

  it('rejects malformed records with their location and processes the rest', async () => {
    const outcome = await processReplicationEvents(loadFixture('events/malformed-records.json'), {
      clock,
      options,
    });
    assert.deepEqual(
      outcome.rejected.map((record) => record.location),
      [
        '(event).Records[0]',
        '(event).Records[1]',
        '(event).Records[2]',
        '(event).Records[3]',
        '(event).Records[4]',
      ],
    );
    assert.equal(outcome.findings.length, 1);
    assert.equal(outcome.findings[0]?.failureReason, 'SomethingNewFromS3');
  });

  it('fails only the SQS messages behind an alert that could not be delivered', async () => {
    const event = sqsEvent([
      { Records: [recordFor('a', 'DstBucketUnversioned')] },
      { Records: [recordFor('b', 'DstKmsKeyInvalidState')] },
      { Records: [recordFor('c', 'DstBucketUnversioned')] },
      'not json',
    ]);
    const { publisher, published } = recordingIncidentPublisher(
      (notification) => reasonOf(notification) === 'DstBucketUnversioned',
    );
    const outcome = await processReplicationEvents(event, {
      clock,
      options,
      incidents: incidentsWith(publisher),
    });
    assert.deepEqual(outcome.batchItemFailures, [
      { itemIdentifier: 'message-0' },
      { itemIdentifier: 'message-2' },
    ]);
    assert.deepEqual(published.map(reasonOf), ['DstKmsKeyInvalidState']);
    assert.equal(outcome.rejected[0]?.messageId, 'message-3');
  });

  it('fails the invocation when a direct or SNS delivery cannot be published, after trying every alert', async () => {
    const event = {
      Records: [recordFor('a', 'DstBucketUnversioned'), recordFor('b', 'DstKmsKeyInvalidState')],
    };
    const { publisher, published } = recordingIncidentPublisher(
      (notification) => reasonOf(notification) === 'DstBucketUnversioned',
    );
    await assert.rejects(
      processReplicationEvents(event, { clock, options, incidents: incidentsWith(publisher) }),
      DeliveryError,
    );
    assert.equal(published.length, 1);
  });

  it('applies severity overrides and the minimum alert severity', async () => {
    const late = loadFixture('events/operation-replicated-after-threshold.json');
    const quiet = await processReplicationEvents(late, {
      clock,
      options: { ...options, minimumAlertSeverity: 'warning' },
    });
    assert.equal(quiet.findings.length, 1);
    assert.equal(quiet.notifications.length, 0);
    const loud = await processReplicationEvents(late, {
      clock,
      options: {
        ...options,
        minimumAlertSeverity: 'warning',
        severityOverrides: { REPLICATION_COMPLETED_LATE: 'warning' },
      },
    });
    assert.equal(loud.notifications[0]?.severity, 'warning');
  });
});
