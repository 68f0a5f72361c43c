import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ConfigurationError,
  DeadlineExceededError,
  DeliveryError,
  IncidentConflictError,
  IncidentWriteError,
  InvalidPayloadError,
  MonitorError,
  StoreCallError,
  UsageError,
  WorldFileError,
} from '../../shared/model/errors.js';

const cause = new Error('the AWS error behind it');
const problem = {
  kind: 'error' as const,
  action: 'dynamodb:GetItem',
  resource: 'arn:aws:dynamodb:*:*:table/t',
  detail: 'x',
};

describe('the error hierarchy', () => {
  const errors: [MonitorError, string][] = [
    [
      new ConfigurationError([{ path: 'SAMPLE_MAX_OBJECTS', message: 'must be a number' }], { cause }),
      'ConfigurationError',
    ],
    [
      new WorldFileError('w.json', [{ path: 'buckets[0].name', message: 'required' }], { cause }),
      'WorldFileError',
    ],
    [new UsageError('no command given', { cause }), 'UsageError'],
    [new DeliveryError('SNS refused the notice', { cause }), 'DeliveryError'],
    [
      new InvalidPayloadError([{ path: 'buckets', message: 'must be an array' }], { cause }),
      'InvalidPayloadError',
    ],
    [new StoreCallError(problem, { cause }), 'StoreCallError'],
    [new DeadlineExceededError({ cause }), 'DeadlineExceededError'],
    [new IncidentConflictError('kept changing', { cause }), 'IncidentConflictError'],
    [new IncidentWriteError('not all written', ['saved'], { cause }), 'IncidentWriteError'],
  ];

  for (const [error, name] of errors) {
    it(`${name} is a MonitorError that names itself and keeps its cause`, () => {
      assert.ok(error instanceof MonitorError);
      assert.ok(error instanceof Error);
      assert.equal(error.name, name);
      assert.equal(error.cause, cause);
      assert.match(String(error), new RegExp(`^${name}: `));
    });
  }

  it('lists every problem of a refused configuration in its message', () => {
    const error = new ConfigurationError([
      { path: 'A', message: 'first' },
      { path: '', message: 'second' },
    ]);
    assert.equal(error.message, 'Invalid configuration:\n  - A: first\n  - (root): second');
  });
});
