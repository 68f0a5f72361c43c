import { isDenied } from './denied.js';
import {
  jsonError,
  jsonOperation,
  jsonResult,
  parseJsonBody,
  queryError,
  queryParameters,
  queryResult,
} from './protocols.js';
import type { SimRequest, SimResponse } from './sim-http.js';
import { type CapturedEvent, callerAccount, callerArn, nextUuid, type SimState } from './state.js';

const SNS_NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';

/** SNS Publish: captured for the CLI to print, never sent. SNS names a refusal `AuthorizationError`. */
export function handleSns(state: SimState, request: SimRequest): SimResponse {
  const parameters = queryParameters(request.body);
  const action = parameters.get('Action');
  if (action !== 'Publish') {
    return queryError(
      state,
      SNS_NAMESPACE,
      400,
      'InvalidAction',
      `The simulator does not answer SNS ${action ?? ''}`,
    );
  }
  const topicArn = parameters.get('TopicArn') ?? parameters.get('TargetArn') ?? '';
  if (isDenied(state.world, 'sns:Publish', topicArn)) {
    return queryError(
      state,
      SNS_NAMESPACE,
      403,
      'AuthorizationError',
      `User: ${callerArn(state, request)} is not authorized to perform: SNS:Publish on resource: ${topicArn} because no identity-based policy allows the SNS:Publish action`,
    );
  }
  const message = parameters.get('Message');
  if (message === null || topicArn === '') {
    return queryError(
      state,
      SNS_NAMESPACE,
      400,
      'InvalidParameter',
      'Invalid parameter: TopicArn and Message are required',
    );
  }
  const messageAttributes: Record<string, { dataType: string; value: string }> = {};
  for (let index = 1; parameters.has(`MessageAttributes.entry.${index}.Name`); index++) {
    const prefix = `MessageAttributes.entry.${index}`;
    messageAttributes[parameters.get(`${prefix}.Name`) ?? ''] = {
      dataType: parameters.get(`${prefix}.Value.DataType`) ?? 'String',
      value: parameters.get(`${prefix}.Value.StringValue`) ?? '',
    };
  }
  const messageId = nextUuid(state);
  const subject = parameters.get('Subject');
  const messageGroupId = parameters.get('MessageGroupId');
  state.captured.sns.push({
    region: request.region,
    topicArn,
    ...(subject === null ? {} : { subject }),
    message,
    messageAttributes,
    ...(messageGroupId === null ? {} : { messageGroupId }),
    messageId,
  });
  // FIFO topics also answer a sequence number.
  const sequence = topicArn.endsWith('.fifo')
    ? `<SequenceNumber>${String(state.sequence).padStart(20, '0')}</SequenceNumber>`
    : '';
  return queryResult(state, SNS_NAMESPACE, 'Publish', `<MessageId>${messageId}</MessageId>${sequence}`);
}

/** EventBridge PutEvents: each entry captured and answered with an event id, or MalformedDetail as EventBridge does. */
export function handleEvents(state: SimState, request: SimRequest): SimResponse {
  const operation = jsonOperation(request.headers);
  if (operation !== 'PutEvents') {
    return jsonError(
      state,
      '1.1',
      400,
      'UnknownOperationException',
      `The simulator does not answer EventBridge ${operation}`,
    );
  }
  const input = parseJsonBody(request.body);
  const entries = (Array.isArray(input.Entries) ? input.Entries : []) as Record<string, unknown>[];
  const account = callerAccount(state, request);
  const results: Record<string, string>[] = [];
  let failed = 0;
  for (const entry of entries) {
    const busName = typeof entry.EventBusName === 'string' ? entry.EventBusName : 'default';
    const busArn = busName.startsWith('arn:')
      ? busName
      : `arn:aws:events:${request.region}:${account}:event-bus/${busName}`;
    if (isDenied(state.world, 'events:PutEvents', busArn)) {
      return jsonError(
        state,
        '1.1',
        400,
        'AccessDeniedException',
        `User: ${callerArn(state, request)} is not authorized to perform: events:PutEvents on resource: ${busArn} because no identity-based policy allows the events:PutEvents action`,
      );
    }
    const detail = typeof entry.Detail === 'string' ? entry.Detail : '';
    if (!isJsonObject(detail) || typeof entry.Source !== 'string' || typeof entry.DetailType !== 'string') {
      failed += 1;
      results.push({ ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' });
      continue;
    }
    const captured: CapturedEvent = {
      region: request.region,
      eventBusName: busName,
      source: entry.Source,
      detailType: entry.DetailType,
      detail,
      resources: Array.isArray(entry.Resources) ? entry.Resources.map(String) : [],
      ...(typeof entry.Time === 'number' ? { time: new Date(entry.Time * 1000).toISOString() } : {}),
      eventId: nextUuid(state),
    };
    state.captured.events.push(captured);
    results.push({ EventId: captured.eventId });
  }
  return jsonResult(state, '1.1', { FailedEntryCount: failed, Entries: results });
}

function isJsonObject(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}
