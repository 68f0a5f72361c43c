import type { ReplicatedBucket } from '../audit/read-bucket-facts.js';
import type { Finding } from '../model/findings.js';
import { type Observed, problemFinding } from '../model/observed.js';
import type { ResourcePolicyRead } from './diagnosis-access.js';
import { keyPolicyCache, type ResolvedKeys } from './diagnosis-keys.js';
import type { DiagnosisDependencies } from './diagnosis-ports.js';
import type { Requirement } from './required-permissions.js';

/** The resource side of each requirement: bucket and key policies, each read once. */
export function resourceReader(
  bucket: ReplicatedBucket,
  keys: ResolvedKeys,
  roleAccount: string,
  dependencies: DiagnosisDependencies,
  findings: Finding[],
  notes: string[],
) {
  const policies = new Map<string, Promise<ResourcePolicyRead | undefined>>();
  const accountOf = (name: string) =>
    bucket.rules.find((rule) => rule.destination.bucket === name)?.destination.account ?? roleAccount;
  const readBucket = async (name: string, region: string): Promise<ResourcePolicyRead | undefined> => {
    const read = await dependencies.bucketPolicy(name, region);
    if (read.ok)
      return {
        kind: 'policy',
        document: read.value,
        account: name === bucket.source.name ? roleAccount : accountOf(name),
      };
    findings.push(
      problemFinding(
        read.problem,
        { sourceBucket: bucket.source.name, check: `the bucket policy of ${name}` },
        dependencies.severityOverrides,
      ),
    );
    return undefined;
  };
  let monitorAccount: Promise<Observed<string>> | undefined;
  const readKey = async (arn: string): Promise<ResourcePolicyRead | undefined> => {
    const key = [...keys.described.values()].flatMap((read) =>
      read.ok && read.value?.arn === arn ? [read.value] : [],
    )[0];
    if (key === undefined) return undefined;
    monitorAccount ??= dependencies.callerAccount();
    const account = await monitorAccount;
    const policy = await keyPolicyCache(dependencies.keys, account.ok ? account.value : undefined)(key);
    if (!policy.ok) {
      findings.push(
        problemFinding(
          policy.problem,
          { sourceBucket: bucket.source.name, check: `the key policy of ${arn}` },
          dependencies.severityOverrides,
        ),
      );
      return undefined;
    }
    if (policy.value.kind === 'other-account') {
      const note = `key policy of ${arn} not checked: KMS answers GetKeyPolicy only in the key's own account (${key.account}); its grants to the replication role were not verified`;
      notes.push(note);
      return { kind: 'unreadable', note };
    }
    return { kind: 'policy', document: policy.value.document, account: key.account };
  };
  return (requirement: Requirement): Promise<ResourcePolicyRead | undefined> => {
    const id = requirement.kmsKeyArn ?? requirement.bucket;
    if (!policies.has(id)) {
      const region =
        requirement.bucket === bucket.source.name
          ? bucket.source.region
          : bucket.destinations.get(requirement.bucket)?.region;
      policies.set(
        id,
        requirement.kmsKeyArn !== undefined
          ? readKey(requirement.kmsKeyArn)
          : region === undefined
            ? Promise.resolve(undefined)
            : readBucket(requirement.bucket, region),
      );
    }
    return policies.get(id) as Promise<ResourcePolicyRead | undefined>;
  };
}
