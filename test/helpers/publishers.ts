import type { AlertPublisher } from '../../shared/checks/alert-publisher.js';
import type { Notification } from '../../shared/core/render/notification.js';

/** Records what was published; fails the notifications `failWhen` selects. */
export function recordingPublisher(failWhen: (notification: Notification) => boolean = () => false) {
  const published: Notification[] = [];
  const publisher: AlertPublisher = {
    async publish(notification) {
      if (failWhen(notification))
        throw Object.assign(new Error('SNS unavailable'), { name: 'InternalErrorException' });
      published.push(notification);
    },
  };
  return { publisher, published };
}
