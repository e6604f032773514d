// Turns contract keys into etcd's byte keys (with the configured prefix in front) and etcd's
// key-value records back into the contract's KeyValue.
import type { IKeyValue } from 'etcd3';
import type { KeyValue } from '../storage.js';

/** Byte-wise end of the prefix range: the smallest key greater than every key starting with
 * `start`. An empty start (or one of only 0xff bytes) ranges to the end of the key space. */
export function bytePrefixEnd(start: Buffer): Buffer {
  for (let i = start.length - 1; i >= 0; i--) {
    if (start[i] < 0xff) {
      const end = Buffer.from(start.subarray(0, i + 1));
      end[i]++;
      return end;
    }
  }
  return Buffer.from([0]); // etcd: range_end "\0" means "every key >= start"
}

export class EtcdKeyCodec {
  private readonly prefix: Buffer;

  constructor(prefix: string) {
    this.prefix = Buffer.from(prefix, 'utf8');
  }

  encode(key: string): Buffer {
    return this.prefix.length === 0
      ? Buffer.from(key, 'utf8')
      : Buffer.concat([this.prefix, Buffer.from(key, 'utf8')]);
  }

  decode(raw: Buffer): string {
    return raw.subarray(this.prefix.length).toString('utf8');
  }

  /** The etcd range [start, end) holding every key under `prefix`. */
  prefixRange(prefix: string): { start: Buffer; end: Buffer } {
    const start = this.encode(prefix);
    return { start, end: bytePrefixEnd(start) };
  }

  /** The etcd range of keys under `prefix` that sort after `after` (exclusive). */
  rangeAfter(prefix: string, after: string | undefined): { start: Buffer; end: Buffer } {
    const range = this.prefixRange(prefix);
    if (after === undefined) return range;
    // The first key after `after` is `after` followed by a zero byte.
    const next = Buffer.concat([this.encode(after), Buffer.from([0])]);
    return Buffer.compare(next, range.start) > 0 ? { start: next, end: range.end } : range;
  }

  toKeyValue(kv: IKeyValue): KeyValue {
    return {
      key: this.decode(kv.key),
      value: kv.value,
      createRevision: Number(kv.create_revision),
      modRevision: Number(kv.mod_revision),
    };
  }
}
