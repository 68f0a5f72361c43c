import {
  alternatives,
  isRecord,
  type Json,
  referencedId,
  resourcesOfType,
  type Template,
} from './template.js';

const PLAIN_HTTP = '{"Bool":{"aws:SecureTransport":"false"}}';

/**
 * Every queue refuses plain HTTP: a queue policy under the queue's own condition names the queue
 * and denies every principal every SQS action when aws:SecureTransport is false.
 */
export function queueProblems(template: Template): string[] {
  const policies = resourcesOfType(template, 'AWS::SQS::QueuePolicy');
  return resourcesOfType(template, 'AWS::SQS::Queue').flatMap(([queueId, queue]) => {
    const tlsOnly = policies.some(
      ([, policy]) =>
        policy.Condition === queue.Condition &&
        alternatives(policy.Properties?.Queues).some((queueRef) => referencedId(queueRef) === queueId) &&
        statementsOf(policy.Properties?.PolicyDocument).some(
          (statement) =>
            statement.Effect === 'Deny' &&
            statement.Principal === '*' &&
            alternatives(statement.Action).includes('sqs:*') &&
            alternatives(statement.Resource).some((resource) => referencedId(resource) === queueId) &&
            JSON.stringify(statement.Condition) === PLAIN_HTTP,
        ),
    );
    return tlsOnly
      ? []
      : [
          `${queueId} has no queue policy (with its condition) denying sqs:* on it when aws:SecureTransport is false`,
        ];
  });
}

/**
 * Every alarm and dashboard name carries the Region: dashboards are global to the account, so a
 * second Region's stack of the same service and stage would clash with the first.
 */
export function regionalNameProblems(template: Template, region: string): string[] {
  const names = [
    ...resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(([id, alarm]) => [
      id,
      alarm.Properties?.AlarmName,
    ]),
    ...resourcesOfType(template, 'AWS::CloudWatch::Dashboard').map(([id, board]) => [
      id,
      board.Properties?.DashboardName,
    ]),
  ];
  return names
    .filter(([, name]) => typeof name !== 'string' || !name.includes(`-${region}`))
    .map(([id, name]) => `${String(id)} is named ${JSON.stringify(name)}, without the Region ${region}`);
}

function statementsOf(document: Json): Record<string, unknown>[] {
  return isRecord(document) ? alternatives(document.Statement).filter(isRecord) : [];
}
