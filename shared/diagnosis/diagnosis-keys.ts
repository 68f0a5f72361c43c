import type { ReplicatedBucket } from '../audit/read-bucket-facts.js';
import type { Finding, SeverityOverrides } from '../model/findings.js';
import { type Observed, problemFinding } from '../model/observed.js';
import { checkKeyUsable, type KeyFacts } from './key-findings.js';
import type { KeyPolicyRead, KeyReader } from './key-reader.js';

const KMS_ALGORITHMS = new Set(['aws:kms', 'aws:kms:dsse']);

/** The keys a bucket's replication uses, each described once. */
export interface ResolvedKeys {
  /** By the name the configuration or an object uses (id, alias or ARN) and Region. */
  described: Map<string, Observed<KeyFacts | undefined>>;
  /** Source keys: the bucket default and keys seen on sampled objects. */
  sourceNames: string[];
  findings: Finding[];
}

/** A key named by ARN lives in the ARN's Region; an id or alias in the Region of the bucket using it. */
const regionFor = (name: string, region: string | undefined) =>
  name.startsWith('arn:') ? (name.split(':')[3] ?? region) : region;
const keyId = (name: string, region: string | undefined) => `${regionFor(name, region)} ${name}`;

/**
 * Describes the source keys (when some enabled rule replicates SSE-KMS objects) and each rule's
 * replica key, and reports keys that cannot serve (KMS_KEY_UNUSABLE) or could not be read.
 */
export async function resolveKeys(
  bucket: ReplicatedBucket,
  sampledKeyIds: readonly string[],
  reader: KeyReader,
  roleAccount: string,
  overrides: SeverityOverrides,
): Promise<ResolvedKeys> {
  const { source, rules, destinations } = bucket;
  const optedIn = rules.filter((rule) => rule.enabled && rule.kmsObjectsOptIn);
  const defaultKey =
    source.encryption.ok && KMS_ALGORITHMS.has(source.encryption.value.algorithm)
      ? source.encryption.value.kmsKeyId
      : undefined;
  const sourceNames = optedIn.length === 0 ? [] : unique([defaultKey, ...sampledKeyIds]);
  const described = new Map<string, Observed<KeyFacts | undefined>>();
  const describe = async (name: string, region: string) => {
    const id = keyId(name, region);
    if (!described.has(id)) described.set(id, await reader.describe(name, regionFor(name, region) ?? region));
    return described.get(id) as Observed<KeyFacts | undefined>;
  };
  const findings: Finding[] = [];
  for (const rule of rules.filter((candidate) => candidate.enabled)) {
    const destination = destinations.get(rule.destination.bucket);
    const uses: { name: string; region: string | undefined; role: 'source' | 'replica' }[] = [];
    if (rule.kmsObjectsOptIn) {
      for (const name of sourceNames) uses.push({ name, region: source.region, role: 'source' });
    }
    if (rule.replicaKmsKeyId !== undefined) {
      uses.push({ name: rule.replicaKmsKeyId, region: destination?.region, role: 'replica' });
    }
    for (const use of uses) {
      const region = regionFor(use.name, use.region);
      // A replica key named by id or alias resolves in the destination Region, unknown if unread.
      if (region === undefined) continue;
      const read = await describe(use.name, region);
      const where = {
        sourceBucket: source.name,
        ruleId: rule.id,
        destinationBucket: rule.destination.bucket,
      };
      if (!read.ok) {
        findings.push(problemFinding(read.problem, { ...where, check: `KMS key ${use.name}` }, overrides));
        continue;
      }
      const finding = checkKeyUsable(
        {
          named: use.name,
          role: use.role,
          key: read.value,
          roleAccount,
          objectsKnown: use.role === 'source' || (rule.kmsObjectsOptIn && sourceNames.length > 0),
          ...where,
        },
        overrides,
      );
      if (finding !== undefined) findings.push(finding);
    }
  }
  return { described, sourceNames, findings };
}

/** The key a name resolved to, when it exists. */
export function keyOf(keys: ResolvedKeys, name: string, region: string | undefined): KeyFacts | undefined {
  const read = keys.described.get(keyId(name, region));
  return read?.ok ? read.value : undefined;
}

/** Key policies, read once per key. */
export function keyPolicyCache(reader: KeyReader, monitorAccount: string | undefined) {
  const cache = new Map<string, Promise<Observed<KeyPolicyRead>>>();
  return (key: KeyFacts) => {
    if (!cache.has(key.arn)) cache.set(key.arn, reader.policy(key, monitorAccount));
    return cache.get(key.arn) as Promise<Observed<KeyPolicyRead>>;
  };
}

function unique(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== undefined && value !== ''))];
}
