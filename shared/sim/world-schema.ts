import { z } from 'zod';
import { replicationConfigurationSchema } from './replication-schema.js';

/**
 * The world format of docs/world-format.md. Objects are strict wherever the contract fixes
 * the shape, so a typo (`"versionning"`) is refused with its path instead of silently ignored.
 * Shapes pasted from AWS (notifications, policies) stay open: AWS adds fields over time.
 *
 * Accepted beyond the contract: a top-level `description`, `provenance` and `expected` (a world
 * translated from a published setup says where it came from and what the audit must report);
 * per bucket `objectOwnership` and `encryption.BlockedEncryptionTypes`; per object `etag`,
 * `storageClass` and `sse: "SSE-C"`; per role `roleId`, `createDate` and `permissionsBoundaryArn`;
 * per attached policy `name`; per KMS key `description`, `creationDate` and `deletionDate`.
 */

const timestamp = z.iso.datetime({ offset: true });
const accountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id');
const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS Region such as us-east-1');
const policyDocument = z.record(z.string(), z.unknown());

export const replicationStatuses = ['PENDING', 'COMPLETED', 'FAILED', 'REPLICA'] as const;

const worldObjectSchema = z.strictObject({
  key: z.string().min(1).max(1024),
  versionId: z.string().min(1).default('null'),
  lastModified: timestamp,
  size: z.number().int().nonnegative().default(0),
  replicationStatus: z.enum(replicationStatuses).optional(),
  // SSE-C: HeadObject without the customer's key answers 400, as S3 does.
  sse: z.enum(['AES256', 'aws:kms', 'aws:kms:dsse', 'SSE-C']).default('AES256'),
  kmsKeyId: z.string().optional(),
  tags: z.record(z.string(), z.string()).default({}),
  isLatest: z.boolean().default(true),
  deleteMarker: z.boolean().default(false),
  etag: z.string().optional(),
  storageClass: z.string().default('STANDARD'),
});

const syntheticObjectsSchema = z.strictObject({
  count: z.number().int().nonnegative().max(100_000_000),
  keyPrefix: z.string().default(''),
  statusMix: z.partialRecord(z.enum(replicationStatuses), z.number().min(0).max(1)).default({ COMPLETED: 1 }),
  maxAgeMinutes: z.number().positive().default(1440),
  seed: z.number().int().default(1),
});

const bucketSchema = z.strictObject({
  name: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      'must be a valid S3 bucket name (3-63 lowercase characters)',
    ),
  region,
  account: accountId,
  versioning: z.enum(['Enabled', 'Suspended']).optional(),
  objectLock: z.boolean().default(false),
  requesterPays: z.boolean().default(false),
  encryption: z
    .strictObject({
      SSEAlgorithm: z.enum(['AES256', 'aws:kms', 'aws:kms:dsse']),
      KMSMasterKeyID: z.string().optional(),
      BucketKeyEnabled: z.boolean().optional(),
      // GetBucketEncryption's rule: the encryption types the bucket refuses (SSE-C), replicas included.
      BlockedEncryptionTypes: z
        .strictObject({ EncryptionType: z.array(z.enum(['NONE', 'SSE-C'])) })
        .optional(),
    })
    .optional(),
  // GetBucketOwnershipControls' rule; absent = no ownership controls (ObjectWriter).
  objectOwnership: z.enum(['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter']).optional(),
  policy: policyDocument.optional(),
  notifications: z.record(z.string(), z.unknown()).optional(),
  replication: replicationConfigurationSchema.optional(),
  objects: z.array(worldObjectSchema).default([]),
  syntheticObjects: syntheticObjectsSchema.optional(),
});

const roleSchema = z.strictObject({
  arn: z.string().regex(/^arn:aws:iam::\d{12}:role\/(.+\/)?[\w+=,.@-]+$/, 'must be an IAM role ARN'),
  // GetRole's RoleId (AROA…): the prefix of aws:userid in requests made with the role.
  roleId: z
    .string()
    .regex(/^AROA[A-Z0-9]{12,}$/, 'must be a role id (AROA…)')
    .optional(),
  trustPolicy: policyDocument,
  inlinePolicies: z.record(z.string(), policyDocument).default({}),
  attachedPolicies: z
    .array(
      z.strictObject({
        arn: z.string().regex(/^arn:aws:iam::(\d{12}|aws):policy\/.+$/, 'must be an IAM policy ARN'),
        name: z.string().optional(),
        document: policyDocument,
      }),
    )
    .default([]),
  permissionsBoundary: policyDocument.optional(),
  permissionsBoundaryArn: z.string().optional(),
  createDate: timestamp.optional(),
});

const kmsKeySchema = z.strictObject({
  arn: z.string().regex(/^arn:aws:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/, 'must be a KMS key ARN'),
  state: z.enum([
    'Creating',
    'Enabled',
    'Disabled',
    'PendingDeletion',
    'PendingImport',
    'PendingReplicaDeletion',
    'Unavailable',
    'Updating',
  ]),
  keyManager: z.enum(['CUSTOMER', 'AWS']).default('CUSTOMER'),
  aliases: z.array(z.string().regex(/^alias\/.+$/, 'must start with alias/')).default([]),
  policy: policyDocument.optional(),
  description: z.string().default(''),
  creationDate: timestamp.optional(),
  deletionDate: timestamp.optional(),
});

const metricSeriesSchema = z.strictObject({
  region,
  namespace: z.string().min(1).default('AWS/S3'),
  metricName: z.string().min(1),
  dimensions: z.record(z.string(), z.string()).default({}),
  values: z.array(z.number().nonnegative().nullable()),
});

/** Where a world translated from a published setup came from, so anyone can check the translation. */
const provenanceSchema = z.strictObject({
  title: z.string().min(1),
  /** A documentation page or any public address. */
  url: z.url().optional(),
  /** A public repository (`owner/name`), the file and the commit read. */
  repository: z
    .string()
    .regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/name')
    .optional(),
  path: z.string().min(1).optional(),
  commit: z
    .string()
    .regex(/^[0-9a-f]{7,40}$/, 'must be a commit hash')
    .optional(),
  /** What was carried over verbatim, what was filled in (names, accounts, Regions), what was left out. */
  translation: z.string().min(1),
});

/** What a full audit of the world must report: its findings of severity warning or critical, exactly. */
const expectedSchema = z.strictObject({
  verdict: z.enum(['healthy', 'broken']),
  findings: z
    .array(
      z.strictObject({
        code: z.string().min(1),
        severity: z.enum(['critical', 'warning']),
        action: z.string().optional(),
        resource: z.string().optional(),
        layer: z.string().optional(),
      }),
    )
    .default([]),
  /** Info findings that must be there too (e.g. a permission the monitor could not verify). */
  info: z.array(z.strictObject({ code: z.string().min(1), action: z.string().optional() })).default([]),
  /** The AWS documentation sentence the verdict rests on, quoted, with its address. */
  because: z.string().min(1),
});

/** An AWS Organization as the monitor reads it (DescribeOrganization, ListParents). */
const organizationSchema = z.strictObject({
  id: z.string().regex(/^o-[a-z0-9]{10,32}$/, 'must be an organization id (o-…)'),
  managementAccount: accountId,
  accounts: z
    .array(
      z.strictObject({
        id: accountId,
        name: z.string().optional(),
        ouPath: z
          .string()
          .regex(
            /^o-[a-z0-9]{10,32}\/r-[0-9a-z]{4,32}\/(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}\/)*$/,
            'must be an organization path (o-…/r-…/ou-…/)',
          ),
      }),
    )
    .default([]),
});

export const worldSchema = z.strictObject({
  description: z.string().optional(),
  provenance: provenanceSchema.optional(),
  expected: expectedSchema.optional(),
  organization: organizationSchema.optional(),
  /**
   * How the monitor reaches an account other than its own: `role` (the default), through the read
   * role the project deploys there (STS AssumeRole answers that account's credentials); `none`,
   * assuming it is refused, and every read of the account's buckets, keys and roles is refused.
   */
  accounts: z
    .array(z.strictObject({ id: accountId, access: z.enum(['role', 'none']).default('role') }))
    .default([]),
  now: timestamp,
  monitor: z.strictObject({ account: accountId, region }),
  buckets: z.array(bucketSchema).default([]),
  roles: z.array(roleSchema).default([]),
  kmsKeys: z.array(kmsKeySchema).default([]),
  metrics: z.array(metricSeriesSchema).default([]),
  denied: z
    .array(z.strictObject({ action: z.string().regex(/^[\w-]+:[\w*?]+$/), resource: z.string().min(1) }))
    .default([]),
});

export type World = z.output<typeof worldSchema>;
export type WorldBucket = World['buckets'][number];
export type WorldObject = WorldBucket['objects'][number];
export type SyntheticObjectsSpec = NonNullable<WorldBucket['syntheticObjects']>;
export type WorldRole = World['roles'][number];
export type WorldKmsKey = World['kmsKeys'][number];
export type WorldMetricSeries = World['metrics'][number];
export type ReplicationStatus = (typeof replicationStatuses)[number];
