// What an informer notification looks like to predicates and handlers: one object event.
import type { KubeObject } from '../cache/index.js';

export type ObjectEvent<T extends KubeObject = KubeObject> =
  | { type: 'create'; object: T; isInInitialList: boolean }
  | { type: 'update'; old: T; object: T }
  | { type: 'delete'; object: T; finalStateUnknown: boolean };
