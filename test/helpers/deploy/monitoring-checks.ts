import {
  alternatives,
  isRecord,
  type Json,
  referencedId,
  resourcesOfType,
  type Template,
  textOf,
} from './template.js';

/** Every topic is encrypted with a key of the stack that rotates, and refuses plain HTTP. */
export function topicProblems(template: Template): string[] {
  const policies = resourcesOfType(template, 'AWS::SNS::TopicPolicy');
  return resourcesOfType(template, 'AWS::SNS::Topic').flatMap(([topicId, topic]) => {
    const problems: string[] = [];
    const key = template.Resources[referencedId(topic.Properties?.KmsMasterKeyId) ?? ''];
    if (key?.Type !== 'AWS::KMS::Key' || key.Properties?.EnableKeyRotation !== true) {
      problems.push(`${topicId} is not encrypted with a rotating AWS::KMS::Key of the stack`);
    }
    const tlsOnly = policies.some(
      ([, policy]) =>
        alternatives(policy.Properties?.Topics).some((topicRef) => referencedId(topicRef) === topicId) &&
        statementsOf(policy.Properties?.PolicyDocument).some(
          (statement) =>
            statement.Effect === 'Deny' &&
            JSON.stringify(statement.Condition) === '{"Bool":{"aws:SecureTransport":"false"}}',
        ),
    );
    if (!tlsOnly) problems.push(`${topicId} has no topic policy denying aws:SecureTransport false`);
    return problems;
  });
}

/**
 * Every function has an Errors alarm under the function's own condition; every alarm notifies a
 * topic of the stack on ALARM and OK, under a name the CloudWatch statements of that topic's
 * policy (aws:SourceArn) let publish.
 */
export function alarmProblems(template: Template): string[] {
  const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm');
  const problems = resourcesOfType(template, 'AWS::Lambda::Function')
    .filter(
      ([functionId, fn]) =>
        !alarms.some(
          ([, alarm]) =>
            alarm.Properties?.MetricName === 'Errors' &&
            alarm.Condition === fn.Condition &&
            alternatives(alarm.Properties?.Dimensions).some(
              (dimension) => isRecord(dimension) && referencedId(dimension.Value) === functionId,
            ),
        ),
    )
    .map(([functionId]) => `${functionId} has no Errors alarm with its condition`);
  for (const [alarmId, alarm] of alarms) {
    const name = String(alarm.Properties?.AlarmName);
    for (const actions of ['AlarmActions', 'OKActions']) {
      const topics = alternatives(alarm.Properties?.[actions]).map(referencedId);
      if (topics.length === 0) problems.push(`${alarmId} has no ${actions}`);
      for (const topicId of topics) {
        if (!publishableBy(template, topicId ?? '', name)) {
          problems.push(
            `${alarmId} (${name}): ${actions} ${topicId}, whose policy does not let CloudWatch publish it`,
          );
        }
      }
    }
  }
  return problems;
}

function publishableBy(template: Template, topicId: string, alarmName: string): boolean {
  return resourcesOfType(template, 'AWS::SNS::TopicPolicy').some(
    ([, policy]) =>
      alternatives(policy.Properties?.Topics).some((topicRef) => referencedId(topicRef) === topicId) &&
      statementsOf(policy.Properties?.PolicyDocument).some((statement) => {
        const service = isRecord(statement.Principal) ? statement.Principal.Service : undefined;
        const arnLike = isRecord(statement.Condition) ? statement.Condition.ArnLike : undefined;
        const pattern = textOf(isRecord(arnLike) ? arnLike['aws:SourceArn'] : undefined).split(':alarm:')[1];
        return (
          statement.Effect === 'Allow' &&
          service === 'cloudwatch.amazonaws.com' &&
          pattern !== undefined &&
          new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(alarmName)
        );
      }),
  );
}

/** Every function's log group keeps its logs a limited number of days. */
export function logGroupProblems(template: Template): string[] {
  return resourcesOfType(template, 'AWS::Lambda::Function').flatMap(([functionId, fn]) => {
    const name = `/aws/lambda/${String(fn.Properties?.FunctionName)}`;
    const group = resourcesOfType(template, 'AWS::Logs::LogGroup').find(
      ([, candidate]) => candidate.Properties?.LogGroupName === name,
    );
    if (group === undefined) return [`${functionId} has no log group ${name} in the template`];
    const days = group[1].Properties?.RetentionInDays;
    return typeof days === 'number' && days > 0 ? [] : [`${group[0]} has no RetentionInDays`];
  });
}

/**
 * Each dashboard body, once Fn::Sub has replaced its placeholders, is JSON; its placeholders
 * name pseudo parameters, its own variables or resources of the stack that exist whatever the
 * conditions (a conditional resource would break the dashboard when absent).
 */
export function dashboardProblems(template: Template): string[] {
  return resourcesOfType(template, 'AWS::CloudWatch::Dashboard').flatMap(([dashboardId, dashboard]) => {
    const sub = isRecord(dashboard.Properties?.DashboardBody)
      ? dashboard.Properties.DashboardBody['Fn::Sub']
      : undefined;
    const [body, variables] = Array.isArray(sub) ? sub : [sub, {}];
    if (typeof body !== 'string') return [`${dashboardId} DashboardBody is not an Fn::Sub of a string`];
    const problems: string[] = [];
    for (const [, placeholder = ''] of body.matchAll(/\$\{([^}]+)\}/g)) {
      const id = placeholder.split('.')[0] ?? '';
      const known = placeholder.startsWith('AWS::') || (isRecord(variables) && id in variables);
      const resource = template.Resources[id];
      if (!known && (resource === undefined || resource.Condition !== undefined)) {
        problems.push(`${dashboardId} uses \${${placeholder}}, not a variable or an unconditional resource`);
      }
    }
    try {
      JSON.parse(body.replace(/\$\{[^}]+\}/g, 'x'));
    } catch (error) {
      problems.push(`${dashboardId} body is not JSON: ${(error as Error).message}`);
    }
    return problems;
  });
}

function statementsOf(document: Json): Record<string, unknown>[] {
  return isRecord(document) ? alternatives(document.Statement).filter(isRecord) : [];
}
