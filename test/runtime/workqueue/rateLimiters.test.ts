// The rate limiters: per-item exponential backoff growth, cap and reset; the token bucket's
// burst then spacing and refill; fast/slow; the max of several; the controllers' default.
import { describe, expect, it } from '@jest/globals';
import {
  BucketRateLimiter,
  DefaultControllerRateLimiter,
  FakeClock,
  ItemExponentialFailureRateLimiter,
  ItemFastSlowRateLimiter,
  MaxOfRateLimiter,
} from '../../../src/runtime/workqueue/index.js';

describe('ItemExponentialFailureRateLimiter', () => {
  it('doubles from 5 ms per failure of an item and caps at 1000 s by default', () => {
    const limiter = new ItemExponentialFailureRateLimiter<string>();
    const waits = Array.from({ length: 30 }, () => limiter.when('a'));
    expect(waits.slice(0, 6)).toEqual([5, 10, 20, 40, 80, 160]);
    // 5 ms * 2^17 = 655.36 s is the last uncapped wait; 2^18 would be 1310.72 s.
    expect(waits[17]).toBe(655_360);
    expect(waits.slice(18)).toEqual(Array(12).fill(1_000_000));
    expect(limiter.numRequeues('a')).toBe(30);
  });

  it('stays at the cap however many failures pile up', () => {
    const limiter = new ItemExponentialFailureRateLimiter<string>(1, 1000);
    for (let i = 0; i < 2000; i++) limiter.when('a');
    expect(limiter.when('a')).toBe(1000);
  });

  it('counts each item on its own', () => {
    const limiter = new ItemExponentialFailureRateLimiter<string>(1, 1000);
    expect([limiter.when('a'), limiter.when('a'), limiter.when('b'), limiter.when('a')]).toEqual([1, 2, 1, 4]);
    expect(limiter.numRequeues('a')).toBe(3);
    expect(limiter.numRequeues('b')).toBe(1);
  });

  it('starts over from the base delay after forget', () => {
    const limiter = new ItemExponentialFailureRateLimiter<string>();
    limiter.when('a');
    limiter.when('a');
    limiter.when('b');
    limiter.forget('a');
    expect(limiter.numRequeues('a')).toBe(0);
    expect(limiter.when('a')).toBe(5);
    expect(limiter.numRequeues('b')).toBe(1);
  });

  it('tells objects apart by a key function', () => {
    const limiter = new ItemExponentialFailureRateLimiter<{ name: string }>(5, 1000, (r) => r.name);
    limiter.when({ name: 'a' });
    expect(limiter.when({ name: 'a' })).toBe(10);
    limiter.forget({ name: 'a' });
    expect(limiter.numRequeues({ name: 'a' })).toBe(0);
  });
});

describe('BucketRateLimiter', () => {
  it('lets a burst of 100 through at once, then spaces items 100 ms apart (10 qps)', () => {
    const clock = new FakeClock();
    const limiter = new BucketRateLimiter<string>(10, 100, clock);
    for (let i = 0; i < 100; i++) expect(limiter.when(`item-${i}`)).toBe(0);
    expect(limiter.when('x')).toBeCloseTo(100);
    expect(limiter.when('y')).toBeCloseTo(200);
    expect(limiter.when('z')).toBeCloseTo(300);
    expect(limiter.numRequeues('x')).toBe(0);
  });

  it('refills at qps tokens a second, never above the burst', () => {
    const clock = new FakeClock();
    const limiter = new BucketRateLimiter<string>(10, 5, clock);
    for (let i = 0; i < 5; i++) limiter.when('a');
    clock.step(300); // three tokens back
    expect([limiter.when('a'), limiter.when('a'), limiter.when('a')]).toEqual([0, 0, 0]);
    expect(limiter.when('a')).toBeCloseTo(100);
    clock.step(60_000); // far more than the burst's worth
    for (let i = 0; i < 5; i++) expect(limiter.when('a')).toBe(0);
    expect(limiter.when('a')).toBeCloseTo(100);
  });

  it('pays back reservations made in advance before granting new tokens', () => {
    const clock = new FakeClock();
    const limiter = new BucketRateLimiter<string>(10, 1, clock);
    expect(limiter.when('a')).toBe(0);
    expect(limiter.when('a')).toBeCloseTo(100);
    expect(limiter.when('a')).toBeCloseTo(200);
    clock.step(100);
    expect(limiter.when('a')).toBeCloseTo(200);
  });
});

describe('ItemFastSlowRateLimiter', () => {
  it('waits the fast delay for the first attempts, then the slow one, until forgotten', () => {
    const limiter = new ItemFastSlowRateLimiter<string>(5, 10_000, 3);
    expect([1, 2, 3, 4, 5].map(() => limiter.when('a'))).toEqual([5, 5, 5, 10_000, 10_000]);
    expect(limiter.when('b')).toBe(5);
    expect(limiter.numRequeues('a')).toBe(5);
    limiter.forget('a');
    expect(limiter.when('a')).toBe(5);
  });
});

describe('MaxOfRateLimiter', () => {
  it('waits as long as the strictest limiter and records the failure in all of them', () => {
    const fastSlow = new ItemFastSlowRateLimiter<string>(5, 3000, 3);
    const exponential = new ItemExponentialFailureRateLimiter<string>(1, 1000);
    const limiter = new MaxOfRateLimiter(fastSlow, exponential);
    expect([1, 2, 3, 4, 5].map(() => limiter.when('a'))).toEqual([5, 5, 5, 3000, 3000]);
    expect(exponential.numRequeues('a')).toBe(5);
    expect(limiter.numRequeues('a')).toBe(5);
    limiter.forget('a');
    expect(fastSlow.numRequeues('a')).toBe(0);
    expect(exponential.numRequeues('a')).toBe(0);
  });
});

describe('DefaultControllerRateLimiter', () => {
  it('backs an item off exponentially from 5 ms, and forget resets it', () => {
    const limiter = DefaultControllerRateLimiter<string>({ clock: new FakeClock() });
    expect([limiter.when('a'), limiter.when('a'), limiter.when('a')]).toEqual([5, 10, 20]);
    expect(limiter.numRequeues('a')).toBe(3);
    limiter.forget('a');
    expect(limiter.numRequeues('a')).toBe(0);
    expect(limiter.when('a')).toBe(5);
  });

  it('holds all items together to 10 a second once 100 have gone through', () => {
    const limiter = DefaultControllerRateLimiter<string>({ clock: new FakeClock() });
    for (let i = 0; i < 100; i++) expect(limiter.when(`item-${i}`)).toBe(5);
    expect(limiter.when('item-100')).toBeCloseTo(100);
    expect(limiter.when('item-101')).toBeCloseTo(200);
  });
});
