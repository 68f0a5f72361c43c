import fc from 'fast-check';

/**
 * Generated S3 replication event records, good ones: each is tracked by a unique version id, so a
 * test can check exactly which were processed. Bad ones are in bad-records.ts.
 */

export const EVENT_TYPES = [
  'OperationFailedReplication',
  'OperationMissedThreshold',
  'OperationReplicatedAfterThreshold',
  'OperationNotTracked',
] as const;

const KNOWN_REASONS = [
  'AssumeRoleNotPermitted',
  'DstPutObjectNotPermitted',
  'DstKmsKeyInvalidState',
  'SrcGetObjectNotPermitted',
];

export interface GoodSpec {
  kind: 'good';
  eventName: string;
  eventVersion: string;
  /** The key as stored in S3 (decoded). */
  key: string;
  bucket: string;
  rule: string;
  failureReason: string;
  /** Fields S3 may add or a sender may get wrong that do not make the record unusable. */
  noise: Record<string, unknown>;
}

/** S3 URL-encodes keys in notifications, with `+` for a space. */
export const encodeKey = (key: string): string => encodeURIComponent(key).replace(/%20/g, '+');

/** A key of exactly 1,024 UTF-8 bytes (S3's maximum), mixing 1- to 4-byte characters. */
export const maximalKey = fc
  .array(fc.constantFrom('a', 'é', '€', '😀', ' ', '+', '%', '/'), { minLength: 1, maxLength: 8 })
  .map((alphabet) => {
    let key = 'max/';
    for (let index = 0; Buffer.byteLength(key) < 1020; index += 1) key += alphabet[index % alphabet.length];
    return key.padEnd(key.length + (1024 - Buffer.byteLength(key)), 'z');
  });

const keyArbitrary = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }) },
  { weight: 1, arbitrary: maximalKey },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'Tax/second file.pdf',
      'a+b=c.txt',
      '100% real.txt',
      'line\nbreak',
      'evil\u202egpj.exe',
    ),
  },
);

const unknownReason = fc
  .stringMatching(/^[A-Z][A-Za-z]{3,30}$/)
  .filter((reason) => !KNOWN_REASONS.includes(reason));

export const goodRecordSpec: fc.Arbitrary<GoodSpec> = fc.record({
  kind: fc.constant('good' as const),
  eventName: fc
    .tuple(fc.constantFrom(...EVENT_TYPES), fc.boolean())
    .map(([type, prefixed]) => `${prefixed ? 's3:' : ''}Replication:${type}`),
  eventVersion: fc.constantFrom('2.0', '2.1', '2.2', '2.3', '2.10'),
  key: keyArbitrary,
  bucket: fc.constantFrom('acme-orders', 'acme-logs'),
  rule: fc.constantFrom('to-dr', 'to-archive'),
  failureReason: fc.oneof(fc.constantFrom(...KNOWN_REASONS), unknownReason),
  noise: fc.record(
    {
      size: fc.oneof(fc.string(), fc.constant(null), fc.double()),
      eventTime: fc.oneof(fc.integer(), fc.constant(null)),
      userIdentity: fc.constant(null),
      futureField: fc.jsonValue(),
    },
    { requiredKeys: [] },
  ),
});

/** The S3 record for a good spec, with `versionId` as the tracking id. */
export function s3Record(spec: GoodSpec, versionId: string): Record<string, unknown> {
  const { size, ...noise } = spec.noise;
  return {
    eventVersion: spec.eventVersion,
    eventSource: 'aws:s3',
    awsRegion: 'us-east-1',
    eventTime: '2026-11-22T11:00:00.000Z',
    eventName: spec.eventName,
    ...noise,
    s3: {
      s3SchemaVersion: '1.0',
      bucket: { name: spec.bucket, arn: `arn:aws:s3:::${spec.bucket}` },
      object: { key: encodeKey(spec.key), versionId, sequencer: '0066DA1CBF104C0D51', size: size ?? 1024 },
    },
    replicationEventData: {
      replicationRuleId: spec.rule,
      destinationBucket: `arn:aws:s3:::${spec.bucket}-dr`,
      s3Operation: 'OBJECT_PUT',
      requestTime: '2026-11-22T10:59:00.000Z',
      ...(spec.eventName.endsWith('OperationFailedReplication')
        ? { failureReason: spec.failureReason }
        : { threshold: '15' }),
    },
  };
}
