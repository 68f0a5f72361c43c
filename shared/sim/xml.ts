/** Just enough XML for AWS's REST-XML and query protocols: escaping, building and a small parser. */

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export type XmlValue =
  | string
  | number
  | boolean
  | Date
  | undefined
  | XmlValue[]
  | { [name: string]: XmlValue };

/**
 * Serialises a JSON value. `listItem` names the repeated element of a list member (IAM wraps
 * items in `<member>`; S3 flattens lists, repeating the singular name); `rename` maps JSON member
 * names to XML element names where S3's differ (`LambdaFunctionArn` is `<CloudFunction>`).
 */
export interface XmlStyle {
  listItem(member: string): { wrapper?: string; item: string };
  rename?(member: string, value: XmlValue): string;
}

export function toXml(name: string, value: XmlValue, style: XmlStyle): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) {
    const { wrapper, item } = style.listItem(name);
    const items = value.map((entry) => toXml(item, entry, style)).join('');
    return wrapper === undefined ? items : `<${wrapper}>${items}</${wrapper}>`;
  }
  if (value instanceof Date) return `<${name}>${value.toISOString()}</${name}>`;
  if (typeof value === 'object') {
    const children = Object.entries(value)
      .map(([member, child]) => toXml(style.rename?.(member, child) ?? member, child, style))
      .join('');
    return `<${name}>${children}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** IAM/STS/SNS style: `<Things><member>…</member></Things>`. */
export const queryStyle: XmlStyle = { listItem: (member) => ({ wrapper: member, item: 'member' }) };

export interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

/** Parses the XML bodies the SDK sends (no DTDs, no CDATA; attributes ignored). */
export function parseXml(text: string): XmlNode {
  const root: XmlNode = { name: '#document', children: [], text: '' };
  const stack: XmlNode[] = [root];
  const token =
    /<\?[^>]*\?>|<!--[\s\S]*?-->|<\/([\w:.-]+)\s*>|<([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  for (const match of text.matchAll(token)) {
    const current = stack.at(-1);
    if (current === undefined) throw new SyntaxError('XML: unbalanced closing tag');
    const [, closing, opening, , selfClosing, chars] = match;
    if (closing !== undefined) {
      if (current.name !== closing) throw new SyntaxError(`XML: </${closing}> closes <${current.name}>`);
      stack.pop();
    } else if (opening !== undefined) {
      const node: XmlNode = { name: opening, children: [], text: '' };
      current.children.push(node);
      if (selfClosing !== '/') stack.push(node);
    } else if (chars !== undefined) {
      current.text += unescapeXml(chars);
    }
  }
  if (stack.length !== 1) throw new SyntaxError('XML: unclosed element');
  const [document] = root.children;
  if (document === undefined) throw new SyntaxError('XML: empty document');
  return document;
}

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[entity] ?? '';
  });
}
