// CPU usage rates from cumulative counters, as the kubelet computes usageNanoCores when the
// runtime does not give it: the counter's growth since the previous sample of the same
// container (or pod, or node) over the time between them. The first sample of a key and a
// counter that went back (a restart) give no rate; a sample no newer than the last gives the
// last rate again.

interface Sample {
  usageNanoSeconds: number;
  timeNanos: number;
  rate: number | undefined;
}

export class CpuRates {
  private samples = new Map<string, Sample>();

  /** Records this sample of `key` and returns the rate since the previous one, in nanocores. */
  rate(key: string, usageNanoSeconds: number, timeNanos: number): number | undefined {
    const previous = this.samples.get(key);
    if (previous && timeNanos <= previous.timeNanos) return previous.rate;
    const rate = !previous || usageNanoSeconds < previous.usageNanoSeconds ? undefined
      : Math.round((usageNanoSeconds - previous.usageNanoSeconds) / (timeNanos - previous.timeNanos) * 1e9);
    this.samples.set(key, { usageNanoSeconds, timeNanos, rate });
    return rate;
  }

  /** Forgets every key not in `live` (containers and pods that are gone). */
  retain(live: Set<string>): void {
    for (const key of this.samples.keys()) if (!live.has(key)) this.samples.delete(key);
  }
}
