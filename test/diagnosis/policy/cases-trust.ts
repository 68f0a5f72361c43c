import {
  DESTINATION_ACCOUNT,
  DESTINATION_BUCKET,
  guardedTrustPolicy,
  replicationTrustPolicy,
  SOURCE_ACCOUNT,
  SOURCE_BUCKET,
  s3ServiceRequest,
} from '../../helpers/policy/fixtures.js';
import type { DifferentialCase } from './differential-cases.js';

/** Trust policies: S3 assuming the replication role. */
export const TRUST_CASES: DifferentialCase[] = [
  {
    name: 'the AWS replication trust policy lets S3 assume the role',
    kind: 'trust',
    policy: replicationTrustPolicy,
    request: s3ServiceRequest(),
    expected: 'allowed',
  },
  {
    name: 'the replication trust policy does not cover Batch Operations',
    kind: 'trust',
    policy: replicationTrustPolicy,
    request: {
      ...s3ServiceRequest(),
      principal: { kind: 'Service', name: 'batchoperations.s3.amazonaws.com' },
    },
    expected: 'implicitDeny',
  },
  {
    name: 'a trust policy for another service does not let S3 in',
    kind: 'trust',
    policy: () => ({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    }),
    request: s3ServiceRequest(),
    expected: 'implicitDeny',
  },
  {
    name: 'aws:SourceAccount and aws:SourceArn guards pass for the source bucket',
    kind: 'trust',
    policy: guardedTrustPolicy,
    request: s3ServiceRequest({ 'aws:SourceAccount': SOURCE_ACCOUNT, 'aws:SourceArn': SOURCE_BUCKET }),
    expected: 'allowed',
  },
  {
    name: 'aws:SourceAccount of another account fails the guard',
    kind: 'trust',
    policy: guardedTrustPolicy,
    request: s3ServiceRequest({ 'aws:SourceAccount': DESTINATION_ACCOUNT, 'aws:SourceArn': SOURCE_BUCKET }),
    expected: 'implicitDeny',
  },
  {
    name: 'an aws:SourceArn outside src-* fails the guard',
    kind: 'trust',
    policy: guardedTrustPolicy,
    request: s3ServiceRequest({ 'aws:SourceAccount': SOURCE_ACCOUNT, 'aws:SourceArn': DESTINATION_BUCKET }),
    expected: 'implicitDeny',
  },
  {
    name: 'missing aws:SourceAccount fails a StringEquals guard',
    kind: 'trust',
    policy: guardedTrustPolicy,
    request: s3ServiceRequest({ 'aws:SourceArn': SOURCE_BUCKET }),
    expected: 'implicitDeny',
  },
  {
    name: 'a Deny with StringNotEquals on aws:SourceAccount blocks another account',
    kind: 'trust',
    policy: () => ({
      Version: '2012-10-17',
      Statement: [
        replicationTrustPolicy().Statement[0],
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 'sts:*',
          Condition: { StringNotEquals: { 'aws:SourceAccount': SOURCE_ACCOUNT } },
        },
      ],
    }),
    request: s3ServiceRequest({ 'aws:SourceAccount': DESTINATION_ACCOUNT }),
    expected: 'explicitDeny',
  },
];
