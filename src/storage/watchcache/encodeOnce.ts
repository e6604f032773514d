// A watch cache hands the same event object to every watcher, so an event's wire form can be
// made once per format and shared, however many watchers send it.
import type { WatchEvent } from '../storage.js';

const encodings = new WeakMap<WatchEvent, Map<string, Buffer>>();

export function encodeOnce(event: WatchEvent, format: string, encode: (event: WatchEvent) => Buffer): Buffer {
  let byFormat = encodings.get(event);
  if (!byFormat) {
    byFormat = new Map();
    encodings.set(event, byFormat);
  }
  let bytes = byFormat.get(format);
  if (!bytes) {
    bytes = encode(event);
    byFormat.set(format, bytes);
  }
  return bytes;
}
