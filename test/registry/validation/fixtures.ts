// Objects as users write them, defaulted the way the API server does before validating.
import { applyDefaults } from '../../../src/registry/defaults/index.js';
import {
  errorString,
  invalidStatusFor,
  validateCreate,
  validateUpdate,
  type FieldError,
  type KubeObject,
} from '../../../src/registry/validation/index.js';

export type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function defaulted<T extends Obj>(object: T): T {
  return applyDefaults(object.apiVersion, object.kind, object as KubeObject) as T;
}

/** Messages of validateCreate on the defaulted object, as `field: body` lines. */
export function createErrors(object: Obj): string[] {
  const o = defaulted(structuredClone(object));
  return validateCreate(o.apiVersion, o.kind, o as KubeObject).map(errorString);
}

export function createFieldErrors(object: Obj): FieldError[] {
  const o = defaulted(structuredClone(object));
  return validateCreate(o.apiVersion, o.kind, o as KubeObject);
}

/** Messages of validateUpdate; both objects defaulted, the old one stored (resourceVersion, uid, timestamps). */
export function updateErrors(next: Obj, old: Obj): string[] {
  const o = defaulted(structuredClone(old));
  const n = defaulted(structuredClone(next));
  return validateUpdate(n.apiVersion, n.kind, n as KubeObject, o as KubeObject).map(errorString);
}

/** The Status message of validateUpdate. */
export function updateStatusMessage(next: Obj, old: Obj): string {
  const o = defaulted(structuredClone(old));
  const n = defaulted(structuredClone(next));
  const errs = validateUpdate(n.apiVersion, n.kind, n as KubeObject, o as KubeObject);
  return invalidStatusFor(n.apiVersion, n.kind, n.metadata?.name ?? '', errs).message;
}

/** Stored-object metadata: what the store adds on create. */
export function stored<T extends Obj>(object: T): T {
  const o: Obj = structuredClone(object);
  o.metadata = { uid: 'a0b1c2d3-0000-4000-8000-000000000001', resourceVersion: '10', creationTimestamp: '2025-01-02T03:04:05Z', ...o.metadata };
  return o as T;
}

export function pod(spec: Obj = {}, metadata: Obj = {}): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', ...metadata },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], ...spec },
  };
}

export function deployment(spec: Obj = {}, metadata: Obj = {}): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', ...metadata },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } },
      ...spec,
    },
  };
}
