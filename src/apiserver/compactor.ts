// Storage compaction, as kube-apiserver runs it: every interval, history older than the
// revision seen one interval ago is compacted away, so storage keeps about one interval of
// history (watch caches keep their own).
import type { Storage } from '../storage/index.js';
import { logger } from '../log/index.js';

const log = logger('compactor');

export function startCompactor(storage: Storage, intervalMs = 5 * 60_000): () => void {
  let previous = 0;
  const timer = setInterval(() => {
    void (async () => {
      try {
        const current = await storage.currentRevision();
        if (previous > 0) await storage.compact(previous);
        previous = current;
      } catch (error) {
        log.warn('compaction failed', { error: (error as Error).message });
      }
    })();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
