/**
 * A bucket's notification configuration as GetBucketNotificationConfiguration returns it (the
 * SDK's output shape, and the world format's `notifications`). Declared here so core stays free
 * of the AWS SDK; fields this module does not know are carried through untouched.
 */
export interface NotificationConfigurationInput {
  QueueConfigurations?: QueueConfigurationInput[];
  TopicConfigurations?: TopicConfigurationInput[];
  LambdaFunctionConfigurations?: LambdaFunctionConfigurationInput[];
  /** Present (an empty structure) when the bucket sends its events to EventBridge. */
  EventBridgeConfiguration?: Record<string, unknown>;
}

export interface KeyFilterInput {
  Key?: { FilterRules?: { Name?: string; Value?: string }[] };
}

interface DestinationConfigurationInput {
  Id?: string;
  Events?: string[];
  Filter?: KeyFilterInput;
}

export interface QueueConfigurationInput extends DestinationConfigurationInput {
  QueueArn?: string;
}
export interface TopicConfigurationInput extends DestinationConfigurationInput {
  TopicArn?: string;
}
export interface LambdaFunctionConfigurationInput extends DestinationConfigurationInput {
  LambdaFunctionArn?: string;
}

/** The event types S3 sends for replication; `s3:Replication:*` stands for all four. */
export const REPLICATION_EVENT_TYPES = [
  's3:Replication:OperationFailedReplication',
  's3:Replication:OperationMissedThreshold',
  's3:Replication:OperationReplicatedAfterThreshold',
  's3:Replication:OperationNotTracked',
] as const;
export type ReplicationEventType = (typeof REPLICATION_EVENT_TYPES)[number];
export const ALL_REPLICATION_EVENTS = 's3:Replication:*';

/** One configuration of any kind, flattened: what overlap and coverage are decided on. */
export interface NotificationTarget {
  id: string;
  kind: 'queue' | 'topic' | 'lambda';
  destination: string;
  /** The replication event types among its `Events`, wildcards expanded. */
  replicationEvents: ReplicationEventType[];
  filter: { prefix: string; suffix: string };
  /** The filter has a rule this module does not understand: treated as matching anything. */
  unknownFilterRule: boolean;
}

/** Every queue, topic and Lambda configuration of the document, in document order. */
export function notificationTargets(document: NotificationConfigurationInput): NotificationTarget[] {
  return [
    ...targetsOf('queue', document.QueueConfigurations, (item) => item.QueueArn),
    ...targetsOf('topic', document.TopicConfigurations, (item) => item.TopicArn),
    ...targetsOf('lambda', document.LambdaFunctionConfigurations, (item) => item.LambdaFunctionArn),
  ];
}

function targetsOf<T extends DestinationConfigurationInput>(
  kind: NotificationTarget['kind'],
  items: readonly T[] | undefined,
  destinationOf: (item: T) => string | undefined,
): NotificationTarget[] {
  return (items ?? []).map((item, index) => ({
    // S3 assigns an Id when none is given; a missing one can only come from hand-written input.
    id: item.Id ?? `${kind} configuration #${index + 1}`,
    kind,
    destination: destinationOf(item) ?? '',
    replicationEvents: replicationEventsOf(item.Events ?? []),
    ...keyFilterOf(item.Filter),
  }));
}

export function replicationEventsOf(events: readonly string[]): ReplicationEventType[] {
  if (events.includes(ALL_REPLICATION_EVENTS)) return [...REPLICATION_EVENT_TYPES];
  return REPLICATION_EVENT_TYPES.filter((type) => events.includes(type));
}

/** S3 accepts `prefix`/`suffix` rule names in either case; an empty value constrains nothing. */
function keyFilterOf(
  filter: KeyFilterInput | undefined,
): Pick<NotificationTarget, 'filter' | 'unknownFilterRule'> {
  const result = { filter: { prefix: '', suffix: '' }, unknownFilterRule: false };
  for (const rule of filter?.Key?.FilterRules ?? []) {
    const name = (rule.Name ?? '').toLowerCase();
    if (name === 'prefix') result.filter.prefix = rule.Value ?? '';
    else if (name === 'suffix') result.filter.suffix = rule.Value ?? '';
    else result.unknownFilterRule = true;
  }
  return result;
}

/** Whether the configuration applies to every key of the bucket. */
export function matchesEveryKey(target: NotificationTarget): boolean {
  return target.filter.prefix === '' && target.filter.suffix === '' && !target.unknownFilterRule;
}

export function describeFilter(target: NotificationTarget): string {
  if (matchesEveryKey(target)) return 'every key';
  const parts = [];
  if (target.filter.prefix !== '') parts.push(`prefix "${target.filter.prefix}"`);
  if (target.filter.suffix !== '') parts.push(`suffix "${target.filter.suffix}"`);
  if (target.unknownFilterRule) parts.push('an unrecognised filter rule');
  return `keys with ${parts.join(' and ')}`;
}
