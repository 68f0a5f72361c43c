import fc from 'fast-check';
import { EVENT_TYPES, encodeKey, type GoodSpec, goodRecordSpec } from './s3-records.js';

/** Bad records: a good one broken in exactly one way, with the reason the monitor must give. */
export interface BadSpec {
  kind: 'bad';
  /** Which way this record is broken. */
  defect: string;
  /** Builds the broken record from a good one (or ignores it). */
  breakRecord: (good: Record<string, unknown>) => unknown;
  reason: RegExp;
}

export type RecordSpec = GoodSpec | BadSpec;

const without = (
  record: Record<string, unknown>,
  path: string[],
  value?: unknown,
): Record<string, unknown> => {
  const copy = structuredClone(record);
  let node = copy as Record<string, unknown>;
  for (const name of path.slice(0, -1)) node = node[name] as Record<string, unknown>;
  const last = path.at(-1) as string;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
};

const bad = (defect: string, reason: RegExp, breakRecord: BadSpec['breakRecord']): BadSpec => ({
  kind: 'bad',
  defect,
  reason,
  breakRecord,
});

export const badRecordSpec: fc.Arbitrary<BadSpec> = fc.oneof(
  fc
    .constantFrom(null, 42, 'text', [], true)
    .map((value) =>
      bad(
        'not an object',
        /^the record is (null|a number|a string|an array|a boolean), not an object$/,
        () => value,
      ),
    ),
  fc
    .constantFrom(undefined, 3, '3.0', '1.0', '', '2', '2.x', null)
    .map((version) =>
      bad('unsupported eventVersion', /^eventVersion .* is not a supported 2\.x version$/, (record) =>
        version === undefined ? without(record, ['eventVersion']) : { ...record, eventVersion: version },
      ),
    ),
  fc
    .constantFrom(undefined, 7, null, {})
    .map((name) =>
      bad('eventName missing or mistyped', /^eventName is missing$/, (record) =>
        name === undefined ? without(record, ['eventName']) : { ...record, eventName: name },
      ),
    ),
  fc
    .constantFrom(
      'ObjectCreated:Put',
      's3:ObjectRemoved:Delete',
      's3:TestEvent',
      'LifecycleExpiration:Delete',
    )
    .map((name) =>
      bad(
        'not a replication event',
        /is not a replication event; subscribe only s3:Replication:\*$/,
        (record) => ({ ...record, eventName: name }),
      ),
    ),
  fc
    .stringMatching(/^[A-Za-z]{0,20}$/)
    .filter((type) => !(EVENT_TYPES as readonly string[]).includes(type))
    .map((type) =>
      bad('unknown replication event', /is not a known replication event type$/, (record) => ({
        ...record,
        eventName: `s3:Replication:${type}`,
      })),
    ),
  fc
    .constantFrom<[string[], unknown]>(
      [['s3'], undefined],
      [['s3', 'bucket'], undefined],
      [['s3', 'bucket', 'name'], ''],
      [['s3', 'bucket', 'name'], 12],
      [['s3'], 'text'],
    )
    .map(([path, value]) =>
      bad('bucket name missing or mistyped', /^s3\.bucket\.name is missing$/, (record) =>
        without(record, path, value),
      ),
    ),
  fc
    .constantFrom(undefined, 5, null, ['a'])
    .map((key) =>
      bad('key missing or mistyped', /^s3\.object\.key is missing$/, (record) =>
        without(record, ['s3', 'object', 'key'], key),
      ),
    ),
  fc
    .tuple(
      fc.constantFrom('%', '%zz', 'abc%E0%A4%A', '%C3%28', '%ED%A0%80', '100%'),
      fc.string({ maxLength: 10 }),
    )
    .map(([broken, tail]) =>
      bad('invalid percent-encoding', /^s3\.object\.key is not valid URL encoding: /, (record) =>
        without(record, ['s3', 'object', 'key'], `${encodeKey(tail)}${broken}`),
      ),
    ),
);

export const recordSpec: fc.Arbitrary<RecordSpec> = fc.oneof(
  { weight: 3, arbitrary: goodRecordSpec },
  { weight: 2, arbitrary: badRecordSpec },
);
