// RateLimitingQueue: failed items come back after the limiter's wait, growing with each
// failure until forget; the default limiter is the controllers' one.
import { describe, expect, it, jest } from '@jest/globals';
import {
  FakeClock,
  ItemExponentialFailureRateLimiter,
  RateLimitingQueue,
} from '../../../src/runtime/workqueue/index.js';

jest.setTimeout(2000);

describe('RateLimitingQueue', () => {
  it('adds a failed item back after the backoff, which grows per failure and resets on forget', async () => {
    const clock = new FakeClock();
    const queue = new RateLimitingQueue<string>({ clock });
    const backoffs: number[] = [];
    queue.add('a');
    for (let attempt = 0; attempt < 5; attempt++) {
      const { item } = await queue.get();
      queue.addRateLimited(item!);
      queue.done(item!);
      let waited = 0;
      while (queue.len() === 0) {
        clock.step(1);
        waited++;
      }
      backoffs.push(waited);
    }
    expect(backoffs).toEqual([5, 10, 20, 40, 80]);
    expect(queue.numRequeues('a')).toBe(5);

    const { item } = await queue.get();
    queue.forget(item!);
    queue.done(item!);
    expect(queue.numRequeues('a')).toBe(0);
    queue.addRateLimited('a');
    clock.step(4);
    expect(queue.len()).toBe(0);
    clock.step(1);
    expect(queue.len()).toBe(1);
    queue.shutDown();
  });

  it('takes the rate limiter it is given', () => {
    const clock = new FakeClock();
    const rateLimiter = new ItemExponentialFailureRateLimiter<string>(1000, 60_000);
    const queue = new RateLimitingQueue<string>({ clock, rateLimiter });
    queue.addRateLimited('a');
    clock.step(999);
    expect(queue.len()).toBe(0);
    clock.step(1);
    expect(queue.len()).toBe(1);
    expect(queue.rateLimiter).toBe(rateLimiter);
  });

  it('tracks failures by the queue key function', () => {
    const clock = new FakeClock();
    const queue = new RateLimitingQueue<{ name: string }>({ clock, keyOf: (r) => r.name });
    queue.addRateLimited({ name: 'a' });
    queue.addRateLimited({ name: 'a' });
    expect(queue.numRequeues({ name: 'a' })).toBe(2);
    queue.forget({ name: 'a' });
    expect(queue.numRequeues({ name: 'a' })).toBe(0);
  });
});
