// A watch cache hands the same event object to every watcher, so an event's wire form can be
// made once per format and shared by the watchers it is fanned out to (held weakly: eventMemo.ts).
import type { WatchEvent } from '../storage.js';
import { EventMemo } from './eventMemo.js';

const encodings = new EventMemo<Map<string, Buffer>>();

export function encodeOnce(event: WatchEvent, format: string, encode: (event: WatchEvent) => Buffer): Buffer {
  const byFormat = encodings.get(event, () => new Map());
  let bytes = byFormat.get(format);
  if (!bytes) {
    bytes = encode(event);
    byFormat.set(format, bytes);
  }
  return bytes;
}
