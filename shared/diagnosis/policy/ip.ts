interface Address {
  bits: 32 | 128;
  value: bigint;
}

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const GROUP = /^[0-9a-fA-F]{1,4}$/;

/**
 * Whether `address` lies in `range` (a CIDR block or a single address), for IpAddress and
 * NotIpAddress. IPv4 and IPv6 never match each other. Undefined when either side is not an
 * address: IAM then matches in neither the positive nor the negated sense.
 */
export function ipInRange(address: string, range: string): boolean | undefined {
  const [base = '', prefixText] = range.split('/');
  const network = parseAddress(base);
  const request = parseAddress(address);
  if (network === undefined || request === undefined) return undefined;
  const prefix = prefixText === undefined ? network.bits : Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText ?? '0') || prefix > network.bits) return undefined;
  if (network.bits !== request.bits) return false;
  const shift = BigInt(network.bits - prefix);
  return network.value >> shift === request.value >> shift;
}

function parseAddress(text: string): Address | undefined {
  return text.includes(':') ? parseIpv6(text) : parseIpv4(text);
}

function parseIpv4(text: string): Address | undefined {
  const octets = text.split('.');
  if (octets.length !== 4 || !octets.every((octet) => OCTET.test(octet))) return undefined;
  return { bits: 32, value: octets.reduce((sum, octet) => (sum << 8n) + BigInt(octet), 0n) };
}

/** Full and `::`-compressed forms; an embedded IPv4 tail is not needed for the keys we read. */
function parseIpv6(text: string): Address | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!groups.every((group) => GROUP.test(group))) return undefined;
  return { bits: 128, value: groups.reduce((sum, group) => (sum << 16n) + BigInt(`0x${group}`), 0n) };
}
