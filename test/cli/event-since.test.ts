import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { isolatedEnvironment, runBin } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/fixtures.js';

const EVENT = `${FIXTURES}events/special-keys.json`;

describe('event replayed long after it happened', () => {
  it('says Since: when the problem was first seen, not when the event was processed', async () => {
    const eventTimes = [...readFileSync(EVENT, 'utf8').matchAll(/"eventTime":\s*"([^"]+)"/g)].map((match) =>
      new Date(match[1] ?? '').toISOString(),
    );
    const earliest = [...eventTimes].sort()[0];
    const { status, stdout } = await runBin(['event', EVENT, '--format', 'json'], isolatedEnvironment());
    assert.equal(status, 1);
    const { notifications } = JSON.parse(stdout) as { notifications: { message: { email: string } }[] };
    assert.ok(notifications.length > 0);
    for (const { message } of notifications) {
      const since =
        /^Since: {2}(\S+) \(first seen; incident opened (\S+), open [^;]+; last seen (\S+)\)$/m.exec(
          message.email,
        );
      assert.ok(since, message.email);
      const [, first = '', opened = '', last = ''] = since;
      assert.equal(first, earliest);
      assert.ok(first <= last, `Since ${first} is after last seen ${last}`);
      assert.ok(opened > last, 'the incident opened when the replay ran');
    }
  });
});
