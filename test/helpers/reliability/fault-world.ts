import { parseWorld } from '../../../shared/sim/load-world.js';
import type { World } from '../../../shared/sim/world-schema.js';
import {
  bucket,
  healthySeries,
  kmsKey,
  NOW,
  object,
  replicationRole,
  roleArn,
  rule,
  series,
  useKey,
} from './world-parts.js';

export { NOW };
/** The bucket every fault targets, its destination, and the Region of that destination's metrics. */
export const FAULTY = 'acme-faulty';
export const FAULTY_DESTINATION = 'acme-faulty-dr';
export const FAULTY_METRICS_REGION = 'us-west-2';
/** FAULTY's KMS keys: its objects' key (source Region) and its replicas' key (destination Region). */
export const FAULTY_KEYS = [
  'arn:aws:kms:us-east-1:111122223333:key/0f1e2d3c-aaaa-4b5c-8d9e-0a1b2c3d4e5f',
  'arn:aws:kms:us-west-2:111122223333:key/9e8d7c6b-bbbb-4a3b-9c8d-5f4e3d2c1b0a',
] as const;
/** A bucket no fault touches: its results must not change, whatever happens to the other. */
export const CONTROL = 'acme-control';
const CONTROL_DESTINATION = 'acme-control-backup';

/**
 * Two replicated buckets that together make every call the audit makes: a tag-filtered rule (so
 * GetObjectTagging), SSE-KMS objects (so the KMS diagnosis), a FAILED and a stuck object, metrics
 * in the source and the destination Region. Faults target FAULTY (its destination, role, keys and
 * metrics Region); CONTROL is the witness that one bucket's failure never hides another's results.
 * `repaired`: the same account once FAULTY's problems are fixed (what lets an incident resolve).
 */
export function faultWorld(options: { repaired?: boolean } = {}): World {
  const broken = options.repaired !== true;
  const [sourceKey, replicaKey] = FAULTY_KEYS;
  const docs = { source: FAULTY, destination: FAULTY_DESTINATION, ruleId: 'docs-to-dr' };
  const logs = { ...docs, ruleId: 'logs-to-dr' };
  return parseWorld(
    JSON.stringify({
      now: NOW,
      monitor: { account: '111122223333', region: 'us-east-1' },
      buckets: [
        bucket(FAULTY, 'us-east-1', {
          encryption: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: sourceKey, BucketKeyEnabled: true },
          replication: {
            Role: roleArn(FAULTY),
            Rules: [
              rule(
                docs.ruleId,
                { And: { Prefix: 'docs/', Tags: [{ Key: 'replicate', Value: 'yes' }] } },
                FAULTY_DESTINATION,
                replicaKey,
              ),
              rule(logs.ruleId, { Prefix: 'logs/' }, FAULTY_DESTINATION, replicaKey),
            ],
          },
          objects: [
            object('docs/a.pdf', 'COMPLETED', { tags: { replicate: 'yes' }, kmsKeyId: sourceKey }),
            object('docs/b.pdf', broken ? 'FAILED' : 'COMPLETED', {
              tags: { replicate: 'yes' },
              kmsKeyId: sourceKey,
            }),
            object('docs/c.txt', undefined),
            object('logs/1.log', 'COMPLETED'),
            object('logs/2.log', broken ? 'PENDING' : 'COMPLETED', { age: 120 }),
            object('logs/3.log', 'COMPLETED'),
          ],
        }),
        bucket(FAULTY_DESTINATION, FAULTY_METRICS_REGION),
        bucket(CONTROL, 'us-east-1', {
          replication: {
            Role: roleArn(CONTROL),
            Rules: [rule('all-to-backup', { Prefix: '' }, CONTROL_DESTINATION)],
          },
          objects: [
            object('x/1.bin', 'FAILED'),
            object('x/2.bin', 'COMPLETED'),
            object('x/3.bin', 'COMPLETED'),
          ],
        }),
        bucket(CONTROL_DESTINATION, 'eu-west-1'),
      ],
      roles: [
        replicationRole(FAULTY, FAULTY_DESTINATION, [
          useKey(['kms:Decrypt', 'kms:GenerateDataKey'], sourceKey, 'us-east-1'),
          useKey(['kms:Encrypt', 'kms:GenerateDataKey'], replicaKey, FAULTY_METRICS_REGION),
        ]),
        replicationRole(CONTROL, CONTROL_DESTINATION),
      ],
      kmsKeys: FAULTY_KEYS.map(kmsKey),
      metrics: [
        ...healthySeries(docs, FAULTY_METRICS_REGION),
        // logs-to-dr: replication runs 30 minutes late and three operations failed ten minutes ago.
        ...healthySeries(logs, FAULTY_METRICS_REGION).filter(
          (entry) => entry.metricName.startsWith('Bytes') || entry.metricName.startsWith('OperationsPending'),
        ),
        series(FAULTY_METRICS_REGION, 'ReplicationLatency', logs, () => (broken ? 1800 : 6)),
        series('us-east-1', 'OperationsFailedReplication', logs, (minute) =>
          broken && minute === 50 ? 3 : 0,
        ),
        ...healthySeries(
          { source: CONTROL, destination: CONTROL_DESTINATION, ruleId: 'all-to-backup' },
          'eu-west-1',
        ),
      ],
    }),
    'fault-world.json',
  );
}
