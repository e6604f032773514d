// Pod IPv4 addresses for one simulated node, handed out from its pod CIDR (e.g.
// 10.244.3.0/24): the network and gateway (.1) addresses and the broadcast address are never
// given; a released address is reused only after the rest of the range.

function toNumber(ip: string): number {
  return ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

function toIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export class PodAddresses {
  private readonly first: number;
  private readonly last: number;
  private next: number;
  private readonly inUse = new Set<number>();

  constructor(cidr: string) {
    const [base, bits] = cidr.split('/');
    const size = 2 ** (32 - Number(bits));
    const network = toNumber(base) - (toNumber(base) % size);
    this.first = network + 2;
    this.last = network + size - 2;
    this.next = this.first;
  }

  allocate(): string {
    for (let tried = 0; tried <= this.last - this.first; tried++) {
      const candidate = this.next;
      this.next = candidate >= this.last ? this.first : candidate + 1;
      if (!this.inUse.has(candidate)) {
        this.inUse.add(candidate);
        return toIp(candidate);
      }
    }
    throw new Error('no pod addresses left in the range');
  }

  release(ip: string): void {
    this.inUse.delete(toNumber(ip));
  }
}
