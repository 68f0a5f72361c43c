import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Logger } from '@aws-lambda-powertools/logger';
import type { RejectedRecord } from '../../shared/events/collect-event-findings.js';
import type { EventOutcome } from '../../shared/events/process-replication-events.js';
import { REJECTION_LOG_LIMITS, reportEventOutcome } from '../../shared/wiring/observability.js';
import { recordingObservability } from '../helpers/reliability/observability.js';

const MESSAGE = 'Rejected replication event records';
/** CloudWatch Logs' limit on one log event. */
const CLOUDWATCH_EVENT_BYTES = 256 * 1024;

function outcomeWith(rejected: RejectedRecord[]): EventOutcome {
  return {
    trigger: 'sqs',
    records: rejected.length + 3,
    testEvents: 0,
    duplicates: 1,
    findings: [],
    incidents: [],
    notices: [],
    notifications: [],
    rejected,
    delivered: 0,
    batchItemFailures: [],
  };
}

/** A key of exactly 1,024 UTF-8 bytes (S3's maximum), mixing 1- to 4-byte characters. */
function maximalKey(index: number): string {
  const key = `max/${index}/${MIXED}`;
  return key.padEnd(key.length + 1024 - Buffer.byteLength(key), 'z');
}
const MIXED = (() => {
  let text = '';
  for (const character of 'é€😀a '.repeat(200)) {
    if (Buffer.byteLength(text + character) > 1000) break;
    text += character;
  }
  return text;
})();

const rejections = (count: number, reason: (index: number) => string): RejectedRecord[] =>
  Array.from({ length: count }, (_, index) => ({
    location: `message-${index}.body.Records[0]`,
    messageId: `message-${index}`,
    reason: reason(index),
  }));

const bytesOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

/** What the recording logger received: one array of entries per line. */
function loggedLines(rejected: RejectedRecord[]) {
  const observability = recordingObservability();
  reportEventOutcome(outcomeWith(rejected), observability.logger, observability.metrics);
  const lines = observability.warnings(MESSAGE).map((entry) => entry.attributes);
  return { observability, lines, entries: lines.flatMap((line) => line.rejected as RejectedRecord[]) };
}

describe('reportEventOutcome', () => {
  it('logs every one of 10,000 rejected records with its location and reason, 100 to a line', () => {
    const rejected = rejections(
      10_000,
      (index) => `eventName "Bad${index}" is not a known replication event type`,
    );

    const { lines, entries } = loggedLines(rejected);

    assert.deepEqual(entries, rejected);
    assert.equal(lines.length, 100);
    assert.ok(lines.every((line) => (line.rejected as unknown[]).length === REJECTION_LOG_LIMITS.entries));
    assert.deepEqual(
      lines.map((line) => [line.part, line.parts]),
      lines.map((_, index) => [index + 1, 100]),
    );
  });

  it('packs 10,000 rejections quoting 1,024-byte keys into lines of at most 64,000 bytes of entries', () => {
    const rejected = rejections(
      10_000,
      (index) => `s3.object.key is not valid URL encoding: ${JSON.stringify(maximalKey(index))}`,
    );

    const { lines, entries } = loggedLines(rejected);

    assert.deepEqual(entries, rejected, 'every record, in order, none cut');
    const sizes = lines.map((line) => bytesOf(line.rejected));
    assert.ok(Math.max(...sizes) <= REJECTION_LOG_LIMITS.bytes, `largest line ${Math.max(...sizes)} bytes`);
    // Greedy packing: every line but the last was closed because the next entry did not fit.
    const largestEntry = Math.max(...rejected.map(bytesOf));
    assert.ok(sizes.slice(0, -1).every((size) => size > REJECTION_LOG_LIMITS.bytes - largestEntry - 1));
    assert.ok(lines.length <= 200, `${lines.length} lines`);
  });

  it('cuts the long fields of a huge entry, names them, and keeps its neighbours whole', () => {
    const huge = {
      location: 'Records[1]',
      messageId: '😀'.repeat(150_000),
      reason: '\u0001'.repeat(1_000_000),
    };
    const rejected = [...rejections(2, () => 'Records is missing or not an array'), huge];

    const { lines, entries } = loggedLines(rejected);

    assert.equal(lines.length, 1);
    assert.ok(bytesOf(lines[0]?.rejected) <= REJECTION_LOG_LIMITS.bytes);
    assert.deepEqual(entries.slice(0, 2), rejected.slice(0, 2));
    const cut = entries[2] as RejectedRecord & { truncated?: string[] };
    assert.deepEqual(cut.truncated, ['messageId', 'reason']);
    assert.equal(cut.location, 'Records[1]');
    assert.ok(cut.reason.startsWith('\u0001'.repeat(REJECTION_LOG_LIMITS.fieldChars)));
    assert.ok(cut.reason.endsWith('… [1,000,000 characters]'));
    assert.ok(cut.messageId?.endsWith('😀… [300,000 characters]'), 'never half a character');
  });

  it('writes every line through the real Powertools logger well under CloudWatch’s 256 KB', () => {
    const rejected = [
      ...rejections(
        5_000,
        (index) => `s3.object.key is not valid URL encoding: ${JSON.stringify(maximalKey(index))}`,
      ),
      ...rejections(
        3,
        () => `eventVersion ${JSON.stringify('\u0000'.repeat(400_000))} is not a supported 2.x version`,
      ),
      ...rejections(4_997, () => 'the record is null, not an object'),
    ];
    const written: string[] = [];
    const stderr = process.stderr.write;
    process.stderr.write = ((chunk: string | Uint8Array) => written.push(String(chunk)) > 0) as typeof stderr;
    try {
      reportEventOutcome(outcomeWith(rejected), new Logger({ logLevel: 'WARN', serviceName: 'test' }));
    } finally {
      process.stderr.write = stderr;
    }

    const lines = written.map((line) => JSON.parse(line)).filter((line) => line.message === MESSAGE);
    const entries = lines.flatMap((line) => line.rejected as RejectedRecord[]);
    assert.equal(entries.length, 10_000);
    assert.deepEqual(
      entries.map((entry) => entry.messageId),
      rejected.map((entry) => entry.messageId),
    );
    const largest = Math.max(...written.map((line) => Buffer.byteLength(line, 'utf8')));
    assert.ok(largest <= REJECTION_LOG_LIMITS.bytes + 1_000, `largest line ${largest} bytes`);
    assert.ok(largest < CLOUDWATCH_EVENT_BYTES);
    assert.ok(lines.length <= 150, `${lines.length} lines`);
  });

  it('counts every record received and rejected, whatever was logged', () => {
    const { observability } = loggedLines(rejections(10_000, () => 'Records is missing or not an array'));

    assert.equal(observability.metric('RecordsRejected'), 10_000);
    assert.equal(observability.metric('RecordsReceived'), 10_003);
    assert.equal(observability.metric('DuplicateRecords'), 1);
  });

  it('logs no rejection line when no record was rejected', () => {
    const { lines, observability } = loggedLines([]);

    assert.deepEqual(lines, []);
    assert.equal(
      observability.logs.filter((entry) => entry.message === 'Replication events processed').length,
      1,
    );
  });
});
