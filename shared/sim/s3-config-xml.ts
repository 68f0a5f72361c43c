import { parseXml, toXml, type XmlNode, type XmlStyle, type XmlValue } from './xml.js';

/**
 * S3 bucket documents between the world's JSON (the SDK's member names) and S3's XML, whose
 * names differ: lists are flattened under the singular name, `LambdaFunctionArn` is
 * `<CloudFunction>`, `Filter.Key` is `<S3Key>`.
 */

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

const LIST_ITEMS: Record<string, string> = {
  Rules: 'Rule',
  Tags: 'Tag',
  Events: 'Event',
  FilterRules: 'FilterRule',
  TopicConfigurations: 'TopicConfiguration',
  QueueConfigurations: 'QueueConfiguration',
  LambdaFunctionConfigurations: 'CloudFunctionConfiguration',
};

const ELEMENT_NAMES: Record<string, string> = {
  TopicArn: 'Topic',
  QueueArn: 'Queue',
  LambdaFunctionArn: 'CloudFunction',
};

const s3Style: XmlStyle = {
  listItem: (member) => ({ item: LIST_ITEMS[member] ?? member }),
  rename: (member, value) => {
    if (member === 'Key' && typeof value === 'object') return 'S3Key';
    return ELEMENT_NAMES[member] ?? member;
  },
};

/** A JSON document as the body of an S3 XML response, with S3's namespace on the root. */
export function s3DocumentXml(root: string, document: Record<string, unknown>): string {
  const inner = toXml(root, document as XmlValue, s3Style);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${inner.replace(`<${root}>`, `<${root} xmlns="${S3_NAMESPACE}">`)}`;
}

const MEMBER_OF_ELEMENT: Record<string, string> = Object.fromEntries([
  ...Object.entries(ELEMENT_NAMES).map(([member, element]) => [element, member]),
  ['S3Key', 'Key'],
]);
const LIST_OF_ELEMENT: Record<string, string> = Object.fromEntries(
  Object.entries(LIST_ITEMS).map(([member, element]) => [element, member]),
);
const NUMBERS = new Set(['Priority', 'Minutes']);
const EMPTY_STRUCTURES = new Set(['EventBridgeConfiguration']);

/** Parses an S3 XML request body (PutBucketReplication, PutBucketNotificationConfiguration) into JSON. */
export function s3XmlDocument(xml: string): Record<string, unknown> {
  return nodeToJson(parseXml(xml));
}

function nodeToJson(node: XmlNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const child of node.children) {
    const value = childValue(child);
    // `<Tag>` is a list item inside `<And>` and a single structure inside `<Filter>`.
    const list = child.name === 'Tag' && node.name !== 'And' ? undefined : LIST_OF_ELEMENT[child.name];
    if (list !== undefined) {
      const items = (out[list] as unknown[] | undefined) ?? [];
      items.push(value);
      out[list] = items;
    } else {
      out[MEMBER_OF_ELEMENT[child.name] ?? child.name] = value;
    }
  }
  return out;
}

function childValue(node: XmlNode): unknown {
  if (node.children.length > 0 || EMPTY_STRUCTURES.has(node.name)) return nodeToJson(node);
  const text = node.text;
  return NUMBERS.has(node.name) ? Number(text) : text;
}
