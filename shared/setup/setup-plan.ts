import type { ReplicationConfigurationInput } from '../model/replication-rules.js';
import { type MetricsPlan, planMetrics } from './metrics-plan.js';
import type { NotificationConfigurationInput } from './notification-configuration.js';
import { type NotificationPlan, planNotification } from './notification-plan.js';

export interface SetupOptions {
  /** The monitor's queue (the stack's `ReplicationEventsQueueArn` output). */
  queueArn: string;
  /** Apply the metrics changes; without it they are only offered. */
  enableMetrics: boolean;
}

/** A whole document to send (S3 replaces the bucket's configuration with it), and the one it replaces. */
export type PlannedWrite =
  | {
      operation: 'PutBucketNotificationConfiguration';
      before: NotificationConfigurationInput;
      document: NotificationConfigurationInput;
    }
  | {
      operation: 'PutBucketReplication';
      before: ReplicationConfigurationInput;
      document: ReplicationConfigurationInput;
    };

export interface BucketSetupPlan {
  bucket: string;
  region: string;
  notification: NotificationPlan;
  metrics: MetricsPlan & {
    /** True when the metrics changes are part of `writes` (--enable-metrics). */
    accepted: boolean;
  };
  /** In order; empty when nothing changes, and always empty when a conflict blocks the bucket. */
  writes: PlannedWrite[];
}

/**
 * What `setup` would change on one source bucket: the monitor's queue merged into its
 * notifications, and metrics on rules that lack them. A notification conflict blocks every write
 * to the bucket: it needs a person first, and a half-configured bucket would hide that.
 */
export function planBucketSetup(input: {
  bucket: string;
  region: string;
  notifications: NotificationConfigurationInput;
  replication: ReplicationConfigurationInput;
  options: SetupOptions;
}): BucketSetupPlan {
  const notification = planNotification({
    current: input.notifications,
    queueArn: input.options.queueArn,
    bucketRegion: input.region,
  });
  const metrics = planMetrics(input.replication);
  const writes: PlannedWrite[] = [];
  if (notification.status !== 'conflict') {
    if (notification.status === 'add')
      writes.push({
        operation: 'PutBucketNotificationConfiguration',
        before: input.notifications,
        document: notification.document,
      });
    if (input.options.enableMetrics && metrics.document !== undefined)
      writes.push({
        operation: 'PutBucketReplication',
        before: input.replication,
        document: metrics.document,
      });
  }
  return {
    bucket: input.bucket,
    region: input.region,
    notification,
    metrics: { ...metrics, accepted: input.options.enableMetrics && notification.status !== 'conflict' },
    writes,
  };
}
