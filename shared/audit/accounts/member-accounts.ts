import type { DiagnosisDependencies } from '../../diagnosis/diagnose-replication.js';
import type { Observed } from '../../model/observed.js';
import { matchesPattern } from '../../model/patterns.js';
import type { S3BucketReader } from '../bucket-reader.js';
import type { MetricsReader } from '../metrics/check-replication-metrics.js';
import type { ObjectReader } from '../sampling/object-reader.js';

/**
 * The accounts an organization-wide audit covers, and how it reaches them. Ports beside the use
 * case that needs them (the organization-wide audit); adapters in shared/aws.
 */

/** An account as AWS Organizations lists it. */
export interface MemberAccount {
  id: string;
  name: string;
}

/** Lists the organization's active accounts: all of them, or those under some roots or OUs. */
export interface OrganizationAccounts {
  list(parents: readonly string[]): Promise<Observed<MemberAccount[]>>;
}

/** Which accounts to audit: ids or names, with `*` wildcards (as the bucket filters). */
export interface AccountFilter {
  include: readonly string[];
  exclude: readonly string[];
}

/**
 * The accounts an organization listing leaves to audit: those an include pattern matches (every
 * account when there is none) and no exclude pattern does, each once, in id order. A pattern
 * matches the account's id or its name.
 */
export function selectAccounts(listed: readonly MemberAccount[], filter: AccountFilter): MemberAccount[] {
  const matches = (account: MemberAccount, patterns: readonly string[]) =>
    patterns.some((pattern) => matchesPattern(account.id, pattern) || matchesPattern(account.name, pattern));
  const chosen = new Map<string, MemberAccount>();
  for (const account of listed) {
    if (filter.include.length > 0 && !matches(account, filter.include)) continue;
    if (matches(account, filter.exclude)) continue;
    chosen.set(account.id, account);
  }
  return [...chosen.values()].sort((left, right) => left.id.localeCompare(right.id));
}

/**
 * Reaching a member account through its read role: once per account and process, refreshed as
 * the credentials near their end. A refusal is the account's MONITOR_ACCESS_DENIED, naming the
 * role; the other accounts go on.
 */
export interface MemberAccess {
  /** The read role's ARN in `account`. */
  roleArn(account: string): string;
  reach(account: string): Promise<Observed<void>>;
}

/**
 * What an audit of the member accounts needs beyond the monitor's own account: which accounts,
 * how to reach them, and the readers that read each of them with its own credentials (the read
 * role). The state table, the diagnosis cache and the incidents stay the monitor's.
 */
export interface MemberAudits {
  /** The accounts to audit besides the monitor's own (listed, or discovered in the organization). */
  accounts(): Promise<Observed<string[]>>;
  access: MemberAccess;
  readersFor(account: string): MemberReaders;
}

/** The parts of AuditDependencies that read an account (everything but the shared state). */
export interface MemberReaders {
  bucketReader: S3BucketReader;
  objectReader: ObjectReader;
  metricsReader: MetricsReader;
  diagnosis?: Omit<DiagnosisDependencies, 'clock' | 'severityOverrides'>;
}
