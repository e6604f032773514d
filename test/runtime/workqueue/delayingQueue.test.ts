// DelayingQueue: addAfter releases items at their ready time, earliest first, an item held
// twice keeps its earlier time, and shutdown drops what is held.
import { describe, expect, it, jest } from '@jest/globals';
import { DelayingQueue, FakeClock } from '../../../src/runtime/workqueue/index.js';

jest.setTimeout(2000);

async function drain(queue: DelayingQueue<string>): Promise<string[]> {
  const items: string[] = [];
  while (queue.len() > 0) {
    const { item } = await queue.get();
    items.push(item!);
    queue.done(item!);
  }
  return items;
}

describe('DelayingQueue', () => {
  it('adds an item once its delay has passed', () => {
    const clock = new FakeClock();
    const queue = new DelayingQueue<string>({ clock });
    queue.addAfter('a', 50);
    expect(queue.len()).toBe(0);
    expect(queue.waitingLen()).toBe(1);
    clock.step(49);
    expect(queue.len()).toBe(0);
    clock.step(1);
    expect(queue.len()).toBe(1);
    expect(queue.waitingLen()).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('adds at once with no delay or a negative one', () => {
    const queue = new DelayingQueue<string>({ clock: new FakeClock() });
    queue.addAfter('a', 0);
    queue.addAfter('b', -5);
    expect(queue.len()).toBe(2);
  });

  it('releases items earliest first whatever order they were given in', async () => {
    const clock = new FakeClock();
    const queue = new DelayingQueue<string>({ clock });
    queue.addAfter('c', 30);
    queue.addAfter('a', 10);
    queue.addAfter('d', 40);
    queue.addAfter('b', 20);
    queue.addAfter('e', 20);
    clock.step(15);
    expect(await drain(queue)).toEqual(['a']);
    clock.step(100);
    expect(await drain(queue)).toEqual(['b', 'e', 'c', 'd']);
  });

  it('keeps the earlier ready time of an item held twice', async () => {
    const clock = new FakeClock();
    const queue = new DelayingQueue<string>({ clock });
    queue.addAfter('a', 100);
    queue.addAfter('a', 10); // moves earlier
    queue.addAfter('b', 50);
    queue.addAfter('b', 500); // stays at 50
    expect(queue.waitingLen()).toBe(2);
    clock.step(10);
    expect(await drain(queue)).toEqual(['a']);
    clock.step(40);
    expect(await drain(queue)).toEqual(['b']);
    clock.step(1000);
    expect(queue.len()).toBe(0);
  });

  it('dedups an item released while the same item is queued', () => {
    const clock = new FakeClock();
    const queue = new DelayingQueue<string>({ clock });
    queue.add('a');
    queue.addAfter('a', 10);
    clock.step(10);
    expect(queue.len()).toBe(1);
  });

  it('keeps its order across many items', async () => {
    const clock = new FakeClock();
    const queue = new DelayingQueue<string>({ clock });
    // 1..200 in a scrambled order (7919 is prime to 200).
    const delays = Array.from({ length: 200 }, (_, i) => ((i * 7919) % 200) + 1);
    delays.forEach((delay) => queue.addAfter(`item-${delay}`, delay));
    const released: string[] = [];
    for (let t = 1; t <= 200; t++) {
      clock.step(1);
      expect(queue.len()).toBe(1);
      released.push(...(await drain(queue)));
    }
    expect(released).toEqual(Array.from({ length: 200 }, (_, i) => `item-${i + 1}`));
  });

  it('ignores addAfter once shut down and drops the items it held', () => {
    const clock = new FakeClock();
    const queue = new DelayingQueue<string>({ clock });
    queue.addAfter('a', 10);
    queue.shutDown();
    queue.addAfter('b', 10);
    expect(queue.waitingLen()).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
    clock.step(100);
    expect(queue.len()).toBe(0);
  });

  it('wakes a waiting get on the real clock', async () => {
    const queue = new DelayingQueue<string>();
    const started = performance.now();
    queue.addAfter('a', 20);
    expect(await queue.get()).toEqual({ item: 'a', shutdown: false });
    expect(performance.now() - started).toBeGreaterThanOrEqual(19);
    queue.shutDown();
  });
});
