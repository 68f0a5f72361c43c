/**
 * The IAM actions each AWS SDK command needs, by package and command class. The IAM test fails on
 * a command missing here: a new AWS call cannot ship without deciding its actions (and adding the
 * statement to its function's role). Sources: the Service Authorization Reference's "actions
 * defined by" tables; where one API needs several actions, `why` says when.
 */
export interface CommandPermissions {
  readonly actions: readonly string[];
  readonly why?: string;
}

const SNS_KMS = 'the topic is encrypted with a customer managed key: SNS asks KMS for it, as the publisher';
const SECRET_KMS = 'only when a customer managed key encrypts the value (the AWS managed key needs no grant)';

export const COMMAND_ACTIONS: Readonly<Record<string, Readonly<Record<string, CommandPermissions>>>> = {
  '@aws-sdk/client-s3': {
    ListBucketsCommand: { actions: ['s3:ListAllMyBuckets'] },
    GetBucketLocationCommand: { actions: ['s3:GetBucketLocation'] },
    GetBucketReplicationCommand: { actions: ['s3:GetReplicationConfiguration'] },
    GetBucketVersioningCommand: { actions: ['s3:GetBucketVersioning'] },
    GetObjectLockConfigurationCommand: { actions: ['s3:GetBucketObjectLockConfiguration'] },
    GetBucketEncryptionCommand: { actions: ['s3:GetEncryptionConfiguration'] },
    GetBucketRequestPaymentCommand: { actions: ['s3:GetBucketRequestPayment'] },
    GetBucketOwnershipControlsCommand: { actions: ['s3:GetBucketOwnershipControls'] },
    GetBucketPolicyCommand: { actions: ['s3:GetBucketPolicy'] },
    ListObjectsV2Command: { actions: ['s3:ListBucket'] },
    HeadObjectCommand: {
      actions: ['s3:GetObject', 's3:GetObjectVersion'],
      why: 'HEAD is authorised as GET; with a VersionId as s3:GetObjectVersion',
    },
    GetObjectTaggingCommand: {
      actions: ['s3:GetObjectTagging', 's3:GetObjectVersionTagging'],
      why: 'with a VersionId as s3:GetObjectVersionTagging',
    },
    // The CLI's setup command (shared/aws/s3-setup-client.ts); no function sends these today.
    GetBucketNotificationConfigurationCommand: { actions: ['s3:GetBucketNotification'] },
    PutBucketNotificationConfigurationCommand: { actions: ['s3:PutBucketNotification'] },
    PutBucketReplicationCommand: {
      actions: ['s3:PutReplicationConfiguration', 'iam:PassRole'],
      why: 'S3 checks that the caller may pass the replication role',
    },
  },
  '@aws-sdk/client-cloudwatch': {
    GetMetricDataCommand: { actions: ['cloudwatch:GetMetricData'] },
  },
  '@aws-sdk/client-iam': {
    GetRoleCommand: { actions: ['iam:GetRole'] },
    SimulatePrincipalPolicyCommand: { actions: ['iam:SimulatePrincipalPolicy'] },
  },
  '@aws-sdk/client-kms': {
    DescribeKeyCommand: { actions: ['kms:DescribeKey'] },
    GetKeyPolicyCommand: { actions: ['kms:GetKeyPolicy'] },
  },
  '@aws-sdk/client-organizations': {
    DescribeOrganizationCommand: { actions: ['organizations:DescribeOrganization'] },
    ListParentsCommand: { actions: ['organizations:ListParents'] },
    ListAccountsCommand: { actions: ['organizations:ListAccounts'] },
    ListAccountsForParentCommand: { actions: ['organizations:ListAccountsForParent'] },
    ListOrganizationalUnitsForParentCommand: { actions: ['organizations:ListOrganizationalUnitsForParent'] },
  },
  '@aws-sdk/client-sts': {
    GetCallerIdentityCommand: { actions: [], why: 'needs no permission; IAM cannot deny it' },
    AssumeRoleCommand: { actions: ['sts:AssumeRole'] },
  },
  '@aws-sdk/lib-dynamodb': {
    GetCommand: { actions: ['dynamodb:GetItem'] },
    PutCommand: { actions: ['dynamodb:PutItem'] },
    UpdateCommand: { actions: ['dynamodb:UpdateItem'] },
    DeleteCommand: { actions: ['dynamodb:DeleteItem'] },
    QueryCommand: { actions: ['dynamodb:Query'] },
    ScanCommand: { actions: ['dynamodb:Scan'] },
    BatchGetCommand: { actions: ['dynamodb:BatchGetItem'] },
    BatchWriteCommand: { actions: ['dynamodb:BatchWriteItem'] },
  },
  '@aws-sdk/client-eventbridge': {
    PutEventsCommand: { actions: ['events:PutEvents'] },
  },
  '@aws-sdk/client-sns': {
    PublishCommand: { actions: ['sns:Publish', 'kms:GenerateDataKey', 'kms:Decrypt'], why: SNS_KMS },
  },
  '@aws-sdk/client-ssm': {
    GetParameterCommand: { actions: ['ssm:GetParameter', 'kms:Decrypt'], why: `kms:Decrypt ${SECRET_KMS}` },
  },
  '@aws-sdk/client-secrets-manager': {
    GetSecretValueCommand: {
      actions: ['secretsmanager:GetSecretValue', 'kms:Decrypt'],
      why: `kms:Decrypt ${SECRET_KMS}`,
    },
  },
};

/** The permissions of a command, or `undefined` when the table does not know it. */
export function permissionsOf(sdkPackage: string, command: string): CommandPermissions | undefined {
  return COMMAND_ACTIONS[sdkPackage]?.[command];
}

/**
 * Actions that have no resource-level permissions (or none the code could name in advance):
 * the only ones a statement may grant on `Resource: "*"`.
 */
export const NO_RESOURCE_SCOPE: Readonly<Record<string, string>> = {
  's3:listallmybuckets': 'ListBuckets (discovery) has no resource-level scope',
  'cloudwatch:getmetricdata': 'GetMetricData has no resource-level permissions',
  'organizations:describeorganization': 'DescribeOrganization has no resource-level permissions',
  'organizations:listparents':
    "the organization's root, OU and account ids are not known when the stack is built",
  'organizations:listaccounts': 'ListAccounts has no resource-level permissions',
  'organizations:listaccountsforparent': 'the roots and OUs listed are not known when the stack is built',
  'organizations:listorganizationalunitsforparent':
    'the roots and OUs listed are not known when the stack is built',
  'xray:puttracesegments': 'X-Ray has no resource-level permissions',
  'xray:puttelemetryrecords': 'X-Ray has no resource-level permissions',
};

/**
 * Actions whose narrowest resource is a pattern: a statement may grant them on an ARN with a `*`.
 * Anything else must name its resource exactly (a Ref, a GetAtt, a full ARN).
 */
const MONITORED_BUCKETS =
  'sourceBuckets, destinationBuckets: the buckets the audit may read, names or patterns (* only with allowAllBuckets)';
const MONITORED_OBJECTS =
  'sourceBuckets/*: the objects of the source buckets (none with objectSampling false)';
export const WILDCARD_ARN_SCOPES: Readonly<Record<string, string>> = {
  'logs:createlogstream': "the function's own log group, every stream (…:log-group:NAME:*)",
  'logs:putlogevents': "the function's own log group, every stream (…:log-group:NAME:*)",
  's3:getbucketlocation': MONITORED_BUCKETS,
  's3:getreplicationconfiguration': MONITORED_BUCKETS,
  's3:getbucketversioning': MONITORED_BUCKETS,
  's3:getbucketobjectlockconfiguration': MONITORED_BUCKETS,
  's3:getencryptionconfiguration': MONITORED_BUCKETS,
  's3:getbucketrequestpayment': MONITORED_BUCKETS,
  's3:getbucketownershipcontrols': MONITORED_BUCKETS,
  's3:getbucketpolicy': MONITORED_BUCKETS,
  's3:listbucket': MONITORED_BUCKETS,
  's3:getobject': MONITORED_OBJECTS,
  's3:getobjectversion': MONITORED_OBJECTS,
  's3:getobjecttagging': MONITORED_OBJECTS,
  's3:getobjectversiontagging': MONITORED_OBJECTS,
  'sts:assumerole': 'the member read role in every audited account: arn:aws:iam::*:role/<memberRoleName>',
  'iam:getrole': 'replicationRolePattern: the replication roles the diagnosis may read',
  'iam:simulateprincipalpolicy': 'replicationRolePattern: the replication roles the diagnosis may read',
  'kms:describekey': 'the replication keys, source and replica: any account and Region',
  'kms:getkeypolicy': "the replication keys of this account (KMS answers no other account's), any Region",
};

/** What only the member-account audit needs (auditAccounts): assuming the read role, listing accounts. */
export const MEMBER_ACCOUNT_ACTIONS: readonly string[] = [
  'sts:assumerole',
  'organizations:listaccounts',
  'organizations:listaccountsforparent',
  'organizations:listorganizationalunitsforparent',
];
