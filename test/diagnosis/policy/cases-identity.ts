import {
  DESTINATION_BUCKET,
  replicationRolePolicy,
  roleRequest,
  SESSION_ARN,
  SOURCE_ACCOUNT,
  SOURCE_BUCKET,
  SOURCE_KEY,
} from '../../helpers/policy/fixtures.js';
import { type DifferentialCase, OBJECT, policyOf, SOURCE_OBJECT } from './differential-cases.js';

// biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template placeholder.
const ACCOUNT_VARIABLE = '${aws:SourceAccount}';

/** The role's own permissions policy, evaluated alone. */
export const IDENTITY_CASES: DifferentialCase[] = [
  {
    name: 'the RPERM role policy allows ReplicateObject on destination objects',
    kind: 'identity',
    policy: replicationRolePolicy,
    request: roleRequest('s3:ReplicateObject', OBJECT),
    expected: 'allowed',
  },
  {
    name: 's3:Replicate* covers ReplicateTags',
    kind: 'identity',
    policy: replicationRolePolicy,
    request: roleRequest('s3:ReplicateTags', OBJECT),
    expected: 'allowed',
  },
  {
    name: 'the role policy does not allow ObjectOwnerOverrideToBucketOwner',
    kind: 'identity',
    policy: replicationRolePolicy,
    request: roleRequest('s3:ObjectOwnerOverrideToBucketOwner', OBJECT),
    expected: 'implicitDeny',
  },
  {
    name: 'GetObjectVersionForReplication is allowed on source objects only',
    kind: 'identity',
    policy: replicationRolePolicy,
    request: roleRequest('s3:GetObjectVersionForReplication', OBJECT),
    expected: 'implicitDeny',
  },
  {
    name: 'ListBucket is allowed on the source bucket',
    kind: 'identity',
    policy: replicationRolePolicy,
    request: roleRequest('s3:ListBucket', SOURCE_BUCKET),
    expected: 'allowed',
  },
  {
    name: 'an assumed-role session is evaluated like its role',
    kind: 'identity',
    policy: replicationRolePolicy,
    request: {
      ...roleRequest('s3:GetObjectVersionTagging', SOURCE_OBJECT),
      principal: { kind: 'AWS', arn: SESSION_ARN },
    },
    expected: 'allowed',
  },
  {
    name: 'a wildcard bucket name in Resource matches',
    kind: 'identity',
    policy: policyOf([
      { Effect: 'Allow', Action: 's3:ReplicateObject', Resource: 'arn:aws:s3:::dst-*/orders/2024-??-*' },
    ]),
    request: roleRequest('s3:ReplicateObject', OBJECT),
    expected: 'allowed',
  },
  {
    name: 'Resource ARNs are case-sensitive',
    kind: 'identity',
    policy: policyOf([
      { Effect: 'Allow', Action: 's3:ReplicateObject', Resource: 'arn:aws:s3:::dst-bucket/Orders/*' },
    ]),
    request: roleRequest('s3:ReplicateObject', OBJECT),
    expected: 'implicitDeny',
  },
  {
    name: 'a Deny with NotAction denies everything except the named actions',
    kind: 'identity',
    policy: policyOf([
      { Effect: 'Allow', Action: 's3:*', Resource: '*' },
      { Effect: 'Deny', NotAction: ['s3:Get*', 's3:List*'], Resource: `${SOURCE_BUCKET}/*` },
    ]),
    request: roleRequest('s3:ReplicateObject', SOURCE_OBJECT),
    expected: 'explicitDeny',
  },
  {
    name: 'StringLikeIfExists on the encryption header passes when the header is absent',
    kind: 'identity',
    policy: policyOf([
      {
        Effect: 'Allow',
        Action: 's3:ReplicateObject',
        Resource: `${DESTINATION_BUCKET}/*`,
        Condition: {
          StringLikeIfExists: { 's3:x-amz-server-side-encryption': ['aws:kms', 'AES256', 'aws:kms:dsse'] },
        },
      },
    ]),
    request: roleRequest('s3:ReplicateObject', OBJECT),
    expected: 'allowed',
  },
  {
    name: 'StringLikeIfExists on the encryption header fails for another algorithm',
    kind: 'identity',
    policy: policyOf([
      {
        Effect: 'Allow',
        Action: 's3:ReplicateObject',
        Resource: `${DESTINATION_BUCKET}/*`,
        Condition: { StringLikeIfExists: { 's3:x-amz-server-side-encryption': ['aws:kms', 'aws:kms:dsse'] } },
      },
    ]),
    request: roleRequest('s3:ReplicateObject', OBJECT, { 's3:x-amz-server-side-encryption': 'AES256' }),
    expected: 'implicitDeny',
  },
  {
    name: 'ForAnyValue with IfExists holds when the key is absent (documented by AWS)',
    kind: 'identity',
    policy: policyOf([
      {
        Effect: 'Allow',
        Action: 's3:ReplicateObject',
        Resource: `${DESTINATION_BUCKET}/*`,
        Condition: { 'ForAnyValue:StringLikeIfExists': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/*' } },
      },
    ]),
    request: roleRequest('s3:ReplicateObject', OBJECT),
    expected: 'allowed',
    oracleDiffers: {
      decision: 'implicitDeny',
      why: 'iam-simulate ignores IfExists once a set qualifier is present; AWS documents that with ...IfExists a missing key makes the condition true (reference_policies_elements_condition_operators.html#Conditions_IfExists)',
    },
  },
  {
    name: 'kms:ViaService for the wrong Region fails on the role policy',
    kind: 'identity',
    policy: policyOf([
      {
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: SOURCE_KEY,
        Condition: { StringLike: { 'kms:ViaService': 's3.us-west-2.amazonaws.com' } },
      },
    ]),
    request: roleRequest('kms:Decrypt', SOURCE_KEY, { 'kms:ViaService': 's3.us-east-1.amazonaws.com' }),
    resourceKind: 'kms',
    expected: 'implicitDeny',
  },
  {
    name: 'under Version 2008-10-17 a policy variable is literal text (documented by AWS)',
    kind: 'identity',
    policy: () => ({
      Version: '2008-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 's3:ReplicateObject',
          Resource: `${DESTINATION_BUCKET}/${ACCOUNT_VARIABLE}/*`,
        },
      ],
    }),
    request: roleRequest('s3:ReplicateObject', `${DESTINATION_BUCKET}/${SOURCE_ACCOUNT}/a.csv`, {
      'aws:SourceAccount': SOURCE_ACCOUNT,
    }),
    expected: 'implicitDeny',
    oracleDiffers: {
      decision: 'allowed',
      why: 'iam-simulate substitutes variables whatever the Version; AWS documents that under 2008-10-17 they are literal strings (reference_policies_elements_version.html)',
    },
  },
  {
    name: 'a date condition given in epoch seconds compares with an ISO 8601 context value (documented by AWS)',
    kind: 'identity',
    policy: policyOf([
      {
        Effect: 'Allow',
        Action: 's3:ReplicateObject',
        Resource: '*',
        Condition: { DateLessThan: { 'aws:CurrentTime': '1704067200' } },
      },
    ]),
    request: roleRequest('s3:ReplicateObject', OBJECT, { 'aws:CurrentTime': '2023-01-01T00:00:00Z' }),
    expected: 'allowed',
    oracleDiffers: {
      decision: 'implicitDeny',
      why: 'iam-simulate compares epoch seconds with milliseconds; AWS documents date values as ISO 8601 or epoch (UNIX) time (reference_policies_elements_condition_operators.html#Conditions_Date)',
    },
  },
];
