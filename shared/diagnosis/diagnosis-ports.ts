import type { Clock } from '../model/clock.js';
import type { SeverityOverrides } from '../model/findings.js';
import type { Observed } from '../model/observed.js';
import type { DiagnosisStore } from './diagnosis-store.js';
import type { KeyReader } from './key-reader.js';
import type { OrganizationFacts } from './request-context.js';
import type { RoleReader } from './role-reader.js';

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
