import { type Finding, type SeverityOverrides, severityOf } from '../model/findings.js';
import { evaluatePolicy } from './policy/evaluate.js';
import type { StatementMatch } from './policy/types.js';

export interface TrustInput {
  roleArn: string;
  trustPolicy: unknown;
  sourceBucket: string;
  /** The source bucket's account: S3 presents it as aws:SourceAccount when assuming the role. */
  sourceAccount: string;
  /** The source account's organization: aws:SourceOrgID (`none`: absent; undefined: unknown). */
  organization?: { id: string; path?: string } | 'none';
}

const SOURCE_ORG_KEYS = ['aws:SourceOrgID', 'aws:SourceOrgPaths'];

/**
 * Whether S3 may assume the replication role for this bucket. S3 calls sts:AssumeRole as the
 * service principal s3.amazonaws.com with aws:SourceAccount and aws:SourceArn (the bucket), so
 * trust policies that restrict those (as AWS recommends) are evaluated with the real values.
 */
export function checkTrust(input: TrustInput, overrides: SeverityOverrides = {}): Finding | undefined {
  const sourceArn = `arn:aws:s3:::${input.sourceBucket}`;
  const result = evaluatePolicy(
    input.trustPolicy,
    {
      principal: { kind: 'Service', name: 's3.amazonaws.com' },
      action: 'sts:AssumeRole',
      resource: input.roleArn,
      // What an AWS service presents when it assumes a role for a resource of yours; every other
      // key is unknown (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
      context: {
        'aws:SourceAccount': input.sourceAccount,
        'aws:SourceArn': sourceArn,
        'aws:PrincipalServiceName': 's3.amazonaws.com',
        'aws:PrincipalIsAWSService': true,
        ...organizationContext(input.organization),
      },
      missingKeys: 'unknown',
      absentKeys: input.organization === 'none' ? SOURCE_ORG_KEYS : [],
    },
    { kind: 'trust', policyName: 'trust policy' },
  );
  if (result.denies.length === 0 && result.allows.length > 0) {
    if (!result.undecided.some((match) => match.effect === 'Deny')) return undefined;
    return notVerified(input, result.undecided, overrides);
  }
  if (result.denies.length === 0 && result.undecided.some((match) => match.effect === 'Allow'))
    return notVerified(input, result.undecided, overrides);
  const decision = result.denies.length > 0 ? 'explicitDeny' : 'implicitDeny';
  const statement = {
    Effect: 'Allow',
    Principal: { Service: 's3.amazonaws.com' },
    Action: 'sts:AssumeRole',
    Condition: {
      StringEquals: { 'aws:SourceAccount': input.sourceAccount },
      ArnLike: { 'aws:SourceArn': sourceArn },
    },
  };
  return {
    code: 'ROLE_TRUST_MISSING',
    severity: severityOf('ROLE_TRUST_MISSING', overrides),
    sourceBucket: input.sourceBucket,
    principal: input.roleArn,
    action: 'sts:AssumeRole',
    resource: input.roleArn,
    layer: 'trust-policy',
    decision,
    message: `The trust policy of ${input.roleArn} does not let s3.amazonaws.com assume it for ${sourceArn}${decision === 'explicitDeny' ? ' (a Deny statement matches)' : ''}, so S3 cannot replicate anything from ${input.sourceBucket}.`,
    remediation: `Add this statement to the role's trust policy (aws iam update-assume-role-policy --role-name ${input.roleArn.slice(input.roleArn.lastIndexOf('/') + 1)} --policy-document file://trust.json, keeping its other statements): ${JSON.stringify(statement)}`,
    evidence: {
      trustPolicy: input.trustPolicy,
      ...(result.denies.length > 0 ? { matchedStatements: result.denies } : {}),
      ...(result.problems.length > 0 ? { problems: result.problems } : {}),
    },
  };
}

function organizationContext(organization: TrustInput['organization']): Record<string, string | string[]> {
  if (organization === undefined || organization === 'none') return {};
  return {
    'aws:SourceOrgID': organization.id,
    ...(organization.path === undefined ? {} : { 'aws:SourceOrgPaths': [organization.path] }),
  };
}

/** A trust policy that lets S3 in or not depending on keys the monitor does not know. */
function notVerified(
  input: TrustInput,
  undecided: readonly StatementMatch[],
  overrides: SeverityOverrides,
): Finding {
  const keys = [...new Set(undecided.flatMap((match) => match.unknownKeys ?? []))];
  return {
    code: 'PERMISSION_NOT_VERIFIED',
    severity: severityOf('PERMISSION_NOT_VERIFIED', overrides),
    sourceBucket: input.sourceBucket,
    principal: input.roleArn,
    action: 'sts:AssumeRole',
    resource: input.roleArn,
    layer: 'trust-policy',
    message: `Whether s3.amazonaws.com may assume ${input.roleArn} for ${input.sourceBucket} could not be verified: its trust policy conditions on ${keys.join(', ')}, which the monitor does not know for the requests S3 makes. If it may not, S3 replicates nothing from ${input.sourceBucket}.`,
    remediation: `Condition the trust statement on aws:SourceAccount and aws:SourceArn (the source bucket), which S3 presents and the monitor can check; or let the monitor read the organization (organizations:DescribeOrganization) when it conditions on aws:SourceOrgID.`,
    evidence: { trustPolicy: input.trustPolicy, unknownKeys: keys },
  };
}
