import type { ReplicatedBucket } from '../audit/read-bucket-facts.js';
import { keyOf, type ResolvedKeys } from './diagnosis-keys.js';
import { type OrganizationFacts, resourceContextOf } from './request-context.js';
import { requirementsOf } from './required-permissions.js';
import { mergeRequirements, type Requirement } from './requirement.js';

/** What sampling saw of the source objects' encryption. */
export interface SampledEncryption {
  /** KMS keys of SSE-KMS objects, as HeadObject names them. */
  kmsKeyIds: readonly string[];
  /** SSE-S3 (AES256) objects were seen. */
  sseS3Seen: boolean;
}

const KMS_ALGORITHMS = new Set(['aws:kms', 'aws:kms:dsse']);

/**
 * What a replicated bucket's enabled rules need, each requirement once, with the request context
 * S3 sends: the resource owner's organization keys and, for KMS, the role's account as caller.
 */
export function requirementsFor(
  bucket: ReplicatedBucket,
  keys: ResolvedKeys,
  sampled: SampledEncryption,
  roleAccount: string,
  organization: OrganizationFacts | 'none' | undefined,
): Requirement[] {
  const { source, rules, destinations } = bucket;
  const defaultAlgorithm = source.encryption.ok ? source.encryption.value.algorithm : undefined;
  // S3 encrypts every new object at least with SSE-S3; only a KMS default makes SSE-S3 objects uncertain.
  const sseS3Objects =
    sampled.sseS3Seen || defaultAlgorithm === undefined || !KMS_ALGORITHMS.has(defaultAlgorithm);
  const sourceKeyArns = keys.sourceNames.flatMap((name) => {
    const key = keyOf(keys, name, source.region);
    return key === undefined ? [] : [key.arn];
  });
  const bucketKey = source.encryption.ok && source.encryption.value.bucketKeyEnabled;
  const lists = rules.map((rule) => {
    const destination = destinations.get(rule.destination.bucket);
    // Missing or unreadable destinations are the configuration checks' findings.
    if (destination?.region === undefined) return [];
    const replica =
      rule.replicaKmsKeyId === undefined ? undefined : keyOf(keys, rule.replicaKmsKeyId, destination.region);
    const requirements = requirementsOf({
      source: {
        name: source.name,
        region: source.region,
        objectLock: source.objectLock.ok && source.objectLock.value,
        bucketKeyEnabled: bucketKey,
        kmsKeyArns: [...new Set(sourceKeyArns)],
        sseS3Objects,
      },
      rule,
      destination: {
        name: destination.name,
        region: destination.region,
        bucketKeyEnabled:
          destination.encryption?.ok === true && destination.encryption.value.bucketKeyEnabled,
        ownerEnforced:
          destination.ownership?.ok === true && destination.ownership.value === 'BucketOwnerEnforced',
      },
      ...(replica === undefined ? {} : { replicaKeyArn: replica.arn }),
    });
    const destinationAccount = rule.destination.account ?? roleAccount;
    return requirements.map((requirement) => {
      const owner =
        requirement.kmsKeyArn !== undefined
          ? requirement.kmsKeyArn.split(':')[4]
          : requirement.side === 'source'
            ? roleAccount
            : destinationAccount;
      const context = { ...requirement.context, ...resourceContextOf(owner, organization) };
      if (requirement.service === 'kms') context['kms:CallerAccount'] = roleAccount;
      return { ...requirement, context };
    });
  });
  return mergeRequirements(lists);
}
