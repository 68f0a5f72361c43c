import { type Finding, type SeverityOverrides, severityOf } from '../findings.js';
import { evaluatePolicy } from '../policy/evaluate.js';

export interface TrustInput {
  roleArn: string;
  trustPolicy: unknown;
  sourceBucket: string;
  /** The source bucket's account: S3 presents it as aws:SourceAccount when assuming the role. */
  sourceAccount: string;
}

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
      context: { 'aws:SourceAccount': input.sourceAccount, 'aws:SourceArn': sourceArn },
    },
    { kind: 'trust', policyName: 'trust policy' },
  );
  if (result.denies.length === 0 && result.allows.length > 0) return undefined;
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
