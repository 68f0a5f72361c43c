import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MemberReaders } from '../../shared/audit/accounts/member-accounts.js';
import { routedReaders } from '../../shared/audit/accounts/owner-routing.js';
import { observed } from '../../shared/model/observed.js';

/** Readers that answer with their account's name, and remember what they were asked. */
function readersOf(account: string, asked: string[]): MemberReaders {
  const answer =
    (what: string) =>
    async (...args: unknown[]) => {
      asked.push(
        `${account} ${what} ${String(args[0] && typeof args[0] === 'object' ? (args[0] as { arn: string }).arn : args[0])}`,
      );
      return observed(account);
    };
  return {
    bucketReader: {
      listBuckets: answer('listBuckets'),
      region: answer('region'),
      replication: answer('replication'),
      versioning: answer('versioning'),
      objectLock: answer('objectLock'),
      encryption: answer('encryption'),
      requesterPays: answer('requesterPays'),
      ownership: answer('ownership'),
      policy: answer('policy'),
    },
    objectReader: {} as MemberReaders['objectReader'],
    metricsReader: {} as MemberReaders['metricsReader'],
    diagnosis: {
      keys: { describe: answer('describe'), policy: answer('keyPolicy') },
    } as unknown as NonNullable<MemberReaders['diagnosis']>,
  } as unknown as MemberReaders;
}

describe('routedReaders', () => {
  it('reads each bucket and key in the reached account that owns it, and the rest in the current one', async () => {
    const asked: string[] = [];
    const source = readersOf('111122223333', asked);
    const vault = readersOf('444455556666', asked);
    const routed = routedReaders(source, {
      readers: new Map([
        ['111122223333', source],
        ['444455556666', vault],
      ]),
      owners: new Map([
        ['orders', '111122223333'],
        ['orders-dr', '444455556666'],
      ]),
    });
    await routed.bucketReader.versioning('orders-dr', 'us-west-2');
    await routed.bucketReader.versioning('orders', 'us-east-1');
    await routed.bucketReader.versioning('partner-bucket', 'us-east-1');
    await routed.diagnosis?.bucketPolicy('orders-dr', 'us-west-2');
    const vaultKey = 'arn:aws:kms:us-west-2:444455556666:key/1';
    await routed.diagnosis?.keys.describe(vaultKey, 'us-west-2');
    await routed.diagnosis?.keys.describe('alias/orders', 'us-east-1');
    const facts = { arn: vaultKey, account: '444455556666' } as never;
    await routed.diagnosis?.keys.policy(facts, '111122223333');
    await routed.diagnosis?.keys.policy(
      { arn: 'arn:aws:kms:us-west-2:999999999999:key/2', account: '999999999999' } as never,
      '111122223333',
    );
    assert.deepEqual(asked, [
      '444455556666 versioning orders-dr',
      '111122223333 versioning orders',
      '111122223333 versioning partner-bucket',
      '444455556666 policy orders-dr',
      `444455556666 describe ${vaultKey}`,
      '111122223333 describe alias/orders',
      `444455556666 keyPolicy ${vaultKey}`,
      '111122223333 keyPolicy arn:aws:kms:us-west-2:999999999999:key/2',
    ]);
  });
});
