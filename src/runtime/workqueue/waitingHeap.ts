// The items a DelayingQueue holds back, as a binary min-heap on ready time with a key index, so
// the earliest is found in O(1), inserted and moved earlier in O(log n), and a key is held once.

export interface WaitingEntry<T> {
  key: unknown;
  item: T;
  readyAt: number;
  /** Insertion order, so entries ready at the same time leave in the order they came. */
  seq: number;
  index: number;
}

export class WaitingHeap<T> {
  private readonly entries: WaitingEntry<T>[] = [];
  private readonly byKey = new Map<unknown, WaitingEntry<T>>();
  private seq = 0;

  get size(): number {
    return this.entries.length;
  }

  peek(): WaitingEntry<T> | undefined {
    return this.entries[0];
  }

  /** Holds item until readyAt; an item already held keeps the earlier of its two ready times. */
  insert(key: unknown, item: T, readyAt: number): void {
    const existing = this.byKey.get(key);
    if (existing) {
      if (readyAt >= existing.readyAt) return;
      existing.readyAt = readyAt;
      this.up(existing.index);
    } else {
      const entry: WaitingEntry<T> = { key, item, readyAt, seq: this.seq++, index: this.entries.length };
      this.entries.push(entry);
      this.byKey.set(key, entry);
      this.up(entry.index);
    }
  }

  pop(): WaitingEntry<T> | undefined {
    const top = this.entries[0];
    if (!top) return undefined;
    const last = this.entries.pop()!;
    if (last !== top) {
      last.index = 0;
      this.entries[0] = last;
      this.down(0);
    }
    this.byKey.delete(top.key);
    return top;
  }

  clear(): void {
    this.entries.length = 0;
    this.byKey.clear();
  }

  private less(a: WaitingEntry<T>, b: WaitingEntry<T>): boolean {
    return a.readyAt < b.readyAt || (a.readyAt === b.readyAt && a.seq < b.seq);
  }

  private swap(i: number, j: number): void {
    const a = this.entries[i];
    const b = this.entries[j];
    this.entries[i] = b;
    this.entries[j] = a;
    b.index = i;
    a.index = j;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(this.entries[i], this.entries[parent])) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.entries.length;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < n && this.less(this.entries[left], this.entries[smallest])) smallest = left;
      if (right < n && this.less(this.entries[right], this.entries[smallest])) smallest = right;
      if (smallest === i) break;
      this.swap(i, smallest);
      i = smallest;
    }
  }
}
