import type { Severity } from '../model/findings.js';
import { byteLength, plainText } from './text.js';

/** SNS's limit for a whole message (all protocol bodies together), in bytes. */
export const SNS_MESSAGE_LIMIT_BYTES = 262_144;

/** An SNS message attribute as Publish takes it; `String` so subscription filter policies can match. */
export interface SnsStringAttribute {
  DataType: 'String';
  StringValue: string;
}

/**
 * An SNS message published with MessageStructure json: one body per protocol. `default` goes to
 * every protocol without its own key (SQS, Lambda, HTTP), `email` to e-mail subscribers, `https`
 * to HTTPS subscribers, AWS Chatbot among them.
 */
export interface IncidentNotification {
  /** The incident id (stable for its whole life), or the digest's id. */
  id: string;
  type: 'incident' | 'digest';
  severity: Severity;
  subject: string;
  messageStructure: 'json';
  message: { default: string; email: string; https: string };
  /** For subscription filter policies: `severity`, `transition`, `code`, `sourceBucket`, `type`. */
  messageAttributes: Record<string, SnsStringAttribute>;
  /** True when causes, samples or incidents were cut to fit SNS's size limit. */
  truncated: boolean;
}

/** Attributes with an empty value are left out: SNS refuses them. */
export function stringAttributes(values: Record<string, string>): Record<string, SnsStringAttribute> {
  const attributes: Record<string, SnsStringAttribute> = {};
  for (const [name, value] of Object.entries(values)) {
    const text = plainText(value);
    if (text !== '') attributes[name] = { DataType: 'String', StringValue: text };
  }
  return attributes;
}

/**
 * What counts toward SNS's 262,144-byte limit: the message and its attributes (name, type and
 * value). The subject is counted too, to keep a margin.
 */
export function snsMessageBytes(
  subject: string,
  message: IncidentNotification['message'],
  attributes: Record<string, SnsStringAttribute>,
): number {
  let bytes = byteLength(subject) + byteLength(JSON.stringify(message));
  for (const [name, attribute] of Object.entries(attributes)) {
    bytes += byteLength(name) + byteLength(attribute.DataType) + byteLength(attribute.StringValue);
  }
  return bytes;
}

/**
 * Renders with the largest lists that fit: starts from `initial`, and while the message is too
 * big asks `shrink` for smaller lists, rendering again with `truncated` set so the bodies say
 * so. Stops when `shrink` has nothing left to give (texts are bounded, so that always fits).
 */
export function fitToLimit<Limits>(
  render: (limits: Limits, truncated: boolean) => IncidentNotification['message'],
  measure: (message: IncidentNotification['message']) => number,
  initial: Limits,
  shrink: (limits: Limits) => Limits | undefined,
  limitBytes: number,
): { message: IncidentNotification['message']; truncated: boolean } {
  let limits = initial;
  let truncated = false;
  let message = render(limits, truncated);
  while (measure(message) > limitBytes) {
    const smaller = shrink(limits);
    if (smaller === undefined) break;
    limits = smaller;
    truncated = true;
    message = render(limits, truncated);
  }
  return { message, truncated };
}
