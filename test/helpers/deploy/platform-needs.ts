import {
  alternatives,
  isRecord,
  type Json,
  referencedId,
  resourcesOfType,
  type Template,
  textOf,
} from './template.js';

/** An action a role needs whatever the code does, on one resource. */
export interface Need {
  action: string;
  /** Who needs it: `HeadObjectCommand (shared/aws/s3-object-reader.ts:99)`, `the SQS event source`. */
  reason: string;
  /** When set, a granting statement must name exactly this resource. */
  resource?: ResourceExpectation;
}

export interface ResourceExpectation {
  text: string;
  matches: (resource: Json) => boolean;
}

export interface PlatformNeeds {
  needs: Need[];
  /** Function features this test does not know the permissions of: each one fails it. */
  unsupported: string[];
}

/**
 * What Lambda does with the function's role, read from the template: write its logs, poll its
 * SQS event source, send to its asynchronous-invocation destinations and dead-letter target,
 * trace to X-Ray.
 */
export function platformNeeds(template: Template, functionId: string): PlatformNeeds {
  const properties = template.Resources[functionId]?.Properties ?? {};
  const needs: Need[] = [];
  const unsupported: string[] = [];
  for (const feature of ['VpcConfig', 'KmsKeyArn', 'FileSystemConfigs']) {
    if (properties[feature] !== undefined) unsupported.push(`${functionId} sets ${feature}`);
  }
  const logGroup = logGroupOf(template, properties.FunctionName);
  if (logGroup === undefined) {
    unsupported.push(
      `${functionId} has no AWS::Logs::LogGroup in the template (its logs would never expire)`,
    );
  } else {
    const resource = {
      text: `…:log-group:${logGroup}:*`,
      matches: (value: Json) => isLogGroup(value, logGroup),
    };
    for (const action of ['logs:CreateLogStream', 'logs:PutLogEvents']) {
      needs.push({ action, reason: 'Lambda writing its logs', resource });
    }
  }
  for (const [mappingId, mapping] of resourcesOfType(template, 'AWS::Lambda::EventSourceMapping')) {
    if (referencedId(mapping.Properties?.FunctionName) !== functionId) continue;
    const source = mapping.Properties?.EventSourceArn;
    if (typeOf(template, source) !== 'AWS::SQS::Queue') {
      unsupported.push(`${mappingId} polls ${textOf(source)}, not an SQS queue of the template`);
      continue;
    }
    for (const action of ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes']) {
      needs.push({ action, reason: `the SQS event source ${mappingId}`, resource: exactly(source) });
    }
  }
  for (const [configId, config] of resourcesOfType(template, 'AWS::Lambda::EventInvokeConfig')) {
    if (referencedId(config.Properties?.FunctionName) !== functionId) continue;
    const destinations = isRecord(config.Properties?.DestinationConfig)
      ? config.Properties.DestinationConfig
      : {};
    for (const [when, destination] of Object.entries(destinations)) {
      const target = isRecord(destination) ? destination.Destination : undefined;
      needs.push(...sendNeeds(template, target, `the ${when} destination of ${configId}`, unsupported));
    }
  }
  const deadLetter = isRecord(properties.DeadLetterConfig)
    ? properties.DeadLetterConfig.TargetArn
    : undefined;
  if (deadLetter !== undefined) {
    needs.push(...sendNeeds(template, deadLetter, `the dead-letter target of ${functionId}`, unsupported));
  }
  if (isRecord(properties.TracingConfig) && properties.TracingConfig.Mode === 'Active') {
    for (const action of ['xray:PutTraceSegments', 'xray:PutTelemetryRecords']) {
      needs.push({ action, reason: 'active X-Ray tracing' });
    }
  }
  return { needs, unsupported };
}

const SEND_ACTIONS: Record<string, string> = {
  'AWS::SQS::Queue': 'sqs:SendMessage',
  'AWS::SNS::Topic': 'sns:Publish',
  'AWS::Lambda::Function': 'lambda:InvokeFunction',
  'AWS::Events::EventBus': 'events:PutEvents',
};
const SEND_BY_SERVICE: Record<string, string> = {
  sqs: 'sqs:SendMessage',
  sns: 'sns:Publish',
  lambda: 'lambda:InvokeFunction',
  events: 'events:PutEvents',
};

function sendNeeds(template: Template, target: Json, reason: string, unsupported: string[]): Need[] {
  const type = typeOf(template, target);
  const service = typeof target === 'string' ? target.split(':')[2] : undefined;
  const action = (type && SEND_ACTIONS[type]) ?? (service && SEND_BY_SERVICE[service]);
  if (!action) {
    unsupported.push(`${reason} is ${textOf(target)}, whose send action this test does not know`);
    return [];
  }
  return [{ action, reason, resource: exactly(target) }];
}

function typeOf(template: Template, value: Json): string | undefined {
  const id = referencedId(value);
  return id === undefined ? undefined : template.Resources[id]?.Type;
}

function exactly(expected: Json): ResourceExpectation {
  const text = textOf(expected);
  return { text, matches: (resource) => JSON.stringify(resource) === JSON.stringify(expected) };
}

function logGroupOf(template: Template, functionName: Json): string | undefined {
  if (typeof functionName !== 'string') return undefined;
  const name = `/aws/lambda/${functionName}`;
  const groups = resourcesOfType(template, 'AWS::Logs::LogGroup');
  return groups.some(([, group]) => group.Properties?.LogGroupName === name) ? name : undefined;
}

/** The ARN of the group's streams: `arn:${AWS::Partition}:logs:…:log-group:NAME:*`. */
function isLogGroup(resource: Json, logGroup: string): boolean {
  return alternatives(resource).some((value) => textOf(value).endsWith(`:log-group:${logGroup}:*`));
}
