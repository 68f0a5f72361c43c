import type {
  Incident,
  IncidentCause,
  IncidentDigest,
  IncidentNotice,
  IncidentTransition,
} from '../../shared/incidents/incident.js';
import { noticeIdOf } from '../../shared/incidents/notices.js';
import type { Finding } from '../../shared/model/findings.js';

/**
 * A fixed incident for golden renderings: replication from acme-payments-prod failing for two
 * causes (S3 failure events denied on the destination, and the failed-operations metric). Built
 * fresh on every call, so a test changes one field without touching another test's copy.
 */

const REMEDIATION =
  "Allow s3:ReplicateObject on arn:aws:s3:::acme-payments-dr/* for the replication role arn:aws:iam::111122223333:role/s3-replication-payments in the role's permissions policy. Check with aws iam simulate-principal-policy --policy-source-arn arn:aws:iam::111122223333:role/s3-replication-payments --action-names s3:ReplicateObject --resource-arns arn:aws:s3:::acme-payments-dr/* (EvalDecision must be allowed). Then re-replicate the FAILED objects with an S3 Batch Replication job.";

function failedExample(): Finding {
  return {
    code: 'REPLICATION_FAILED',
    severity: 'critical',
    sourceBucket: 'acme-payments-prod',
    ruleId: 'payments-to-dr',
    destinationBucket: 'acme-payments-dr',
    key: 'settlements/2026/11/22/batch-0932.csv',
    versionId: 'v-0932',
    failureReason: 'DstPutObjectNotPermitted',
    failureCategory: 'permission',
    action: 's3:ReplicateObject',
    resource: 'arn:aws:s3:::acme-payments-dr/*',
    message:
      'S3 could not write the replica of settlements/2026/11/22/batch-0932.csv into destination bucket acme-payments-dr: the replication role may not replicate objects there.',
    remediation: REMEDIATION,
  };
}

export function failedCause(overrides: Partial<IncidentCause> = {}): IncidentCause {
  const example = failedExample();
  return {
    fingerprint: '5d1c0a7e9b3f42a8c6e10d77',
    code: 'REPLICATION_FAILED',
    severity: 'critical',
    ruleId: 'payments-to-dr',
    destinationBucket: 'acme-payments-dr',
    failureReason: 'DstPutObjectNotPermitted',
    failureCategory: 'permission',
    count: 1200,
    firstSeen: '2026-11-22T09:58:12.000Z',
    lastSeen: '2026-11-22T11:59:40.000Z',
    sources: ['events'],
    message: example.message,
    remediation: REMEDIATION,
    example,
    ...overrides,
  };
}

function metricCause(): IncidentCause {
  const example: Finding = {
    code: 'REPLICATION_OPERATIONS_FAILED',
    severity: 'critical',
    sourceBucket: 'acme-payments-prod',
    ruleId: 'payments-to-dr',
    destinationBucket: 'acme-payments-dr',
    metric: 'OperationsFailedReplication',
    observed: 1204,
    threshold: 0,
    region: 'us-east-1',
    message:
      'OperationsFailedReplication summed to 1204 over the last 60 minutes for rule payments-to-dr (acme-payments-prod -> acme-payments-dr).',
    remediation:
      'Read the failure events for the reason (failureReason) and apply the fix it names; enable s3:Replication:OperationFailedReplication notifications if none arrive.',
  };
  return {
    fingerprint: '9e4b2c11f07d3a65b8c2e019',
    code: 'REPLICATION_OPERATIONS_FAILED',
    severity: 'critical',
    ruleId: 'payments-to-dr',
    destinationBucket: 'acme-payments-dr',
    count: 1,
    firstSeen: '2026-11-22T10:05:00.000Z',
    lastSeen: '2026-11-22T11:55:00.000Z',
    sources: ['audit'],
    message: example.message,
    remediation: example.remediation,
    example,
  };
}

export function failingIncident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-7f3a9c2d41b8e605',
    kind: 'replication-failing',
    status: 'open',
    code: 'REPLICATION_FAILED',
    severity: 'critical',
    sourceBucket: 'acme-payments-prod',
    causes: [failedCause(), metricCause()],
    samples: [
      { key: 'settlements/2026/11/22/batch-0932.csv', versionId: 'v-0932' },
      { key: 'settlements/2026/11/22/batch-0933.csv', versionId: 'v-0933' },
      { key: 'ledgers/2026-11-22/eu west.json' },
    ],
    affected: 1201,
    openedAt: '2026-11-22T09:58:12.000Z',
    lastSeenAt: '2026-11-22T11:59:40.000Z',
    affectedAtLastNotice: 0,
    reopenCount: 0,
    missedAudits: 0,
    revision: 3,
    ...overrides,
  };
}

export function notice(
  transition: IncidentTransition = 'opened',
  incident = failingIncident(),
): IncidentNotice {
  const base: IncidentNotice = {
    id: noticeIdOf(incident.id, `${incident.revision}-${transition}`),
    transition,
    incident,
    at: '2026-11-22T12:00:00.000Z',
  };
  if (transition === 'reminder' || transition === 'updated') base.growth = 312;
  if (transition === 'resolved') {
    incident.status = 'resolved';
    incident.resolvedAt = '2026-11-22T15:10:00.000Z';
    base.at = '2026-11-22T15:10:00.000Z';
  }
  return base;
}

/** Two info incidents, as the periodic digest lists them. */
export function digest(): IncidentDigest {
  const disabled: Finding = {
    code: 'RULE_DISABLED',
    severity: 'info',
    sourceBucket: 'acme-app-logs',
    ruleId: 'logs-to-archive',
    destinationBucket: 'acme-app-logs-archive',
    message: 'Replication rule logs-to-archive of acme-app-logs is Disabled: nothing is replicated under it.',
    remediation:
      'If the rule should replicate, set its Status to Enabled with aws s3api put-bucket-replication --bucket acme-app-logs.',
  };
  const cause: IncidentCause = {
    fingerprint: '1a2b3c4d5e6f708192a3b4c5',
    code: 'RULE_DISABLED',
    severity: 'info',
    ruleId: 'logs-to-archive',
    destinationBucket: 'acme-app-logs-archive',
    count: 1,
    firstSeen: '2026-11-19T08:00:00.000Z',
    lastSeen: '2026-11-22T11:55:00.000Z',
    sources: ['audit'],
    message: disabled.message,
    remediation: disabled.remediation,
    example: disabled,
  };
  const ruleDisabled = failingIncident({
    id: 'inc-20c4d1e9a7b35f18',
    kind: 'finding',
    code: 'RULE_DISABLED',
    severity: 'info',
    sourceBucket: 'acme-app-logs',
    causes: [cause],
    samples: [],
    affected: 1,
    openedAt: '2026-11-19T08:00:00.000Z',
    lastSeenAt: '2026-11-22T11:55:00.000Z',
  });
  return { at: '2026-11-22T12:00:00.000Z', incidents: [ruleDisabled] };
}
