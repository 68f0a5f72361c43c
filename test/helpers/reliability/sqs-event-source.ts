/**
 * Lambda's SQS event source, as far as redelivery goes: up to `maximumConcurrency` invocations at
 * once, each given up to `batchSize` visible messages; the messages an invocation reports as batch
 * item failures (all of them, if it throws) become visible again, and a message received
 * `maxReceiveCount` times that fails again moves to the dead-letter queue (the queue's redrive
 * policy). The visibility timeout is not waited out: a failed message is visible again at once.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html (maximum concurrency),
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html (batch item failures)
 */

export interface SqsMessage {
  messageId: string;
  body: string;
}

export interface EventSourceOptions {
  batchSize: number;
  maximumConcurrency: number;
  maxReceiveCount: number;
  /** Picks the next batch's size and order: batches are not always full, nor in send order. */
  next: () => number;
}

export interface EventSourceOutcome {
  invocations: number;
  /** Receives after the first, summed over messages. */
  redeliveries: number;
  deadLettered: string[];
  /** Most invocations running at once. */
  peakConcurrency: number;
}

/** The function: for SQS, `{ batchItemFailures }`; anything else fails the whole batch. */
type Handler = (event: { Records: unknown[] }) => Promise<unknown>;

export async function drainQueue(
  messages: readonly SqsMessage[],
  handler: Handler,
  options: EventSourceOptions,
): Promise<EventSourceOutcome> {
  const visible = [...messages];
  const receives = new Map<string, number>();
  const deadLettered: string[] = [];
  let invocations = 0;
  let running = 0;
  let peakConcurrency = 0;

  const take = (): SqsMessage[] => {
    // A poller gets what it gets: a random cut of the visible messages, up to a full batch.
    const size = Math.max(1, Math.ceil(options.batchSize * (0.5 + options.next() / 2)));
    const start = Math.floor(options.next() * Math.max(1, visible.length - size));
    return visible.splice(start, size);
  };

  const invoke = async (batch: SqsMessage[]) => {
    invocations += 1;
    for (const message of batch) receives.set(message.messageId, (receives.get(message.messageId) ?? 0) + 1);
    let failed: Set<string>;
    try {
      const response = (await handler({ Records: batch.map(sqsRecord) })) as {
        batchItemFailures?: { itemIdentifier: string }[];
      };
      if (!Array.isArray(response?.batchItemFailures)) throw new TypeError('not an SQS response');
      failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
    } catch {
      failed = new Set(batch.map((message) => message.messageId));
    }
    for (const message of batch) {
      if (!failed.has(message.messageId)) continue;
      if ((receives.get(message.messageId) ?? 0) >= options.maxReceiveCount)
        deadLettered.push(message.messageId);
      else visible.push(message);
    }
  };

  const worker = async () => {
    for (;;) {
      const batch = take();
      if (batch.length === 0) {
        // Others may still hand messages back: wait for them before giving up.
        if (running === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 1));
        continue;
      }
      running += 1;
      peakConcurrency = Math.max(peakConcurrency, running);
      try {
        await invoke(batch);
      } finally {
        running -= 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.maximumConcurrency }, worker));
  const redeliveries = [...receives.values()].reduce((sum, count) => sum + count - 1, 0);
  return { invocations, redeliveries, deadLettered, peakConcurrency };
}

function sqsRecord(message: SqsMessage) {
  return {
    messageId: message.messageId,
    receiptHandle: `handle-${message.messageId}`,
    body: message.body,
    attributes: { ApproximateReceiveCount: '1' },
    messageAttributes: {},
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:111122223333:replication-events',
    awsRegion: 'us-east-1',
  };
}
