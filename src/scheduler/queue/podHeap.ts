// The active queue's order: higher priority first, then the pod waiting longest (upstream's
// PrioritySort). A binary heap with removal by key.
export interface HeapItem {
  key: string;
  priority: number;
  timestamp: number;
}

export class PodHeap<T extends HeapItem> {
  private readonly items: T[] = [];
  private readonly index = new Map<string, number>();

  get size(): number {
    return this.items.length;
  }

  has(key: string): boolean {
    return this.index.has(key);
  }

  get(key: string): T | undefined {
    const at = this.index.get(key);
    return at === undefined ? undefined : this.items[at];
  }

  push(item: T): void {
    const at = this.index.get(item.key);
    if (at !== undefined) {
      this.items[at] = item;
      this.down(this.up(at));
      return;
    }
    this.items.push(item);
    this.index.set(item.key, this.items.length - 1);
    this.up(this.items.length - 1);
  }

  pop(): T | undefined {
    if (this.items.length === 0) return undefined;
    const top = this.items[0]!;
    this.removeAt(0);
    return top;
  }

  delete(key: string): T | undefined {
    const at = this.index.get(key);
    if (at === undefined) return undefined;
    const item = this.items[at]!;
    this.removeAt(at);
    return item;
  }

  private removeAt(at: number): void {
    const last = this.items.pop()!;
    this.index.delete(this.items.length === at ? last.key : this.items[at]!.key);
    if (at < this.items.length) {
      this.items[at] = last;
      this.index.set(last.key, at);
      this.down(this.up(at));
    }
  }

  private less(a: T, b: T): boolean {
    return a.priority !== b.priority ? a.priority > b.priority : a.timestamp < b.timestamp;
  }

  private swap(i: number, j: number): void {
    const [a, b] = [this.items[i]!, this.items[j]!];
    this.items[i] = b;
    this.items[j] = a;
    this.index.set(b.key, i);
    this.index.set(a.key, j);
  }

  private up(at: number): number {
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.less(this.items[at]!, this.items[parent]!)) break;
      this.swap(at, parent);
      at = parent;
    }
    return at;
  }

  private down(at: number): void {
    for (;;) {
      const [left, right] = [2 * at + 1, 2 * at + 2];
      let best = at;
      if (left < this.items.length && this.less(this.items[left]!, this.items[best]!)) best = left;
      if (right < this.items.length && this.less(this.items[right]!, this.items[best]!)) best = right;
      if (best === at) return;
      this.swap(at, best);
      at = best;
    }
  }
}
