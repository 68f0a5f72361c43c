import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  attributes: Record<string, unknown>;
}

/**
 * A Logger and a Metrics that record what a handler logs and counts, so tests assert on the
 * operator's view (a rejected record is logged with its reason and counted) without printing.
 */
export function recordingObservability() {
  const logs: LogEntry[] = [];
  const counted = new Map<string, number>();
  const log =
    (level: LogEntry['level']) =>
    (message: string, ...extra: unknown[]) => {
      const attributes = Object.assign({}, ...extra.filter((item) => typeof item === 'object'));
      logs.push({ level, message, attributes });
    };
  const logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  const metrics = {
    addMetric(name: string, _unit: unknown, value: number) {
      counted.set(name, (counted.get(name) ?? 0) + value);
    },
    singleMetric() {
      return { addDimension: () => ({ addMetric: () => undefined }) };
    },
  };
  return {
    logger: logger as unknown as Logger,
    metrics: metrics as unknown as Metrics,
    logs,
    metric: (name: string) => counted.get(name) ?? 0,
    warnings: (message: string) =>
      logs.filter((entry) => entry.level === 'warn' && entry.message === message),
  };
}
