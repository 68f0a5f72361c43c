import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { type MemberAudits, type MemberReaders, selectAccounts } from '../audit/accounts/member-accounts.js';
import { createAssumedRoleCredentials } from '../aws/assumed-role-credentials.js';
import { createCallerAccount } from '../aws/caller-account.js';
import { createCloudWatchMetricsReader } from '../aws/cloudwatch-metrics-reader.js';
import { createIamRoleReader } from '../aws/iam-role-reader.js';
import { createKmsKeyReader } from '../aws/kms-key-reader.js';
import { createOrganizationAccounts } from '../aws/organization-accounts.js';
import { createOrganizationReader } from '../aws/organizations-reader.js';
import { createS3BucketReader, memoizedBucketReader } from '../aws/s3-bucket-reader.js';
import { createS3ObjectReader } from '../aws/s3-object-reader.js';
import type { MonitorConfig } from '../config/config.js';
import type { DiagnosisStore } from '../diagnosis/diagnosis-store.js';
import { observed } from '../model/observed.js';
import type { ClientPool, cutOffAt } from './clients.js';

type Cut = <T extends Parameters<typeof cutOffAt>[0]>(client: T) => T;

export interface ReaderInput {
  config: MonitorConfig;
  clients: ClientPool;
  /** `reads` gives up at the audit's deadline, `sampling` at sampling's own, earlier one. */
  cut: { reads: Cut; sampling: Cut };
  homeRegion: string;
  diagnosisStore: DiagnosisStore;
}

/** The session name the member accounts' CloudTrail shows for the monitor's reads. */
export const MONITOR_SESSION_NAME = 's3-replication-monitor';

/** The audit's readers of one account, over the pool of clients that reach it. */
export function readersOver(input: ReaderInput): MemberReaders {
  const { clients, cut, config, homeRegion } = input;
  const rawS3 = (service: 's3' | 's3-objects', region: string) =>
    clients.get(service, region, (settings) => new S3Client({ ...settings, followRegionRedirects: true }));
  // Sampling has a client of its own: S3 throttles per prefix, and the adaptive retry mode slows a
  // client down for every bucket after a SlowDown (to 0.5 requests/s), so a throttled sweep must
  // not starve the configuration reads and the diagnosis.
  const s3 = (region: string) => cut.reads(rawS3('s3', region));
  const samplingS3 = (region: string) => cut.sampling(rawS3('s3-objects', region));
  const cloudWatch = (region: string) =>
    cut.reads(clients.get('cloudwatch', region, (settings) => new CloudWatchClient(settings)));
  // One audit reads each bucket's configuration once, however many sources share a destination.
  const bucketReader = memoizedBucketReader(createS3BucketReader(s3));
  // IAM and STS are global services: one client, in the monitor's home Region.
  const iam = cut.reads(clients.get('iam', homeRegion, (settings) => new IAMClient(settings)));
  const sts = cut.reads(clients.get('sts', homeRegion, (settings) => new STSClient(settings)));
  // Organizations is global too; its endpoint is in us-east-1 whatever the home Region.
  const organizations = cut.reads(
    clients.get('organizations', 'us-east-1', (settings) => new OrganizationsClient(settings)),
  );
  const callerAccount = createCallerAccount(sts);
  return {
    diagnosis: {
      roles: createIamRoleReader(iam),
      keys: createKmsKeyReader((region) =>
        cut.reads(clients.get('kms', region, (settings) => new KMSClient(settings))),
      ),
      bucketPolicy: bucketReader.policy,
      callerAccount,
      organization: createOrganizationReader(organizations, callerAccount),
      store: input.diagnosisStore,
      identityTtlSeconds: config.audit.diagnosisTtlSeconds,
    },
    bucketReader,
    objectReader: createS3ObjectReader(samplingS3),
    metricsReader: createCloudWatchMetricsReader(cloudWatch),
  };
}

/**
 * The member accounts (AUDIT_ACCOUNTS): ids, and with `organization` the accounts AWS
 * Organizations lists (under AUDIT_ORGANIZATION_UNITS, chosen by AUDIT_ACCOUNT_INCLUDE /
 * EXCLUDE), less the monitor's own. Each is reached through its read role (MEMBER_ROLE_NAME),
 * assumed with the monitor's own credentials; its readers use clients of their own, signed with
 * that role's credentials.
 */
export function memberAudits(input: ReaderInput): MemberAudits {
  const { clients, config, homeRegion } = input;
  const sts = input.cut.reads(clients.get('sts', homeRegion, (settings) => new STSClient(settings)));
  const organizations = input.cut.reads(
    clients.get('organizations', 'us-east-1', (settings) => new OrganizationsClient(settings)),
  );
  const audit = config.audit;
  const access = createAssumedRoleCredentials(sts, {
    roleName: audit.memberRoleName,
    sessionName: MONITOR_SESSION_NAME,
    ...(audit.memberRoleExternalId === undefined ? {} : { externalId: audit.memberRoleExternalId }),
  });
  const callerAccount = createCallerAccount(sts);
  return {
    access,
    async accounts() {
      const own = await callerAccount();
      if (!own.ok) return own;
      const listedIds = audit.accounts.filter((account) => account !== 'organization');
      let discovered: string[] = [];
      if (audit.accounts.includes('organization')) {
        const listed = await createOrganizationAccounts(organizations).list(audit.organizationUnits);
        if (!listed.ok) return listed;
        discovered = selectAccounts(listed.value, {
          include: audit.accountInclude,
          exclude: audit.accountExclude,
        }).map((account) => account.id);
      }
      const chosen = new Set([...listedIds, ...discovered]);
      chosen.delete(own.value);
      return observed([...chosen].sort());
    },
    readersFor(account) {
      return readersOver({ ...input, clients: memberPool(clients, account, access.provider(account)) });
    },
  };
}

/** The pool's clients for a member account: their own instances, signed with its credentials. */
function memberPool(pool: ClientPool, account: string, credentials: () => Promise<object>): ClientPool {
  return {
    get: (service, region, make) =>
      pool.get(`${service}@${account}`, region, (settings) =>
        make({ ...settings, credentials } as unknown as typeof settings),
      ),
  };
}
