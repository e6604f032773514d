// Slow-start batching, as upstream's slowStartBatch: runs `count` calls in batches of 1, 2,
// 4, ... (each batch in parallel) and stops after the first batch with a failure, so a
// controller whose creations are all refused (quota, admission) makes one failed call, not
// hundreds. Returns how many calls succeeded and the first error.

export const SLOW_START_INITIAL_BATCH_SIZE = 1;

export async function slowStartBatch(
  count: number, initialBatchSize: number, call: () => Promise<void>,
): Promise<{ successes: number; error?: unknown }> {
  let remaining = count;
  let successes = 0;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    const results = await Promise.allSettled(Array.from({ length: batch }, () => call()));
    const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    successes += batch - results.filter((result) => result.status === 'rejected').length;
    if (failure) return { successes, error: failure.reason };
    remaining -= batch;
  }
  return { successes };
}
