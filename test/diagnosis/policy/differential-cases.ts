import type { AccessRequest, PolicyDecision } from '../../../shared/diagnosis/policy/index.js';
import { DESTINATION_BUCKET, ROLE_ARN, SOURCE_BUCKET } from '../../helpers/policy/fixtures.js';

/** One realistic replication policy decided by our evaluator and by iam-simulate (differential.test.ts). */
export interface DifferentialCase {
  name: string;
  kind: 'identity' | 'trust' | 'resource';
  policy: () => unknown;
  request: AccessRequest;
  resourceKind?: 's3' | 'kms';
  resourceAccount?: string;
  identityAllows?: boolean;
  expected: PolicyDecision;
  engine?: 'validated' | 'unsafe';
  /** iam-simulate's answer where it departs from AWS's documented behaviour, with the citation. */
  oracleDiffers?: { decision: PolicyDecision; why: string };
}
export const OBJECT = `${DESTINATION_BUCKET}/orders/2024-01-05.csv`;
export const SOURCE_OBJECT = `${SOURCE_BUCKET}/orders/2024-01-05.csv`;
export const policyOf = (statements: unknown[]) => () => ({ Version: '2012-10-17', Statement: statements });
export const allowRole = {
  Effect: 'Allow',
  Principal: { AWS: ROLE_ARN },
  Action: 's3:Replicate*',
  Resource: `${DESTINATION_BUCKET}/*`,
};
