// What is made from one watch event (its decoded objects, its wire encodings) is shared by every
// watcher the event is fanned out to. It is wanted while the event is being sent, not for as
// long as the event stays in the cache's history (minutes, tens of thousands of events), so the
// memo holds it weakly: the garbage collector drops it once the watchers are done with it, and a
// watcher reading older history makes it again.
import type { WatchEvent } from '../storage.js';

export class EventMemo<V extends object> {
  private readonly values = new WeakMap<WatchEvent, WeakRef<V>>();

  /** The value made for this event, if it is still alive; else `make()`'s, remembered. */
  get(event: WatchEvent, make: () => V): V {
    const held = this.values.get(event)?.deref();
    if (held !== undefined) return held;
    const value = make();
    this.values.set(event, new WeakRef(value));
    return value;
  }
}
