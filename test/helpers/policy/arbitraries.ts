import fc from 'fast-check';
import type { AccessRequest, PolicyPrincipal } from '../../../shared/diagnosis/policy/index.js';
import {
  DESTINATION_ACCOUNT,
  DESTINATION_BUCKET,
  DESTINATION_KEY,
  DESTINATION_ROLE_ARN,
  OTHER_ROLE_ARN,
  ROLE_ARN,
  SESSION_ARN,
  SOURCE_ACCOUNT,
  SOURCE_BUCKET,
  SOURCE_KEY,
} from './fixtures.js';

/**
 * A small vocabulary of replication policies for the differential property.
 *
 * Left out because AWS documents a behaviour iam-simulate does not implement (each has an
 * `oracleDiffers` case in cases-*.ts): `kms:EncryptionContext:<key>` (dropped by runSimulation),
 * a set qualifier together with IfExists, policy variables under Version 2008-10-17, dates in
 * epoch seconds, and NotPrincipal naming a principal without its account (filtered in the
 * property). NotPrincipal with Allow or in a trust policy is not generated: AWS does not support it.
 *
 * Left out because the two evaluators read them differently and AWS documents neither: request
 * resources containing `*` (iam-simulate expands them as patterns; we read them literally) and
 * single IP addresses without a prefix length (iam-simulate then treats an IPv6 request as
 * matching neither IpAddress nor NotIpAddress).
 */

const ORG_PATH = 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/';
// biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, substituted by the evaluators.
const PRINCIPAL_ACCOUNT = '${aws:PrincipalAccount}';

interface KeyVocabulary {
  key: string;
  operators: string[];
  values: string[];
}

const CONDITIONS: KeyVocabulary[] = [
  {
    key: 'aws:SourceAccount',
    operators: [
      'StringEquals',
      'StringNotEquals',
      'StringLike',
      'StringNotLike',
      'StringEqualsIgnoreCase',
      'StringEqualsIfExists',
      'StringNotEqualsIfExists',
    ],
    values: [SOURCE_ACCOUNT, DESTINATION_ACCOUNT, '1111*', PRINCIPAL_ACCOUNT],
  },
  {
    key: 'aws:SourceArn',
    operators: ['ArnLike', 'ArnEquals', 'ArnNotLike', 'ArnNotEquals', 'ArnLikeIfExists', 'StringLike'],
    values: [SOURCE_BUCKET, 'arn:aws:s3:::src-*', 'arn:aws:s3:::*', DESTINATION_BUCKET],
  },
  { key: 'aws:SecureTransport', operators: ['Bool', 'BoolIfExists'], values: ['true', 'false'] },
  {
    key: 'aws:SourceIp',
    operators: ['IpAddress', 'NotIpAddress', 'IpAddressIfExists'],
    values: ['10.0.0.0/8', '192.168.1.0/24', '203.0.113.7/32', '2001:db8::/32'],
  },
  {
    key: 'aws:CurrentTime',
    operators: ['DateGreaterThan', 'DateLessThan', 'DateEquals', 'DateNotEquals', 'DateGreaterThanEquals'],
    values: ['2024-01-01T00:00:00Z', '2030-06-01T12:00:00Z'],
  },
  {
    key: 'aws:MultiFactorAuthAge',
    operators: ['NumericLessThan', 'NumericGreaterThanEquals', 'NumericEquals', 'NumericNotEquals'],
    values: ['3600', '60', '1.5'],
  },
  {
    key: 'aws:PrincipalOrgPaths',
    operators: [
      'ForAnyValue:StringLike',
      'ForAllValues:StringLike',
      'ForAnyValue:StringEquals',
      'ForAllValues:StringNotLike',
      'ForAnyValue:StringNotEquals',
    ],
    values: [`${ORG_PATH}*`, 'o-a1b2c3d4e5/*', 'o-zzzzzzzzzz/*', ORG_PATH],
  },
  {
    key: 'kms:ViaService',
    operators: ['StringEquals', 'StringLike', 'StringNotEquals'],
    values: ['s3.us-east-1.amazonaws.com', 's3.us-west-2.amazonaws.com', 's3.*.amazonaws.com'],
  },
  {
    key: 's3:x-amz-server-side-encryption',
    operators: ['StringEquals', 'StringNotEquals', 'StringLikeIfExists', 'StringNotEqualsIfExists'],
    values: ['aws:kms', 'AES256', 'aws:kms:dsse'],
  },
  { key: 'aws:SourceAccount', operators: ['Null'], values: ['true', 'false'] },
  { key: 'aws:SourceIp', operators: ['Null'], values: ['true', 'false'] },
];

const condition = fc
  .constantFrom(...CONDITIONS)
  .chain(({ key, operators, values }) =>
    fc
      .tuple(fc.constantFrom(...operators), fc.subarray(values, { minLength: 1, maxLength: 2 }))
      .map(([operator, chosen]) => ({ [operator]: { [key]: chosen.length === 1 ? chosen[0] : chosen } })),
  );

/** Two clauses with the same operator merge into one block: keys ANDed, as IAM reads them. */
const conditions = fc
  .oneof(
    { arbitrary: fc.constant([]), weight: 2 },
    { arbitrary: fc.array(condition, { minLength: 1, maxLength: 2 }), weight: 3 },
  )
  .map((blocks) => {
    const merged: Record<string, Record<string, unknown>> = {};
    for (const block of blocks) {
      for (const [operator, keys] of Object.entries(block))
        merged[operator] = { ...merged[operator], ...keys };
    }
    return merged;
  });

const stringOrArray = (values: string[]) =>
  fc
    .subarray(values, { minLength: 1, maxLength: 2 })
    .map((chosen) => (chosen.length === 1 ? chosen[0] : chosen));

export const S3_ACTION_PATTERNS = [
  '*',
  's3:*',
  's3:Replicate*',
  's3:ReplicateObject',
  's3:replicateobject',
  's3:Get*',
  's3:GetObjectVersion*',
  's3:List*',
  's3:Replicate????',
  'kms:*',
];
export const S3_RESOURCE_PATTERNS = [
  '*',
  DESTINATION_BUCKET,
  `${DESTINATION_BUCKET}/*`,
  `${DESTINATION_BUCKET}/orders/*`,
  'arn:aws:s3:::dst-*',
  'arn:aws:s3:::dst-*/*',
  'arn:aws:s3:::*/orders/2024-??-05.csv',
  `${SOURCE_BUCKET}/*`,
  `${DESTINATION_BUCKET}/\${aws:PrincipalAccount}/*`,
  `${DESTINATION_BUCKET}/orders/*.CSV`,
];
export const KMS_ACTION_PATTERNS = [
  '*',
  'kms:*',
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:GenerateDataKey*',
  'kms:Re*',
  's3:*',
];
export const KMS_RESOURCE_PATTERNS = [
  '*',
  SOURCE_KEY,
  DESTINATION_KEY,
  'arn:aws:kms:us-west-2:444455556666:key/*',
  'arn:aws:kms:*:111122223333:key/*',
  'arn:aws:kms:us-east-1:*:*',
];
const PRINCIPALS: unknown[] = [
  '*',
  { AWS: '*' },
  { AWS: SOURCE_ACCOUNT },
  { AWS: `arn:aws:iam::${DESTINATION_ACCOUNT}:root` },
  { AWS: ROLE_ARN },
  { AWS: DESTINATION_ROLE_ARN },
  { AWS: [OTHER_ROLE_ARN, DESTINATION_ACCOUNT] },
  { AWS: [ROLE_ARN, `arn:aws:iam::${SOURCE_ACCOUNT}:root`] },
  { Service: 's3.amazonaws.com' },
];
const TRUST_PRINCIPALS: unknown[] = [
  '*',
  { Service: 's3.amazonaws.com' },
  { Service: ['s3.amazonaws.com', 'batchoperations.s3.amazonaws.com'] },
  { Service: 'lambda.amazonaws.com' },
  { AWS: SOURCE_ACCOUNT },
  { AWS: ROLE_ARN },
];

interface Vocabulary {
  actions: string[];
  resources?: string[];
  principals?: unknown[];
  notPrincipal?: boolean;
}

function statement(vocabulary: Vocabulary) {
  return fc
    .record({
      effect: fc.constantFrom('Allow', 'Deny'),
      sid: fc.option(fc.constantFrom('Replication', 'DenyOthers'), { nil: undefined }),
      action: fc.tuple(fc.constantFrom('Action', 'NotAction'), stringOrArray(vocabulary.actions)),
      resource: vocabulary.resources
        ? fc.tuple(fc.constantFrom('Resource', 'NotResource'), stringOrArray(vocabulary.resources))
        : fc.constant(undefined),
      principal: vocabulary.principals
        ? fc.tuple(fc.boolean(), fc.constantFrom(...vocabulary.principals))
        : fc.constant(undefined),
      condition: conditions,
    })
    .map(({ effect, sid, action, resource, principal, condition: block }) => {
      const built: Record<string, unknown> = { Effect: effect, [action[0]]: action[1] };
      if (sid !== undefined) built.Sid = sid;
      if (resource !== undefined) built[resource[0]] = resource[1];
      if (principal !== undefined) {
        const negated = principal[0] && vocabulary.notPrincipal === true && effect === 'Deny';
        built[negated ? 'NotPrincipal' : 'Principal'] = principal[1];
      }
      if (Object.keys(block).length > 0) built.Condition = block;
      return built;
    });
}

export function policy(vocabulary: Vocabulary) {
  return fc
    .array(statement(vocabulary), { minLength: 1, maxLength: 4 })
    .map((statements) => ({ Version: '2012-10-17', Statement: statements }));
}

export const identityPolicy = policy({ actions: S3_ACTION_PATTERNS, resources: S3_RESOURCE_PATTERNS });
export const bucketPolicy = policy({
  actions: S3_ACTION_PATTERNS,
  resources: S3_RESOURCE_PATTERNS,
  principals: PRINCIPALS,
  notPrincipal: true,
});
export const keyPolicy = policy({
  actions: KMS_ACTION_PATTERNS,
  resources: KMS_RESOURCE_PATTERNS,
  principals: PRINCIPALS,
  notPrincipal: true,
});
export const trustPolicy = policy({
  actions: ['sts:AssumeRole', 'sts:*', 'sts:TagSession', '*'],
  principals: TRUST_PRINCIPALS,
});

const context = fc.record(
  {
    'aws:SourceAccount': fc.constantFrom(SOURCE_ACCOUNT, DESTINATION_ACCOUNT),
    'aws:SourceArn': fc.constantFrom(SOURCE_BUCKET, DESTINATION_BUCKET),
    'aws:SecureTransport': fc.boolean(),
    'aws:SourceIp': fc.constantFrom('10.1.2.3', '192.168.1.77', '203.0.113.7', '2001:db8::1'),
    'aws:CurrentTime': fc.constantFrom(
      '2025-03-01T10:00:00Z',
      '2023-05-05T00:00:00Z',
      '2024-01-01T00:00:00Z',
    ),
    'aws:MultiFactorAuthAge': fc.constantFrom('30', '7200', '1.5', '60'),
    'aws:PrincipalOrgPaths': fc.subarray([ORG_PATH, 'o-zzzzzzzzzz/r-1/']),
    'aws:PrincipalAccount': fc.constantFrom(SOURCE_ACCOUNT, DESTINATION_ACCOUNT),
    'kms:ViaService': fc.constantFrom('s3.us-east-1.amazonaws.com', 's3.us-west-2.amazonaws.com'),
    's3:x-amz-server-side-encryption': fc.constantFrom('aws:kms', 'AES256'),
  },
  { requiredKeys: [] },
);

const rolePrincipal = fc.constantFrom<PolicyPrincipal>(
  { kind: 'AWS', arn: ROLE_ARN },
  { kind: 'AWS', arn: OTHER_ROLE_ARN },
  { kind: 'AWS', arn: SESSION_ARN },
  { kind: 'AWS', arn: DESTINATION_ROLE_ARN },
);

const OBJECT_ACTIONS = [
  's3:ReplicateObject',
  's3:ReplicateDelete',
  's3:ReplicateTags',
  's3:GetObjectVersionForReplication',
];
const OBJECTS = [
  `${DESTINATION_BUCKET}/orders/2024-01-05.csv`,
  `${DESTINATION_BUCKET}/Orders/a.csv`,
  `${DESTINATION_BUCKET}/111122223333/data.bin`,
  `${SOURCE_BUCKET}/orders/2024-01-05.csv`,
];
const s3Target = fc.oneof(
  fc.tuple(fc.constantFrom(...OBJECT_ACTIONS), fc.constantFrom(...OBJECTS)),
  fc.tuple(
    fc.constantFrom('s3:ListBucket', 's3:GetReplicationConfiguration'),
    fc.constantFrom(DESTINATION_BUCKET, SOURCE_BUCKET),
  ),
);
const kmsTarget = fc.tuple(
  fc.constantFrom('kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'),
  fc.constantFrom(SOURCE_KEY, DESTINATION_KEY),
);

export const s3Request = fc.record({ principal: rolePrincipal, target: s3Target, context }).map(
  ({ principal, target: [action, resource], context: values }): AccessRequest => ({
    principal,
    action,
    resource,
    context: values,
  }),
);
export const kmsRequest = fc.record({ principal: rolePrincipal, target: kmsTarget, context }).map(
  ({ principal, target: [action, resource], context: values }): AccessRequest => ({
    principal,
    action,
    resource,
    context: values,
  }),
);
export const trustRequest = fc
  .record({ service: fc.constantFrom('s3.amazonaws.com', 'batchoperations.s3.amazonaws.com'), context })
  .map(
    ({ service, context: values }): AccessRequest => ({
      principal: { kind: 'Service', name: service },
      action: 'sts:AssumeRole',
      resource: ROLE_ARN,
      context: values,
    }),
  );
