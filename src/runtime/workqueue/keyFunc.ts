// How a queue or rate limiter tells two items apart. The default is the item itself: strings
// compare by value, objects by identity. Objects meant to dedup by content (a namespace/name
// request, say) come with a key function returning a string.

export type KeyFunc<T> = (item: T) => unknown;

export function identityKey<T>(item: T): unknown {
  return item;
}
