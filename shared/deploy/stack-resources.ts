// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} are CloudFormation Fn::Sub placeholders, not template ones.
import { DEFAULT_MEMBER_ROLE_NAME } from '../config/config.js';
import type { Problem } from '../model/errors.js';
import { SEVERITIES } from '../model/findings.js';

/**
 * What serverless.yml reads from the parameters through the `${monitor:…}` variables
 * (shared/deploy/monitor-parameters.mjs): IAM resources built from the bucket and role lists,
 * the Slack webhook's ARN in each accepted form, the severity lists of subscription filters.
 */
export interface StackValues {
  /** Source buckets: replication configuration, listing, and (sampling on) their objects. */
  sourceBucketArns: Json[];
  /** Sources and destinations: the bucket settings the audit compares. */
  bucketArns: Json[];
  sourceObjectArns: Json[];
  /** The audit's object reads (HeadObject, GetObjectTagging), or AWS::NoValue with sampling off. */
  objectReadStatement: Json;
  /** SAMPLE_MAX_OBJECTS: `0` with sampling off, else sampleMaxObjects (empty: the default). */
  sampleMaxObjects: string;
  /**
   * AUDIT_INCLUDE: auditInclude when given; else, when the audit discovers its buckets (no
   * auditBuckets) and the sources are not `*`, the sources themselves: discovery then never asks
   * for the replication configuration of a bucket the role may not read (which would be a
   * MONITOR_ACCESS_DENIED finding for every other bucket of the account).
   */
  auditInclude: string;
  /** The audit's sts:AssumeRole of the member read role, with AUDIT_ACCOUNTS; else AWS::NoValue. */
  memberRoleStatement: Json;
  /** Organizations' account listings, with AUDIT_ACCOUNTS=organization; else AWS::NoValue. */
  organizationListingStatement: Json;
  replicationRoleArns: Json[];
  slackParameterArn: Json;
  slackSecretArn: Json;
  slackKeyArn: Json;
  emailSeverities: string[];
  slackSeverities: string[];
}

type Json = unknown;

/** Parameter values as serverless resolved them, as text (`10`, `true`, `` for unset). */
export type Parameters = Readonly<Record<string, string>>;

const sub = (text: string): Json => ({ 'Fn::Sub': text });
const ACCOUNT_PREFIX = 'arn:${AWS::Partition}';
const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
const everything = (item: string) => /^\*+$/.test(item);

/** The source and destination lists (monitoredBucketPattern: the earlier name of both). */
export function bucketLists(parameters: Parameters): {
  sources: string[];
  destinations: string[];
  problems: Problem[];
} {
  const legacy = list(parameters.monitoredBucketPattern);
  let sources = list(parameters.sourceBuckets);
  let destinations = list(parameters.destinationBuckets);
  const problems: Problem[] = [];
  if (legacy.length > 0) {
    if (sources.length > 0 || destinations.length > 0) {
      problems.push({
        path: 'monitoredBucketPattern',
        message: 'is the earlier name of sourceBuckets and destinationBuckets: set those only',
      });
    }
    sources = legacy;
    destinations = legacy;
  }
  if (sources.length === 0) {
    problems.push({
      path: 'sourceBuckets',
      message:
        'is empty: list the source buckets the audit may read, comma-separated names or * patterns (e.g. acme-data,acme-logs-*), or sourceBuckets=* with allowAllBuckets=true',
    });
  }
  const named = [
    ...sources.map((b) => ['sourceBuckets', b]),
    ...destinations.map((b) => ['destinationBuckets', b]),
  ];
  for (const [parameter = '', bucket = ''] of named) {
    if (everything(bucket) && parameters.allowAllBuckets !== 'true') {
      problems.push({
        path: parameter,
        message: `"${bucket}" would let the audit read every bucket of the account (and, with object sampling, every object): list the buckets, or set allowAllBuckets=true to mean it`,
      });
    } else if (!/^[a-z0-9*?][a-z0-9.*?-]{0,62}$/.test(bucket)) {
      problems.push({
        path: parameter,
        message: `"${bucket}" is not a bucket name or pattern (lowercase letters, digits, dots, hyphens, * and ?)`,
      });
    }
  }
  return { sources, destinations, problems };
}

/** The role list: names with their path, or patterns (`service-role/s3-replication-*`). */
export function roleProblems(parameters: Parameters): Problem[] {
  return list(parameters.replicationRolePattern)
    .filter((role) => !/^[\w+=,.@/*?-]{1,512}$/.test(role))
    .map((role) => ({ path: 'replicationRolePattern', message: `"${role}" is not a role name or pattern` }));
}

/** The resources and lists serverless.yml reads; call once parameterProblems found nothing. */
export function stackValues(parameters: Parameters): StackValues {
  const { sources, destinations } = bucketLists(parameters);
  const all = sources.some(everything) ? ['*'] : sources;
  const readsBuckets = all[0] === '*' ? ['*'] : [...new Set([...sources, ...destinations])];
  const bucketArn = (bucket: string) => sub(`${ACCOUNT_PREFIX}:s3:::${bucket}`);
  const sampling = parameters.objectSampling !== 'false' && parameters.sampleMaxObjects !== '0';
  const sourceObjectArns = all.map((bucket) => sub(`${ACCOUNT_PREFIX}:s3:::${bucket}/*`));
  return {
    sourceBucketArns: all.map(bucketArn),
    bucketArns: readsBuckets.map(bucketArn),
    sourceObjectArns,
    objectReadStatement: sampling
      ? {
          Effect: 'Allow',
          Action: [
            's3:GetObject',
            's3:GetObjectVersion',
            's3:GetObjectTagging',
            's3:GetObjectVersionTagging',
          ],
          Resource: sourceObjectArns,
        }
      : { Ref: 'AWS::NoValue' },
    sampleMaxObjects: sampling ? (parameters.sampleMaxObjects ?? '') : '0',
    memberRoleStatement:
      list(parameters.auditAccounts).length === 0
        ? { Ref: 'AWS::NoValue' }
        : {
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Resource: sub(
              `${ACCOUNT_PREFIX}:iam::*:role/${parameters.memberRoleName || DEFAULT_MEMBER_ROLE_NAME}`,
            ),
          },
    organizationListingStatement: list(parameters.auditAccounts).includes('organization')
      ? {
          Effect: 'Allow',
          Action: [
            'organizations:ListAccounts',
            'organizations:ListAccountsForParent',
            'organizations:ListOrganizationalUnitsForParent',
          ],
          Resource: '*',
        }
      : { Ref: 'AWS::NoValue' },
    auditInclude:
      parameters.auditInclude || (parameters.auditBuckets || all[0] === '*' ? '' : sources.join(',')),
    replicationRoleArns: (list(parameters.replicationRolePattern).length > 0
      ? list(parameters.replicationRolePattern)
      : ['*']
    ).map((role) => sub(`${ACCOUNT_PREFIX}:iam::\${AWS::AccountId}:role/${role}`)),
    slackParameterArn: slackParameterArn(parameters.slackWebhookParameter ?? ''),
    slackSecretArn: slackSecretArn(parameters.slackWebhookSecretArn ?? ''),
    // Empty only where the statement's condition (HasSlackWebhookKey) is false: still an ARN.
    slackKeyArn:
      parameters.slackWebhookKeyArn ||
      sub(`${ACCOUNT_PREFIX}:kms:\${AWS::Region}:\${AWS::AccountId}:key/none`),
    emailSeverities: severitiesAtLeast(parameters.emailMinSeverity),
    slackSeverities: severitiesAtLeast(parameters.slackMinSeverity),
  };
}

/**
 * An SSM parameter's ARN from its name (`slack-webhook`, `/slack/webhook`) or its ARN. A name
 * without a leading slash takes one in the ARN; empty (no parameter: the statement's condition is
 * false) still builds an ARN, so the template stays valid.
 */
export function slackParameterArn(parameter: string): Json {
  if (parameter.startsWith('arn:')) return parameter;
  const path = parameter.startsWith('/') ? parameter : `/${parameter}`;
  return sub(`${ACCOUNT_PREFIX}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter${path}`);
}

/**
 * A secret's ARN as IAM matches it: a complete ARN ends with `-` and Secrets Manager's six
 * random characters; a partial ARN (the secret's name only) matches them with `-??????`.
 * A name that itself ends with a hyphen and six letters or digits reads as complete: AWS
 * documents the same ambiguity, and advises against such names.
 */
export function slackSecretArn(secret: string): Json {
  if (secret === '')
    return sub(`${ACCOUNT_PREFIX}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:none`);
  return /-[A-Za-z0-9]{6}$/.test(secret) ? secret : `${secret}-??????`;
}

function severitiesAtLeast(minimum: string | undefined): string[] {
  const index = SEVERITIES.indexOf((minimum ?? 'warning') as (typeof SEVERITIES)[number]);
  return SEVERITIES.slice(0, index < 0 ? 2 : index + 1);
}
