import { compareSeverity } from '../model/findings.js';
import type { IncidentNotification } from '../render/sns-message.js';
import { plainText } from '../render/text.js';
import type { Incident, IncidentNotice } from './incident.js';

/** Terminal lines for the CLI: one per incident, most severe first. */
export function incidentsText(incidents: readonly Incident[]): string {
  if (incidents.length === 0) return 'No incidents.';
  return [...incidents]
    .sort((left, right) => compareSeverity(left.severity, right.severity) || right.affected - left.affected)
    .map((incident) => {
      const route = [
        incident.ruleId && `[${incident.ruleId}]`,
        incident.destinationBucket && `-> ${incident.destinationBucket}`,
      ]
        .filter(Boolean)
        .join(' ');
      const causes = incident.causes.map((cause) => `${cause.code} x${cause.count}`).join(', ');
      return plainText(
        `  ${incident.severity.toUpperCase().padEnd(8)} ${incident.status.padEnd(8)} ${incident.kind} ${incident.sourceBucket}${route ? ` ${route}` : ''}: ${causes} (id ${incident.id})`,
      );
    })
    .join('\n');
}

/** Terminal lines for the transitions decided: `opened incident-id (people, EventBridge)`. */
export function noticesText(notices: readonly IncidentNotice[]): string {
  if (notices.length === 0) return 'No incident transitions.';
  return notices
    .map((notice) => {
      const reopened = notice.reopened ? ' (reopened)' : '';
      const growth = notice.growth === undefined ? '' : `, +${notice.growth} since the last notice`;
      return plainText(
        `  ${notice.transition}${reopened}: ${notice.incident.id} ${notice.incident.severity}${growth}`,
      );
    })
    .join('\n');
}

/** The SNS messages as an e-mail subscriber would read them. */
export function notificationsText(notifications: readonly IncidentNotification[]): string {
  if (notifications.length === 0) return 'No notifications would be sent.';
  return notifications
    .map((notification) => `--- Subject: ${notification.subject}\n${notification.message.email}`)
    .join('\n\n');
}
