import {
  ALL_REPLICATION_EVENTS,
  describeFilter,
  matchesEveryKey,
  type NotificationConfigurationInput,
  type NotificationTarget,
  notificationTargets,
  type QueueConfigurationInput,
  REPLICATION_EVENT_TYPES,
  type ReplicationEventType,
} from './notification-configuration.js';

/** The Id of the queue configuration `setup` adds. */
export const MONITOR_CONFIGURATION_ID = 's3-replication-monitor';

/** Why the monitor's queue cannot be added to a bucket's notifications as they stand. */
export type NotificationProblem =
  | {
      /** Another destination already receives some replication events for overlapping keys. */
      code: 'OVERLAPPING_CONFIGURATION';
      configurationId: string;
      events: ReplicationEventType[];
      message: string;
      remediation: string;
    }
  | {
      /** The monitor's queue receives some replication events, but only for some keys. */
      code: 'FILTERED_MONITOR_CONFIGURATION';
      configurationId: string;
      events: ReplicationEventType[];
      message: string;
      remediation: string;
    }
  | { code: 'QUEUE_IN_OTHER_REGION'; message: string; remediation: string };

export type NotificationPlan =
  /** Every replication event already reaches the queue for every key. */
  | { status: 'covered'; coveredBy: string[] }
  | {
      status: 'add';
      /** Existing configurations that already send some replication events to the queue. */
      coveredBy: string[];
      added: QueueConfigurationInput;
      /** The whole new configuration: every existing one kept verbatim, `added` appended. */
      document: NotificationConfigurationInput;
    }
  | { status: 'conflict'; problems: NotificationProblem[] };

const KIND_LABEL = { queue: 'Queue', topic: 'Topic', lambda: 'Lambda function' } as const;

/**
 * Merges a queue configuration for `s3:Replication:*` into a bucket's notification configuration
 * (PutBucketNotificationConfiguration replaces the whole document, so nothing may be dropped).
 * Only what is missing is added: a queue configuration to the same queue for every key already
 * counts, so a second run changes nothing. S3 refuses two configurations whose event types and key
 * filters overlap, whatever their destinations ("Configuration is ambiguously defined"): those
 * are reported as problems and nothing is planned.
 */
export function planNotification(input: {
  current: NotificationConfigurationInput;
  queueArn: string;
  bucketRegion: string;
}): NotificationPlan {
  const problems: NotificationProblem[] = [];
  const queueRegion = input.queueArn.split(':')[3] ?? '';
  if (queueRegion !== input.bucketRegion) {
    problems.push({
      code: 'QUEUE_IN_OTHER_REGION',
      message: `The queue is in ${queueRegion} and the bucket in ${input.bucketRegion}: S3 sends event notifications only to a queue in the bucket's own Region.`,
      remediation: `Deploy the monitor's stack in ${input.bucketRegion} as well and run setup for this bucket with that stack's queue ARN.`,
    });
  }
  const targets = notificationTargets(input.current);
  const isMonitorQueue = (target: NotificationTarget) =>
    target.kind === 'queue' && target.destination === input.queueArn;
  const covering = targets.filter(
    (target) => isMonitorQueue(target) && matchesEveryKey(target) && target.replicationEvents.length > 0,
  );
  const covered = new Set(covering.flatMap((target) => target.replicationEvents));
  const missing = REPLICATION_EVENT_TYPES.filter((type) => !covered.has(type));
  for (const target of targets) {
    const events = target.replicationEvents.filter((type) => missing.includes(type));
    // The added configuration matches every key, so any filter on the same event type overlaps it.
    if (events.length > 0) problems.push(overlapProblem(target, events, isMonitorQueue(target)));
  }
  const coveredBy = covering.map((target) => target.id);
  if (problems.length > 0) return { status: 'conflict', problems };
  if (missing.length === 0) return { status: 'covered', coveredBy };
  const added: QueueConfigurationInput = {
    Id: freeId(targets),
    QueueArn: input.queueArn,
    Events: missing.length === REPLICATION_EVENT_TYPES.length ? [ALL_REPLICATION_EVENTS] : [...missing],
  };
  const document = structuredClone(input.current);
  document.QueueConfigurations = [...(document.QueueConfigurations ?? []), added];
  return { status: 'add', coveredBy, added, document };
}

function overlapProblem(
  target: NotificationTarget,
  events: ReplicationEventType[],
  monitorQueue: boolean,
): NotificationProblem {
  const what = `${KIND_LABEL[target.kind]} configuration "${target.id}"`;
  const names = events.join(', ');
  if (monitorQueue) {
    return {
      code: 'FILTERED_MONITOR_CONFIGURATION',
      configurationId: target.id,
      events,
      message: `${what} sends ${names} to the monitor's queue only for ${describeFilter(target)}: events for other keys never reach the monitor, and S3 refuses a second configuration for the same events.`,
      remediation: `Remove the Filter of "${target.id}" (or the configuration itself), then run setup again.`,
    };
  }
  return {
    code: 'OVERLAPPING_CONFIGURATION',
    configurationId: target.id,
    events,
    message: `${what} already sends ${names} for ${describeFilter(target)} to ${target.destination}: S3 refuses two configurations whose event types and key filters overlap, so the monitor's queue cannot be added next to it.`,
    remediation: `Send these events to one SNS topic and subscribe both ${target.destination} and the monitor's queue to it (the monitor accepts SNS-wrapped events), or remove them from "${target.id}"; then run setup again.`,
  };
}

/** S3 requires distinct Ids; an unrelated configuration may already use the monitor's. */
function freeId(targets: readonly NotificationTarget[]): string {
  const taken = new Set(targets.map((target) => target.id));
  let id = MONITOR_CONFIGURATION_ID;
  for (let suffix = 2; taken.has(id); suffix += 1) id = `${MONITOR_CONFIGURATION_ID}-${suffix}`;
  return id;
}
