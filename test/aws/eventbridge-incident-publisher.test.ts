import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { createEventBridgeIncidentPublisher } from '../../shared/aws/eventbridge-incident-publisher.js';
import type { IncidentEventEntry } from '../../shared/render/event-bridge.js';

const eventBridge = mockClient(EventBridgeClient);

function entry(index: number): IncidentEventEntry {
  return {
    Source: 's3-replication-monitor',
    DetailType: 'Replication Incident Opened',
    Detail: JSON.stringify({ incidentId: `i-${index}` }),
    EventBusName: 'monitor-bus',
    Resources: ['arn:aws:s3:::acme-payments-prod'],
    Time: new Date('2026-11-22T12:00:00Z'),
  };
}

const publisher = (attempts?: number) =>
  createEventBridgeIncidentPublisher(
    new EventBridgeClient({ region: 'us-east-1' }),
    attempts === undefined ? {} : { attempts },
  );

const ids = (input: { Entries?: { Detail?: string }[] }) =>
  (input.Entries ?? []).map((item) => JSON.parse(item.Detail ?? '{}').incidentId);

describe('createEventBridgeIncidentPublisher', () => {
  beforeEach(() => eventBridge.reset());

  it('puts entries 10 per call, in order', async () => {
    eventBridge.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({
      FailedEntryCount: 0,
      Entries: input.Entries.map((_, index) => ({ EventId: `e-${index}` })),
    }));
    const failures = await publisher().putEvents(Array.from({ length: 23 }, (_, index) => entry(index)));
    assert.deepEqual(failures, []);
    const calls = eventBridge.commandCalls(PutEventsCommand);
    assert.deepEqual(
      calls.map((call) => call.args[0].input.Entries?.length),
      [10, 10, 3],
    );
    assert.deepEqual(ids(calls[2]?.args[0].input ?? {}), ['i-20', 'i-21', 'i-22']);
    assert.equal(calls[0]?.args[0].input.Entries?.[0]?.EventBusName, 'monitor-bus');
  });

  it('puts again only the entries that failed (FailedEntryCount), and reports those that keep failing', async () => {
    let call = 0;
    eventBridge.on(PutEventsCommand).callsFake((input: { Entries: { Detail: string }[] }) => {
      call += 1;
      return {
        FailedEntryCount: 1,
        Entries: input.Entries.map((item) =>
          // i-1 fails once; i-2 fails every time.
          (item.Detail.includes('"i-1"') && call === 1) || item.Detail.includes('"i-2"')
            ? { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }
            : { EventId: 'e' },
        ),
      };
    });
    const failures = await publisher(3).putEvents([entry(0), entry(1), entry(2)]);
    const calls = eventBridge.commandCalls(PutEventsCommand);
    assert.deepEqual(
      calls.map((made) => ids(made.args[0].input)),
      [['i-0', 'i-1', 'i-2'], ['i-1', 'i-2'], ['i-2']],
    );
    assert.deepEqual(
      failures.map((failure) => failure.index),
      [2],
    );
    assert.match(String(failures[0]?.reason), /ThrottlingException Rate exceeded/);
  });

  it('fails the entries of a call that fails as a whole, and goes on with the next batch', async () => {
    eventBridge
      .on(PutEventsCommand)
      .rejectsOnce(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }))
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e' }] });
    const failures = await publisher().putEvents(Array.from({ length: 11 }, (_, index) => entry(index)));
    assert.deepEqual(
      failures.map((failure) => failure.index),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
    assert.equal((failures[0]?.reason as Error | undefined)?.name, 'AccessDeniedException');
  });

  it('refuses a number of attempts that is not a positive integer', () => {
    assert.throws(() => publisher(0), /attempts/);
  });
});
