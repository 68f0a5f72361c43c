import { assertNever } from '../model/assert-never.js';
import type { FindingCode } from '../model/findings.js';

/** A short headline per code, for subjects and message titles. */
export function titleOf(code: FindingCode): string {
  switch (code) {
    case 'SOURCE_VERSIONING_NOT_ENABLED':
      return 'Source bucket versioning is not enabled';
    case 'DESTINATION_VERSIONING_NOT_ENABLED':
      return 'Destination bucket versioning is not enabled';
    case 'DESTINATION_BUCKET_NOT_FOUND':
      return 'Destination bucket not found';
    case 'OBJECT_LOCK_MISMATCH':
      return 'Destination lacks Object Lock';
    case 'DESTINATION_REQUESTER_PAYS':
      return 'Destination bucket is Requester Pays';
    case 'RULE_DISABLED':
      return 'Replication rule disabled';
    case 'REPLICATION_METRICS_DISABLED':
      return 'Replication metrics disabled';
    case 'KMS_OBJECTS_NOT_REPLICATED':
      return 'SSE-KMS objects are not replicated';
    case 'REPLICA_KMS_KEY_NOT_SET':
      return 'Replica KMS key not set';
    case 'ROLE_NOT_FOUND':
      return 'Replication role not found';
    case 'ROLE_TRUST_MISSING':
      return 'S3 cannot assume the replication role';
    case 'ROLE_PERMISSION_MISSING':
      return 'Replication role permission missing';
    case 'KMS_KEY_UNUSABLE':
      return 'KMS key unusable';
    case 'KMS_PERMISSION_MISSING':
      return 'KMS permission missing';
    case 'PERMISSION_NOT_VERIFIED':
      return 'Replication permission not verified';
    case 'SSE_C_BLOCKED_AT_DESTINATION':
      return 'Destination blocks SSE-C replicas';
    case 'OBJECT_REPLICATION_FAILED':
      return 'Objects failed to replicate';
    case 'OBJECT_REPLICATION_STUCK':
      return 'Objects stuck pending replication';
    case 'REPLICATION_LATENCY_HIGH':
      return 'Replication latency high';
    case 'REPLICATION_BACKLOG':
      return 'Replication backlog';
    case 'REPLICATION_OPERATIONS_FAILED':
      return 'Replication operations failing';
    case 'REPLICATION_METRICS_MISSING':
      return 'Replication metrics missing';
    case 'REPLICATION_FAILED':
      return 'Replication failed';
    case 'REPLICATION_THRESHOLD_MISSED':
      return 'Replication threshold missed';
    case 'REPLICATION_COMPLETED_LATE':
      return 'Replication completed late';
    case 'REPLICATION_NOT_TRACKED':
      return 'Replication not tracked';
    case 'MONITOR_ACCESS_DENIED':
      return 'Monitor access denied';
    case 'MONITOR_CHECK_INCOMPLETE':
      return 'Monitor check incomplete';
    default:
      return assertNever(code);
  }
}
