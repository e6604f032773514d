// Predicates: which object events may enqueue anything. A predicate is a plain function of the
// event; creates and deletes pass the built-in ones, which only judge updates.
import type { KubeObject } from '../cache/index.js';
import type { ObjectEvent } from './event.js';

export type Predicate<T extends KubeObject = KubeObject> = (event: ObjectEvent<T>) => boolean;

function onUpdate<T extends KubeObject>(changed: (old: T, object: T) => boolean): Predicate<T> {
  return (event) => event.type !== 'update' || changed(event.old, event.object);
}

/** Updates pass when metadata.generation changed (a spec change, not a status write). */
export function generationChanged<T extends KubeObject = KubeObject>(): Predicate<T> {
  return onUpdate((old, object) => old.metadata?.generation !== object.metadata?.generation);
}

/** Updates pass when the labels changed. */
export function labelsChanged<T extends KubeObject = KubeObject>(): Predicate<T> {
  return onUpdate((old, object) => !sameStrings(old.metadata?.labels, object.metadata?.labels));
}

/** Updates pass when the annotations changed. */
export function annotationsChanged<T extends KubeObject = KubeObject>(): Predicate<T> {
  return onUpdate((old, object) => !sameStrings(old.metadata?.annotations, object.metadata?.annotations));
}

/** Updates pass when metadata.resourceVersion changed (drops resync no-ops). */
export function resourceVersionChanged<T extends KubeObject = KubeObject>(): Predicate<T> {
  return onUpdate((old, object) => old.metadata?.resourceVersion !== object.metadata?.resourceVersion);
}

export function and<T extends KubeObject = KubeObject>(...predicates: Predicate<T>[]): Predicate<T> {
  return (event) => predicates.every((p) => p(event));
}

export function or<T extends KubeObject = KubeObject>(...predicates: Predicate<T>[]): Predicate<T> {
  return (event) => predicates.some((p) => p(event));
}

export function not<T extends KubeObject = KubeObject>(predicate: Predicate<T>): Predicate<T> {
  return (event) => !predicate(event);
}

function sameStrings(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const aKeys = Object.keys(a ?? {});
  if (aKeys.length !== Object.keys(b ?? {}).length) return false;
  return aKeys.every((key) => b?.[key] === a?.[key] && Object.prototype.hasOwnProperty.call(b, key));
}
