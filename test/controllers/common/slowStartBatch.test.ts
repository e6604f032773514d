// Slow-start batches: 1, 2, 4, ... in parallel, stopping after the first failing batch.
import { slowStartBatch } from '../../../src/controllers/common/index.js';

test('batches double until the count is reached', async () => {
  const batches: number[] = [];
  let inFlight = 0;
  const result = await slowStartBatch(10, 1, async () => {
    inFlight++;
    if (batches.length === 0 || inFlight === 1) batches.push(0);
    batches[batches.length - 1]++;
    await new Promise((resolve) => setImmediate(resolve));
    inFlight--;
  });
  expect(result).toEqual({ successes: 10 });
  expect(batches).toEqual([1, 2, 4, 3]);
});

test('a failing batch stops the rest', async () => {
  let calls = 0;
  const result = await slowStartBatch(100, 1, async () => {
    calls++;
    if (calls >= 3) throw new Error('quota');
  });
  expect(calls).toBe(3);
  expect(result.successes).toBe(2);
  expect((result.error as Error).message).toBe('quota');
});
