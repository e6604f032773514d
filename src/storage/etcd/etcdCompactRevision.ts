// Finds etcd's compact revision (the oldest revision still readable). etcd's read errors do not
// say it, but a watch created below it is canceled with it, so that is how we ask.
import type { IWatchResponse, WatchClient } from 'etcd3';

/** The compact revision, or undefined if etcd did not say within `timeoutMs` (it says so only
 * when there was a compaction). Watches one key from revision 1. */
export function probeCompactRevision(
  client: WatchClient,
  key: Buffer,
  timeoutMs: number,
): Promise<number | undefined> {
  return new Promise((resolve) => {
    let done = false;
    let close: () => void = () => {};
    const finish = (revision: number | undefined) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      close();
      resolve(revision);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    client.watch().then(
      (stream) => {
        close = () => {
          try {
            stream.end();
          } catch {
            // already closed
          }
          stream.cancel();
        };
        if (done) {
          close();
          return;
        }
        stream.on('data', (res: IWatchResponse) => {
          const revision = Number(res.compact_revision);
          if (res.canceled) finish(revision > 0 ? revision : undefined);
          else if ((res.events ?? []).length > 0) finish(undefined);
        });
        stream.on('error', () => finish(undefined));
        stream.on('end', () => finish(undefined));
        stream.write({ create_request: { key, start_revision: 1 } });
      },
      () => finish(undefined),
    );
  });
}
