import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { SNSEvent } from 'aws-lambda';
import { loadSlackConfig } from '../shared/config/slack-config.js';
import { systemClock } from '../shared/model/clock.js';
import {
  notifySlack,
  type SlackNotificationOptions,
  type SlackOutcome,
} from '../shared/slack/notify-slack.js';
import { createClientPool } from '../shared/wiring/clients.js';
import { logger, metrics } from '../shared/wiring/observability.js';
import { createSlackPoster, createWebhookUrlSource } from '../shared/wiring/slack.js';

export interface SlackNotifierDependencies extends Omit<SlackNotificationOptions, 'log'> {
  logger: Logger;
  metrics: Metrics;
}

/**
 * The optional Slack notifier: subscribed to the alert topic, it posts each incident notice
 * (and each digest) to a Slack incoming webhook as Block Kit. A failed post throws after its
 * one retry, so Lambda's asynchronous retries and failure destination keep the notice.
 */
export function createSlackNotifierHandler(dependencies: SlackNotifierDependencies) {
  return async (event: SNSEvent): Promise<SlackOutcome> => {
    const { logger: log, metrics: meter } = dependencies;
    try {
      const outcome = await notifySlack(event, { ...dependencies, log });
      meter.addMetric('SlackMessagesPosted', MetricUnit.Count, outcome.posted);
      meter.addMetric('SlackNoticesSkipped', MetricUnit.Count, outcome.skipped + outcome.ignored);
      return outcome;
    } catch (error) {
      meter.addMetric('SlackDeliveryFailures', MetricUnit.Count, 1);
      // The error's text never holds the webhook URL (see slack-webhook-poster.ts).
      log.error('Slack delivery failed', { error: error instanceof Error ? error.message : String(error) });
      throw error;
    }
  };
}

// Cold start: a missing or doubly set webhook location fails here, loudly.
const config = loadSlackConfig(process.env);

export const handler = middy(
  createSlackNotifierHandler({
    webhookUrl: createWebhookUrlSource(config, createClientPool(), systemClock),
    poster: createSlackPoster(config),
    minimumSeverity: config.minimumSeverity,
    logger,
    metrics,
  }),
)
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
