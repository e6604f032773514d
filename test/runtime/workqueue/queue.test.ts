// Queue: dedup, stingy processing, re-add while processing, async get, shutdown and drain.
import { describe, expect, it, jest } from '@jest/globals';
import { Queue, type GetResult } from '../../../src/runtime/workqueue/index.js';

jest.setTimeout(2000);

/** Lets promise callbacks queued so far run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

async function take<T>(queue: Queue<T>): Promise<T> {
  const result = await queue.get();
  if (result.shutdown) throw new Error('queue shut down');
  return result.item;
}

describe('Queue', () => {
  it('hands items out in the order they were added', async () => {
    const queue = new Queue<string>();
    queue.add('a');
    queue.add('b');
    queue.add('c');
    expect(queue.len()).toBe(3);
    expect([await take(queue), await take(queue), await take(queue)]).toEqual(['a', 'b', 'c']);
    expect(queue.len()).toBe(0);
  });

  it('queues an item added while it is queued once', async () => {
    const queue = new Queue<string>();
    queue.add('a');
    queue.add('b');
    queue.add('a');
    queue.add('a');
    expect(queue.len()).toBe(2);
    expect(await take(queue)).toBe('a');
    expect(await take(queue)).toBe('b');
    expect(queue.len()).toBe(0);
  });

  it('dedups objects by their key function and hands out the first one queued', async () => {
    type Request = { namespace: string; name: string; n: number };
    const queue = new Queue<Request>({ keyOf: (r) => `${r.namespace}/${r.name}` });
    queue.add({ namespace: 'ns', name: 'a', n: 1 });
    queue.add({ namespace: 'ns', name: 'a', n: 2 });
    queue.add({ namespace: 'ns', name: 'b', n: 3 });
    expect(queue.len()).toBe(2);
    const first = await take(queue);
    expect(first.n).toBe(1);
    // done recognises the item by key, not identity.
    queue.add({ namespace: 'ns', name: 'a', n: 4 });
    queue.done({ namespace: 'ns', name: 'a', n: 0 });
    expect((await take(queue)).n).toBe(3);
    expect((await take(queue)).n).toBe(4);
  });

  it('tells objects apart by identity without a key function', () => {
    const queue = new Queue<{ id: number }>();
    const a = { id: 1 };
    queue.add(a);
    queue.add(a);
    queue.add({ id: 1 });
    expect(queue.len()).toBe(2);
  });

  it('does not hand an item being processed to another worker (stingy)', async () => {
    const queue = new Queue<string>();
    queue.add('a');
    expect(await take(queue)).toBe('a');
    queue.add('a');
    // 'a' is with a worker: it is remembered, not queued.
    expect(queue.len()).toBe(0);
    let second: GetResult<string> | undefined;
    void queue.get().then((r) => (second = r));
    await settle();
    expect(second).toBeUndefined();
    queue.done('a');
    await settle();
    expect(second).toEqual({ item: 'a', shutdown: false });
  });

  it('queues an item re-added during processing once, after done', async () => {
    const queue = new Queue<string>();
    queue.add('a');
    queue.add('b');
    expect(await take(queue)).toBe('a');
    queue.add('a');
    queue.add('a');
    queue.add('c');
    expect(queue.len()).toBe(2); // b, c
    queue.done('a');
    expect(queue.len()).toBe(3); // b, c, a
    expect([await take(queue), await take(queue), await take(queue)]).toEqual(['b', 'c', 'a']);
    queue.done('a');
    expect(queue.len()).toBe(0);
  });

  it('does not queue an item again at done when it was not re-added', async () => {
    const queue = new Queue<string>();
    queue.add('a');
    await take(queue);
    queue.done('a');
    expect(queue.len()).toBe(0);
  });

  it('ignores done for an item not being processed', () => {
    const queue = new Queue<string>();
    queue.add('a');
    queue.done('a');
    queue.done('b');
    expect(queue.len()).toBe(1);
  });

  it('resolves a waiting get when an item arrives, waiting getters first come first served', async () => {
    const queue = new Queue<string>();
    const got: string[] = [];
    const first = queue.get().then((r) => got.push(`1:${r.item}`));
    const second = queue.get().then((r) => got.push(`2:${r.item}`));
    await settle();
    expect(got).toEqual([]);
    queue.add('x');
    queue.add('y');
    await Promise.all([first, second]);
    expect(got).toEqual(['1:x', '2:y']);
  });

  it('never gives one key to two workers at once, and processes every add', async () => {
    const queue = new Queue<string>();
    const active = new Set<string>();
    const processed: string[] = [];
    let overlap = false;
    const worker = async () => {
      for (;;) {
        const { item, shutdown } = await queue.get();
        if (shutdown) return;
        if (active.has(item)) overlap = true;
        active.add(item);
        await settle();
        processed.push(item);
        active.delete(item);
        queue.done(item);
      }
    };
    const workers = [worker(), worker(), worker(), worker()];
    for (let round = 0; round < 20; round++) {
      for (const key of ['a', 'b', 'c']) queue.add(key);
      await settle();
    }
    await queue.shutDownWithDrain();
    queue.shutDown();
    await Promise.all(workers);
    expect(overlap).toBe(false);
    // Every key was processed at least once after its last add.
    expect(new Set(processed)).toEqual(new Set(['a', 'b', 'c']));
  });

  describe('shutDown', () => {
    it('wakes every waiting get with shutdown', async () => {
      const queue = new Queue<string>();
      const waiting = [queue.get(), queue.get(), queue.get()];
      await settle();
      queue.shutDown();
      expect(await Promise.all(waiting)).toEqual([
        { item: undefined, shutdown: true },
        { item: undefined, shutdown: true },
        { item: undefined, shutdown: true },
      ]);
      expect(queue.shuttingDown()).toBe(true);
    });

    it('still hands out what was queued, then reports shutdown; later adds are refused', async () => {
      const queue = new Queue<string>();
      queue.add('a');
      queue.add('b');
      queue.shutDown();
      queue.add('c');
      expect(queue.len()).toBe(2);
      expect(await queue.get()).toEqual({ item: 'a', shutdown: false });
      expect(await queue.get()).toEqual({ item: 'b', shutdown: false });
      expect(await queue.get()).toEqual({ item: undefined, shutdown: true });
    });

    it('can be called more than once', async () => {
      const queue = new Queue<string>();
      queue.shutDown();
      queue.shutDown();
      await queue.shutDownWithDrain();
      expect(await queue.get()).toEqual({ item: undefined, shutdown: true });
    });
  });

  describe('shutDownWithDrain', () => {
    it('resolves at once when nothing is being processed', async () => {
      const queue = new Queue<string>();
      await expect(queue.shutDownWithDrain()).resolves.toBeUndefined();
    });

    it('waits until every item handed out is done', async () => {
      const queue = new Queue<string>();
      queue.add('a');
      queue.add('b');
      const a = await take(queue);
      const b = await take(queue);
      let drained = false;
      const drain = queue.shutDownWithDrain().then(() => (drained = true));
      // Waiting getters are woken at once; new adds are refused.
      expect(await queue.get()).toEqual({ item: undefined, shutdown: true });
      queue.add('c');
      expect(queue.len()).toBe(0);
      await settle();
      expect(drained).toBe(false);
      queue.done(a);
      await settle();
      expect(drained).toBe(false);
      queue.done(b);
      await drain;
      expect(drained).toBe(true);
    });

    it('gives a re-added in-flight item back to the workers before it finishes', async () => {
      const queue = new Queue<string>();
      queue.add('a');
      await take(queue);
      queue.add('a');
      const drain = queue.shutDownWithDrain();
      queue.done('a');
      await drain;
      // The re-add came before shutdown, so the item is still handed out.
      expect(await queue.get()).toEqual({ item: 'a', shutdown: false });
    });

    it('is released by a plain shutDown', async () => {
      const queue = new Queue<string>();
      queue.add('a');
      await take(queue);
      const drain = queue.shutDownWithDrain();
      queue.shutDown();
      await expect(drain).resolves.toBeUndefined();
    });
  });
});
