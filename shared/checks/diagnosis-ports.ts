import type { RoleReader } from '../aws/iam-role-reader.js';
import type { KeyReader } from '../aws/kms-key-reader.js';
import type { Clock } from '../core/clock.js';
import type { OrganizationFacts } from '../core/diagnosis/request-context.js';
import type { SeverityOverrides } from '../core/findings.js';
import type { Observed } from '../core/observed.js';
import type { DiagnosisStore } from './diagnosis-store.js';

/** What the role and KMS diagnosis reads through: IAM, KMS, bucket policies, the organization, its cache. */
export interface DiagnosisDependencies {
  roles: RoleReader;
  keys: KeyReader;
  bucketPolicy: (bucket: string, region: string) => Promise<Observed<unknown>>;
  /** The monitor's own account: key policies can be read only there. */
  callerAccount: () => Promise<Observed<string>>;
  /**
   * The organization of an account (`none`: in no organization), for aws:PrincipalOrgID and
   * aws:PrincipalOrgPaths conditions; absent or unreadable leaves those keys unknown.
   */
  organization?: (account: string) => Promise<Observed<OrganizationFacts | 'none'>>;
  store: DiagnosisStore;
  clock: Clock;
  /** How long IAM's answers are reused; default one hour. */
  identityTtlSeconds: number;
  severityOverrides: SeverityOverrides;
}
