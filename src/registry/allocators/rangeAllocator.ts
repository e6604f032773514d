// Allocation of unique values from a numeric range (Service cluster IPs, node ports), held
// as marker keys in storage: creating a marker is atomic, so two API servers never hand out
// the same value, and a value is free again when its marker is deleted.
import { isStorageError, type Storage } from '../../storage/index.js';

export type AllocateResult = { ok: true; value: number } | { ok: false; reason: 'taken' | 'range' | 'full' };

export class RangeAllocator {
  constructor(
    private readonly storage: Storage,
    /** Storage prefix of the markers, e.g. `/registry/ranges/nodeports/`. */
    private readonly prefix: string,
    readonly first: number,
    readonly last: number,
  ) {}

  private key(value: number): string {
    return `${this.prefix}${value}`;
  }

  contains(value: number): boolean {
    return value >= this.first && value <= this.last;
  }

  /** Takes `value`, which must be free and in range. */
  async allocate(value: number, owner: string): Promise<AllocateResult> {
    if (!this.contains(value)) return { ok: false, reason: 'range' };
    try {
      await this.storage.create(this.key(value), Buffer.from(owner));
      return { ok: true, value };
    } catch (error) {
      if (isStorageError(error, 'KeyExists')) return { ok: false, reason: 'taken' };
      throw error;
    }
  }

  /** Takes a free value: a random start, then the next free one. */
  async allocateNext(owner: string): Promise<AllocateResult> {
    const size = this.last - this.first + 1;
    const start = Math.floor(Math.random() * size);
    for (let i = 0; i < size; i++) {
      const value = this.first + ((start + i) % size);
      const result = await this.allocate(value, owner);
      if (result.ok) return result;
    }
    return { ok: false, reason: 'full' };
  }

  async release(value: number): Promise<void> {
    try {
      await this.storage.delete(this.key(value));
    } catch (error) {
      if (!isStorageError(error, 'NotFound')) throw error;
    }
  }

  /** Every value held, with its owner. */
  async allocated(): Promise<Map<number, string>> {
    const { kvs } = await this.storage.list(this.prefix);
    return new Map(kvs.map((kv) => [Number(kv.key.slice(this.prefix.length)), kv.value.toString()]));
  }
}

/** An IPv4 CIDR as a numeric range of usable addresses (network and broadcast excluded). */
export function ipv4Range(cidr: string): { first: number; last: number } {
  const [address, bits] = cidr.split('/');
  const base = ipv4ToNumber(address);
  const size = 2 ** (32 - Number(bits));
  const network = base - (base % size);
  return { first: network + 1, last: network + size - 2 };
}

export function ipv4ToNumber(ip: string): number {
  return ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

export function numberToIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}
