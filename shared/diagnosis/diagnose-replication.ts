import { createHash } from 'node:crypto';
import type { ReplicatedBucket } from '../audit/read-bucket-facts.js';
import { type Finding, type SeverityOverrides, severityOf } from '../model/findings.js';
import { problemFinding } from '../model/observed.js';
import { requirementsFor, type SampledEncryption } from './bucket-requirements.js';
import { gapOf, identityVerdict, simulateIdentity } from './diagnosis-access.js';
import { type Cache, cacheOf } from './diagnosis-cache.js';
import { type ResolvedKeys, resolveKeys } from './diagnosis-keys.js';
import type { DiagnosisDependencies } from './diagnosis-ports.js';
import { readResourcePolicies } from './diagnosis-resources.js';
import type { IdentitySnapshot } from './diagnosis-store.js';
import { permissionFindings } from './permission-findings.js';
import { type OrganizationFacts, type PrincipalContext, principalContextOf } from './request-context.js';
import type { Requirement } from './requirement.js';
import type { RoleFacts } from './role-reader.js';
import { checkTrust } from './trust-check.js';

export type { SampledEncryption } from './bucket-requirements.js';
export type { DiagnosisDependencies } from './diagnosis-ports.js';

export interface Diagnosis {
  findings: Finding[];
  /** What could not be checked by design (another account's key policy), for the coverage. */
  notes: string[];
  /** IAM's answers came from the cache. */
  cached: boolean;
}

/**
 * Pre-flight diagnosis of one replicated bucket: derives what every enabled rule needs
 * (bucket-requirements.ts, each requirement citing its AWS page) and checks it against the role
 * (existence, trust, identity policies through IAM's simulator), the bucket policies, and the KMS
 * keys (state, key policies), before objects fail.
 */
export async function diagnoseReplication(
  bucket: ReplicatedBucket,
  sampled: SampledEncryption,
  dependencies: DiagnosisDependencies,
): Promise<Diagnosis> {
  const { roleArn, source } = bucket;
  if (roleArn === undefined) return { findings: [], notes: [], cached: false };
  const overrides = dependencies.severityOverrides;
  const roleAccount = roleArn.split(':')[4] ?? '';
  const keys = await resolveKeys(bucket, sampled.kmsKeyIds, dependencies.keys, roleAccount, overrides);
  const organization = await organizationOf(roleAccount, dependencies);
  const requirements = requirementsFor(bucket, keys, sampled, roleAccount, organization);
  const cache = cacheOf();
  // aws:userid is not sent to IAM: the role id it starts with matters to the resource side only.
  const principal = principalContextOf({ roleArn, ...(organization === undefined ? {} : { organization }) });
  const digest = digestOf(roleArn, requirements, principal);
  const identity = await identityOf(
    source.name,
    roleArn,
    digest,
    requirements,
    principal,
    dependencies,
    cache,
  );
  const findings = [...keys.findings, ...identity.findings];
  const notes: string[] = [];
  const snapshot = identity.snapshot;
  if (snapshot !== undefined && snapshot.role === null) {
    findings.push(roleNotFound(source.name, roleArn, overrides));
  } else if (snapshot?.role) {
    const trust = trustFinding(source.name, roleArn, snapshot.role, organization, overrides);
    if (trust !== undefined) findings.push(trust);
    const access = await accessFindings(
      { bucket, keys, roleArn, role: snapshot.role, results: snapshot.results, organization, requirements },
      dependencies,
    );
    findings.push(...access.findings);
    notes.push(...access.notes);
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

/** The trust policy's verdict: whether S3 can assume the role for this bucket. */
function trustFinding(
  sourceBucket: string,
  roleArn: string,
  role: RoleFacts,
  organization: OrganizationFacts | 'none' | undefined,
  overrides: SeverityOverrides,
): Finding | undefined {
  const sourceAccount = roleArn.split(':')[4] ?? '';
  const organizationFacts =
    organization === undefined || organization === 'none'
      ? organization
      : {
          id: organization.id,
          ...(organization.principalOrgPath === undefined ? {} : { path: organization.principalOrgPath }),
        };
  return checkTrust(
    {
      roleArn,
      trustPolicy: role.trustPolicy,
      sourceBucket,
      sourceAccount,
      ...(organizationFacts === undefined ? {} : { organization: organizationFacts }),
    },
    overrides,
  );
}

/**
 * Each requirement IAM answered, judged with the resource side (bucket and key policies): the
 * permission findings, and what could not be read.
 */
async function accessFindings(
  input: {
    bucket: ReplicatedBucket;
    keys: ResolvedKeys;
    roleArn: string;
    role: RoleFacts;
    results: IdentitySnapshot['results'];
    organization: OrganizationFacts | 'none' | undefined;
    requirements: readonly Requirement[];
  },
  dependencies: DiagnosisDependencies,
): Promise<{ findings: Finding[]; notes: string[] }> {
  const { bucket, roleArn, role, organization } = input;
  const roleAccount = roleArn.split(':')[4] ?? '';
  const verdicts = { results: new Map(input.results.map((result) => [result.asked ?? '', result])) };
  const checked = input.requirements.filter(
    (requirement) => identityVerdict(verdicts, requirement) !== undefined,
  );
  const resources = await readResourcePolicies(bucket, input.keys, roleAccount, checked, dependencies);
  const principal = principalContextOf({
    roleArn,
    ...(role.roleId === undefined ? {} : { roleId: role.roleId }),
    ...(organization === undefined ? {} : { organization }),
  });
  const gaps = checked.flatMap((requirement) => {
    const gap = gapOf({
      sourceBucket: bucket.source.name,
      roleArn,
      ...(role.permissionsBoundaryArn === undefined ? {} : { boundaryArn: role.permissionsBoundaryArn }),
      requirement,
      principal,
      identity: (action) => identityVerdict(verdicts, requirement, action),
      resource: resources.of(requirement),
    });
    return gap === undefined ? [] : [gap];
  });
  return {
    findings: [...resources.findings, ...permissionFindings(gaps, dependencies.severityOverrides)],
    notes: resources.notes,
  };
}

/**
 * The organization of the role's account: `none` makes the organization keys absent, an answer
 * gives their values, and anything else leaves them unknown. An unread organization is not a
 * finding of its own: a policy that conditions on it gets PERMISSION_NOT_VERIFIED, which says how
 * to let the monitor read it, and a policy that does not is decided without it.
 */
async function organizationOf(
  account: string,
  dependencies: DiagnosisDependencies,
): Promise<OrganizationFacts | 'none' | undefined> {
  if (dependencies.organization === undefined) return undefined;
  const read = await dependencies.organization(account);
  return read.ok ? read.value : undefined;
}

/** The cache key of IAM's answers: the role, what was asked and the context it was asked with. */
function digestOf(
  roleArn: string,
  requirements: readonly Requirement[],
  principal: PrincipalContext,
): string {
  const asked = requirements.map((r) => [r.action, r.alternative?.action, r.resource, r.context]);
  return createHash('sha256')
    .update(JSON.stringify([roleArn, asked, principal.context, principal.absentKeys]))
    .digest('hex')
    .slice(0, 24);
}

/** IAM's side, from the cache while fresh; read again (and cached) only when complete. */
async function identityOf(
  sourceBucket: string,
  roleArn: string,
  digest: string,
  requirements: readonly Requirement[],
  principal: PrincipalContext,
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
    const simulated = await simulateIdentity(roleArn, requirements, principal, dependencies.roles);
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
