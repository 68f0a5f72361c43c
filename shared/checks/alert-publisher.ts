import type { Notification } from '../core/render/notification.js';

/** Where rendered alerts go. The SNS adapter publishes; the CLI without --notify only collects. */
export interface AlertPublisher {
  /** Resolves once delivered; rejects when delivery failed (the caller decides what to retry). */
  publish(notification: Notification): Promise<void>;
}
