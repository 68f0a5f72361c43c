import type { ReplicatedBucket } from '../audit/read-bucket-facts.js';
import type { Finding } from '../model/findings.js';
import { type Observed, problemFinding } from '../model/observed.js';
import type { ResourcePolicyRead } from './diagnosis-access.js';
import { keyPolicyCache, type ResolvedKeys } from './diagnosis-keys.js';
import type { DiagnosisDependencies } from './diagnosis-ports.js';
import type { Requirement } from './requirement.js';

/** The resource side of the requirements: bucket and key policies, and what could not be read. */
export interface ResourcePolicies {
  /** The policy a requirement's resource answers with; undefined when it could not be read. */
  of(requirement: Requirement): ResourcePolicyRead | undefined;
  /** What could not be read (MONITOR_ACCESS_DENIED, MONITOR_CHECK_INCOMPLETE), once per resource. */
  findings: Finding[];
  /** What cannot be read by design (another account's key policy), for the coverage. */
  notes: string[];
}

/** One resource's read: its policy, or the finding or note that says why there is none. */
interface ResourceRead {
  policy?: ResourcePolicyRead;
  finding?: Finding;
  note?: string;
}

/** Reads each resource the requirements name once (in parallel), in the order they first name it. */
export async function readResourcePolicies(
  bucket: ReplicatedBucket,
  keys: ResolvedKeys,
  roleAccount: string,
  requirements: readonly Requirement[],
  dependencies: DiagnosisDependencies,
): Promise<ResourcePolicies> {
  const idOf = (requirement: Requirement) => requirement.kmsKeyArn ?? requirement.bucket;
  const first = new Map<string, Requirement>();
  for (const requirement of requirements) {
    if (!first.has(idOf(requirement))) first.set(idOf(requirement), requirement);
  }
  const reader = readerOf(bucket, keys, roleAccount, dependencies);
  const reads = new Map(
    await Promise.all([...first].map(async ([id, requirement]) => [id, await reader(requirement)] as const)),
  );
  const found = [...reads.values()];
  return {
    of: (requirement) => reads.get(idOf(requirement))?.policy,
    findings: found.flatMap((read) => (read.finding === undefined ? [] : [read.finding])),
    notes: found.flatMap((read) => (read.note === undefined ? [] : [read.note])),
  };
}

function readerOf(
  bucket: ReplicatedBucket,
  keys: ResolvedKeys,
  roleAccount: string,
  dependencies: DiagnosisDependencies,
): (requirement: Requirement) => Promise<ResourceRead> {
  const where = (check: string) => ({ sourceBucket: bucket.source.name, check });
  const accountOf = (name: string) =>
    bucket.rules.find((rule) => rule.destination.bucket === name)?.destination.account ?? roleAccount;
  const readBucket = async (name: string, region: string): Promise<ResourceRead> => {
    const read = await dependencies.bucketPolicy(name, region);
    if (!read.ok) {
      const check = `the bucket policy of ${name}`;
      return { finding: problemFinding(read.problem, where(check), dependencies.severityOverrides) };
    }
    const account = name === bucket.source.name ? roleAccount : accountOf(name);
    return { policy: { kind: 'policy', document: read.value, account } };
  };
  let monitorAccount: Promise<Observed<string>> | undefined;
  const readKey = async (arn: string): Promise<ResourceRead> => {
    const key = [...keys.described.values()].flatMap((read) =>
      read.ok && read.value?.arn === arn ? [read.value] : [],
    )[0];
    if (key === undefined) return {};
    monitorAccount ??= dependencies.callerAccount();
    const account = await monitorAccount;
    const policy = await keyPolicyCache(dependencies.keys, account.ok ? account.value : undefined)(key);
    if (!policy.ok) {
      const check = `the key policy of ${arn}`;
      return { finding: problemFinding(policy.problem, where(check), dependencies.severityOverrides) };
    }
    if (policy.value.kind === 'other-account') {
      const note = `key policy of ${arn} not checked: KMS answers GetKeyPolicy only in the key's own account (${key.account}); its grants to the replication role were not verified`;
      return { policy: { kind: 'unreadable', note }, note };
    }
    return { policy: { kind: 'policy', document: policy.value.document, account: key.account } };
  };
  return async (requirement) => {
    if (requirement.kmsKeyArn !== undefined) return readKey(requirement.kmsKeyArn);
    const region =
      requirement.bucket === bucket.source.name
        ? bucket.source.region
        : bucket.destinations.get(requirement.bucket)?.region;
    return region === undefined ? {} : readBucket(requirement.bucket, region);
  };
}
