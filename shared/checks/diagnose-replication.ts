import { createHash } from 'node:crypto';
import type { RoleReader } from '../aws/iam-role-reader.js';
import type { KeyReader } from '../aws/kms-key-reader.js';
import type { Clock } from '../core/clock.js';
import { permissionFindings } from '../core/diagnosis/permission-findings.js';
import {
  mergeRequirements,
  type Requirement,
  requirementsOf,
} from '../core/diagnosis/required-permissions.js';
import { checkTrust } from '../core/diagnosis/trust-check.js';
import { type Finding, type SeverityOverrides, severityOf } from '../core/findings.js';
import { type Observed, problemFinding, type ReadProblem, storeProblemOf } from '../core/observed.js';
import { gapOf, identityVerdict, simulateIdentity } from './diagnosis-access.js';
import { keyOf, type ResolvedKeys, resolveKeys } from './diagnosis-keys.js';
import { resourceReader } from './diagnosis-resources.js';
import type { DiagnosisStore, IdentitySnapshot } from './diagnosis-store.js';
import type { ReplicatedBucket } from './read-bucket-facts.js';

export interface DiagnosisDependencies {
  roles: RoleReader;
  keys: KeyReader;
  bucketPolicy: (bucket: string, region: string) => Promise<Observed<unknown>>;
  /** The monitor's own account: key policies can be read only there. */
  callerAccount: () => Promise<Observed<string>>;
  store: DiagnosisStore;
  clock: Clock;
  /** How long IAM's answers are reused; default one hour. */
  identityTtlSeconds: number;
  severityOverrides: SeverityOverrides;
}

export interface Diagnosis {
  findings: Finding[];
  /** What could not be checked by design (another account's key policy), for the coverage. */
  notes: string[];
  /** IAM's answers came from the cache. */
  cached: boolean;
}

/**
 * Pre-flight diagnosis of one replicated bucket: derives what every enabled rule needs (§6) and
 * checks it against the role (existence, trust, identity policies through IAM's simulator), the
 * bucket policies, and the KMS keys (state, key policies), before objects fail.
 */
export async function diagnoseReplication(
  bucket: ReplicatedBucket,
  sampledKeyIds: readonly string[],
  dependencies: DiagnosisDependencies,
): Promise<Diagnosis> {
  const { roleArn, source } = bucket;
  if (roleArn === undefined) return { findings: [], notes: [], cached: false };
  const overrides = dependencies.severityOverrides;
  const roleAccount = roleArn.split(':')[4] ?? '';
  const keys = await resolveKeys(bucket, sampledKeyIds, dependencies.keys, roleAccount, overrides);
  const requirements = requirementsFor(bucket, keys);
  const digest = digestOf(roleArn, requirements);
  const cache = cacheOf();
  const identity = await identityOf(source.name, roleArn, digest, requirements, dependencies, cache);
  const findings = [...keys.findings, ...identity.findings];
  const notes: string[] = [];
  const snapshot = identity.snapshot;
  if (snapshot !== undefined && snapshot.role === null) {
    findings.push(roleNotFound(source.name, roleArn, overrides));
  } else if (snapshot?.role) {
    const trust = checkTrust(
      {
        roleArn,
        trustPolicy: snapshot.role.trustPolicy,
        sourceBucket: source.name,
        sourceAccount: roleAccount,
      },
      overrides,
    );
    if (trust !== undefined) findings.push(trust);
    const resources = resourceReader(bucket, keys, roleAccount, dependencies, findings, notes);
    const verdicts = {
      results: new Map(snapshot.results.map((r) => [`${r.action} ${r.resource}`, r])),
      problems: [],
    };
    const gaps = [];
    for (const requirement of requirements) {
      const verdict = identityVerdict(verdicts, requirement);
      if (verdict === undefined) continue;
      const gap = gapOf({
        sourceBucket: source.name,
        roleArn,
        ...(snapshot.role.permissionsBoundaryArn === undefined
          ? {}
          : { boundaryArn: snapshot.role.permissionsBoundaryArn }),
        requirement,
        identity: verdict,
        resource: await resources(requirement),
      });
      if (gap !== undefined) gaps.push(gap);
    }
    findings.push(...permissionFindings(gaps, overrides));
  }
  await cache.use(
    () =>
      dependencies.store.saveDiagnosis(source.name, {
        computedAt: dependencies.clock.now().toISOString(),
        findings,
      }),
    'save the bucket diagnosis',
  );
  findings.push(...cache.findings(source.name, overrides));
  notes.push(...cache.notes);
  return { findings, notes: [...new Set(notes)], cached: identity.cached };
}

function requirementsFor(bucket: ReplicatedBucket, keys: ResolvedKeys): Requirement[] {
  const { source, rules, destinations } = bucket;
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
    return requirementsOf({
      source: {
        name: source.name,
        region: source.region,
        objectLock: source.objectLock.ok && source.objectLock.value,
        bucketKeyEnabled: bucketKey,
        kmsKeyArns: [...new Set(sourceKeyArns)],
      },
      rule,
      destination: {
        name: destination.name,
        region: destination.region,
        bucketKeyEnabled:
          destination.encryption?.ok === true && destination.encryption.value.bucketKeyEnabled,
      },
      ...(replica === undefined ? {} : { replicaKeyArn: replica.arn }),
    });
  });
  return mergeRequirements(lists);
}

function digestOf(roleArn: string, requirements: readonly Requirement[]): string {
  const asked = requirements.map((r) => [r.action, r.resource, r.context]);
  return createHash('sha256')
    .update(JSON.stringify([roleArn, asked]))
    .digest('hex')
    .slice(0, 24);
}

/** IAM's side, from the cache while fresh; read again (and cached) only when complete. */
async function identityOf(
  sourceBucket: string,
  roleArn: string,
  digest: string,
  requirements: readonly Requirement[],
  dependencies: DiagnosisDependencies,
  cache: Cache,
): Promise<{ snapshot?: IdentitySnapshot; findings: Finding[]; cached: boolean }> {
  const now = dependencies.clock.now();
  const stored = await cache.use(
    () => dependencies.store.loadIdentity(roleArn, digest),
    'load the identity diagnosis',
  );
  const age = stored === undefined ? Number.POSITIVE_INFINITY : now.getTime() - Date.parse(stored.computedAt);
  if (stored !== undefined && age >= 0 && age < dependencies.identityTtlSeconds * 1000) {
    return { snapshot: stored, findings: [], cached: true };
  }
  const where = { sourceBucket, check: `the replication role ${roleArn}` };
  const role = await dependencies.roles.role(roleArn);
  const overrides = dependencies.severityOverrides;
  if (!role.ok) return { findings: [problemFinding(role.problem, where, overrides)], cached: false };
  const snapshot: IdentitySnapshot = { role: role.value ?? null, results: [], computedAt: now.toISOString() };
  if (role.value !== undefined) {
    const simulated = await simulateIdentity(roleArn, requirements, dependencies.roles);
    snapshot.results = [...simulated.results.values()];
    // One finding per distinct problem: every (resource, context) call may fail the same way.
    const problems = new Map(simulated.problems.map((problem) => [JSON.stringify(problem), problem]));
    const unanswered = requirements.filter(
      (requirement) => identityVerdict(simulated, requirement) === undefined,
    );
    if (problems.size === 0 && unanswered.length > 0) {
      problems.set('unanswered', {
        kind: 'error',
        action: 'iam:SimulatePrincipalPolicy',
        resource: roleArn,
        detail: `IAM returned no decision for ${unanswered.length} of ${requirements.length} required permissions (first: ${unanswered[0]?.action} on ${unanswered[0]?.resource})`,
      });
    }
    if (problems.size > 0) {
      const findings = [...problems.values()].map((problem) => problemFinding(problem, where, overrides));
      return { snapshot, findings, cached: false };
    }
  }
  // A missing role is asked about again next run: it may be created any minute, and GetRole is one call.
  if (snapshot.role !== null)
    await cache.use(
      () => dependencies.store.saveIdentity(roleArn, digest, snapshot),
      'save the identity diagnosis',
    );
  return { snapshot, findings: [], cached: false };
}

function roleNotFound(sourceBucket: string, roleArn: string, overrides: SeverityOverrides): Finding {
  return {
    code: 'ROLE_NOT_FOUND',
    severity: severityOf('ROLE_NOT_FOUND', overrides),
    sourceBucket,
    principal: roleArn,
    message: `The replication role ${roleArn} of ${sourceBucket} does not exist, so S3 replicates nothing.`,
    remediation: `Create the role with a trust policy for s3.amazonaws.com and the replication permissions, or point the replication configuration of ${sourceBucket} at an existing role (aws s3api put-bucket-replication).`,
  };
}

type Cache = ReturnType<typeof cacheOf>;

/**
 * The diagnosis store is a cache: when it cannot be used, IAM is asked directly and the diagnosis
 * is as complete as ever. A refusal is a deployment fault worth fixing (MONITOR_ACCESS_DENIED, so
 * IAM is not asked every five minutes for ever, and failure events keep their explanation);
 * anything else is a note in the coverage.
 */
function cacheOf() {
  const problems = new Map<string, ReadProblem>();
  return {
    /** The call's answer, or undefined (as for a cache miss) when the store failed. */
    async use<T>(call: () => Promise<T>, what: string): Promise<T | undefined> {
      try {
        return await call();
      } catch (error) {
        const problem = storeProblemOf(error, what, 'the audit state table');
        problems.set(JSON.stringify([problem.kind, problem.action, problem.resource]), problem);
        return undefined;
      }
    },
    findings(sourceBucket: string, overrides: SeverityOverrides): Finding[] {
      return [...problems.values()]
        .filter((problem) => problem.kind === 'access-denied')
        .map((problem) =>
          problemFinding(
            problem,
            {
              sourceBucket,
              check: "the diagnosis cache (IAM's answers kept between audits, read by the event path)",
            },
            overrides,
          ),
        );
    },
    get notes(): string[] {
      return [...problems.values()]
        .filter((problem) => problem.kind !== 'access-denied')
        .map(
          (problem) =>
            `diagnosis cache: ${problem.action} failed (${problem.detail}); IAM was asked directly`,
        );
    },
  };
}
