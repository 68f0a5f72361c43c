import type { Finding } from '../model/findings.js';
import type { RoleFacts, SimulationResult } from './role-reader.js';

/**
 * IAM's side of a diagnosis, kept between audits: IAM's API rate limits are low and shared by the
 * whole account, so a 5-minute schedule must not call GetRole and SimulatePrincipalPolicy every
 * run. Keyed by the role and a digest of what was asked, so a changed rule asks again at once.
 */
export interface IdentitySnapshot {
  /** `null`: the role does not exist. */
  role: RoleFacts | null;
  /** IAM's answers, each with `asked`: the (action, resource, context) it answers. */
  results: (SimulationResult & { asked?: string })[];
  computedAt: string;
}

/** The last diagnosis of a bucket, for the event path: a permission failure names its cause. */
export interface BucketDiagnosis {
  computedAt: string;
  findings: Finding[];
}

export interface DiagnosisStore {
  loadIdentity(roleArn: string, digest: string): Promise<IdentitySnapshot | undefined>;
  saveIdentity(roleArn: string, digest: string, snapshot: IdentitySnapshot): Promise<void>;
  loadDiagnosis(bucket: string): Promise<BucketDiagnosis | undefined>;
  saveDiagnosis(bucket: string, diagnosis: BucketDiagnosis): Promise<void>;
}

/** Memory only: the CLI and tests. */
export function createInMemoryDiagnosisStore(): DiagnosisStore {
  const identities = new Map<string, IdentitySnapshot>();
  const diagnoses = new Map<string, BucketDiagnosis>();
  const copy = <T>(value: T): T => structuredClone(value);
  return {
    loadIdentity: async (roleArn, digest) => {
      const found = identities.get(`${roleArn} ${digest}`);
      return found === undefined ? undefined : copy(found);
    },
    saveIdentity: async (roleArn, digest, snapshot) => {
      identities.set(`${roleArn} ${digest}`, copy(snapshot));
    },
    loadDiagnosis: async (bucket) => {
      const found = diagnoses.get(bucket);
      return found === undefined ? undefined : copy(found);
    },
    saveDiagnosis: async (bucket, diagnosis) => {
      diagnoses.set(bucket, copy(diagnosis));
    },
  };
}
