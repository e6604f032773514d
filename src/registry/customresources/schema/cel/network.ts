// The Kubernetes IP and CIDR CEL libraries: ip()/isIP()/ip.isCanonical() with family() and the
// isUnspecified/isLoopback/isLinkLocalMulticast/isLinkLocalUnicast/isGlobalUnicast tests, and
// cidr()/isCIDR() with containsIP, containsCIDR, ip, masked and prefixLength; string() of both.
// Addresses parse as Go's netip does (no leading zeros, no zones, no IPv4-mapped IPv6).
import { EvaluationError, type Environment } from '@marcbachmann/cel-js';

export class IPAddress {
  constructor(readonly value: bigint, readonly bits: 32 | 128) {}

  get family(): bigint {
    return this.bits === 32 ? 4n : 6n;
  }

  /** Whether the address lies in prefix/len (given for its family). */
  within(prefix: bigint, length: number): boolean {
    const shift = BigInt(this.bits - length);
    return this.value >> shift === prefix >> shift;
  }

  toString(): string {
    if (this.bits === 32) return [24n, 16n, 8n, 0n].map((s) => String((this.value >> s) & 255n)).join('.');
    const groups = Array.from({ length: 8 }, (_, i) => Number((this.value >> BigInt(112 - 16 * i)) & 0xffffn));
    let best = { at: -1, length: 0 };
    for (let i = 0; i < 8;) {
      if (groups[i] !== 0) { i++; continue; }
      let j = i;
      while (j < 8 && groups[j] === 0) j++;
      if (j - i > best.length && j - i >= 2) best = { at: i, length: j - i };
      i = j;
    }
    const hex = groups.map((g) => g.toString(16));
    if (best.at < 0) return hex.join(':');
    return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.length).join(':')}`;
  }
}

export class CIDR {
  constructor(readonly address: IPAddress, readonly length: number) {}

  get masked(): CIDR {
    const shift = BigInt(this.address.bits - this.length);
    return new CIDR(new IPAddress((this.address.value >> shift) << shift, this.address.bits), this.length);
  }

  containsIP(ip: IPAddress): boolean {
    return ip.bits === this.address.bits && ip.within(this.address.value, this.length);
  }

  containsCIDR(other: CIDR): boolean {
    return other.length >= this.length && this.containsIP(other.address);
  }

  toString(): string {
    return `${this.address.toString()}/${this.length}`;
  }
}

function parseIPv4(text: string, whole: string): bigint {
  const parts = text.split('.');
  if (parts.length < 4) throw new Error(`ParseAddr(${JSON.stringify(whole)}): IPv4 address too short`);
  if (parts.length > 4) throw new Error(`ParseAddr(${JSON.stringify(whole)}): IPv4 address too long`);
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) throw new Error(`ParseAddr(${JSON.stringify(whole)}): unexpected character`);
    if (part.length > 1 && part.startsWith('0')) throw new Error(`ParseAddr(${JSON.stringify(whole)}): IPv4 field has octet with leading zero`);
    if (Number(part) > 255) throw new Error(`ParseAddr(${JSON.stringify(whole)}): IPv4 field has value >255`);
    value = (value << 8n) | BigInt(part);
  }
  return value;
}

function parseIPv6(text: string): bigint {
  const bad = () => new Error(`ParseAddr(${JSON.stringify(text)}): unable to parse IP`);
  let body = text;
  let tail: bigint[] = [];
  const lastColon = body.lastIndexOf(':');
  if (body.slice(lastColon + 1).includes('.')) {
    const v4 = parseIPv4(body.slice(lastColon + 1), text);
    tail = [v4 >> 16n, v4 & 0xffffn];
    const prefix = body.slice(0, lastColon + 1);
    body = prefix.endsWith('::') ? prefix : prefix.slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) throw bad();
  const group = (g: string) => {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) throw bad();
    return BigInt(`0x${g}`);
  };
  const head = halves[0] === '' ? [] : halves[0]!.split(':').map(group);
  const rest = halves.length === 2 ? (halves[1] === '' ? [] : halves[1]!.split(':').map(group)) : [];
  const count = head.length + rest.length + tail.length;
  if (halves.length === 1 ? count !== 8 : count > 7) throw bad();
  const groups = [...head, ...Array(8 - count).fill(0n), ...rest, ...tail];
  return groups.reduce((acc, g) => (acc << 16n) | g, 0n);
}

/** An address as the Kubernetes library parses it, or an error with its text. */
export function parseIP(text: string): IPAddress {
  let address: IPAddress;
  try {
    if (text.includes('%')) {
      parseIPv6(text.slice(0, text.indexOf('%')));
      throw new EvaluationError(`IP address ${JSON.stringify(text)} with zone value is not allowed`);
    }
    address = text.includes(':') ? new IPAddress(parseIPv6(text), 128) : new IPAddress(parseIPv4(text, text), 32);
  } catch (error) {
    if (error instanceof EvaluationError) throw error;
    throw new EvaluationError(`IP Address ${JSON.stringify(text)} parse error during conversion from string: ${(error as Error).message}`);
  }
  if (address.bits === 128 && address.value >> 32n === 0xffffn) {
    throw new EvaluationError(`IPv4-mapped IPv6 address ${JSON.stringify(text)} is not allowed`);
  }
  return address;
}

export function parseCIDR(text: string): CIDR {
  const slash = text.lastIndexOf('/');
  const fail = (why: string) => new EvaluationError(`network address parse error during conversion from string: netip.ParsePrefix(${JSON.stringify(text)}): ${why}`);
  if (slash < 0) throw fail("no '/'");
  const address = (() => {
    try {
      return parseIP(text.slice(0, slash));
    } catch (error) {
      throw fail((error as Error).message);
    }
  })();
  const bits = text.slice(slash + 1);
  if (!/^(0|[1-9]\d*)$/.test(bits) || Number(bits) > address.bits) throw fail(`bad bits after slash: ${JSON.stringify(bits)}`);
  return new CIDR(address, Number(bits));
}

const succeeds = (parse: () => unknown): boolean => {
  try {
    parse();
    return true;
  } catch {
    return false;
  }
};

const V4 = (text: string) => parseIP(text).value;
const isMulticast = (ip: IPAddress) => (ip.bits === 32 ? ip.within(V4('224.0.0.0'), 4) : ip.value >> 120n === 0xffn);
const isLoopback = (ip: IPAddress) => (ip.bits === 32 ? ip.within(V4('127.0.0.0'), 8) : ip.value === 1n);
const isLinkLocalUnicast = (ip: IPAddress) => (ip.bits === 32 ? ip.within(V4('169.254.0.0'), 16) : ip.value >> 118n === 0x3fan);
const isLinkLocalMulticast = (ip: IPAddress) => (ip.bits === 32 ? ip.within(V4('224.0.0.0'), 24) : ip.value >> 112n === 0xff02n);
const isBroadcast = (ip: IPAddress) => ip.bits === 32 && ip.value === 0xffffffffn;

/** An object whose methods are namespaced functions (`ip.isCanonical(...)`). */
export class IPNamespace {}

export function registerNetworkLibrary(env: Environment): void {
  env
    .registerType('net.IP', IPAddress)
    .registerType('net.CIDR', CIDR)
    .registerType('kubernetes.IPNamespace', IPNamespace)
    .registerConstant('ip', 'kubernetes.IPNamespace', new IPNamespace())
    .registerOperator('net.IP == net.IP', (a: IPAddress, b: IPAddress) => a.bits === b.bits && a.value === b.value)
    .registerOperator('net.CIDR == net.CIDR', (a: CIDR, b: CIDR) => a.length === b.length && a.address.bits === b.address.bits && a.address.value === b.address.value)
    .registerFunction('ip(string): net.IP', parseIP)
    .registerFunction('isIP(string): bool', (s: string) => succeeds(() => parseIP(s)))
    .registerFunction('kubernetes.IPNamespace.isCanonical(string): bool', (_ns: IPNamespace, s: string) => parseIP(s).toString() === s)
    .registerFunction('string(net.IP): string', (ip: IPAddress) => ip.toString())
    .registerFunction('net.IP.family(): int', (ip: IPAddress) => ip.family)
    .registerFunction('net.IP.isUnspecified(): bool', (ip: IPAddress) => ip.value === 0n)
    .registerFunction('net.IP.isLoopback(): bool', isLoopback)
    .registerFunction('net.IP.isLinkLocalMulticast(): bool', isLinkLocalMulticast)
    .registerFunction('net.IP.isLinkLocalUnicast(): bool', isLinkLocalUnicast)
    .registerFunction('net.IP.isGlobalUnicast(): bool', (ip: IPAddress) => ip.value !== 0n && !isLoopback(ip) && !isMulticast(ip) && !isLinkLocalUnicast(ip) && !isBroadcast(ip))
    .registerFunction('cidr(string): net.CIDR', parseCIDR)
    .registerFunction('isCIDR(string): bool', (s: string) => succeeds(() => parseCIDR(s)))
    .registerFunction('string(net.CIDR): string', (c: CIDR) => c.toString())
    .registerFunction('net.CIDR.containsIP(net.IP): bool', (c: CIDR, ip: IPAddress) => c.containsIP(ip))
    .registerFunction('net.CIDR.containsIP(string): bool', (c: CIDR, ip: string) => c.containsIP(parseIP(ip)))
    .registerFunction('net.CIDR.containsCIDR(net.CIDR): bool', (c: CIDR, other: CIDR) => c.containsCIDR(other))
    .registerFunction('net.CIDR.containsCIDR(string): bool', (c: CIDR, other: string) => c.containsCIDR(parseCIDR(other)))
    .registerFunction('net.CIDR.ip(): net.IP', (c: CIDR) => c.address)
    .registerFunction('net.CIDR.masked(): net.CIDR', (c: CIDR) => c.masked)
    .registerFunction('net.CIDR.prefixLength(): int', (c: CIDR) => BigInt(c.length));
}
