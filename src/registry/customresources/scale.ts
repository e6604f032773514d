// The scale subresource of a custom resource: its replicas live at the definition's simple JSON
// paths (`.spec.replicas`, `.status.replicas`, `.status.selector`), read and written here, and
// checked as upstream checks them on every write (whole numbers from 0 to 2^31-1, a string
// selector).
import type { ScalePaths } from '../catalog.js';
import type { KubeObject } from '../object.js';
import { invalid, type FieldError } from '../validation/index.js';

const MAX_INT32 = 2147483647;

const keysOf = (path: string): string[] => path.replace(/^\./, '').split('.');

/** What is at a simple JSON path, if anything (undefined when a step is missing or not a map). */
export function valueAt(object: KubeObject, path: string): unknown {
  let node: unknown = object;
  for (const key of keysOf(path)) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Sets a value at a simple JSON path, making the maps on the way. */
export function setValueAt(object: KubeObject, path: string, value: unknown): void {
  const keys = keysOf(path);
  let node = object as unknown as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

/** Go's %T of a decoded JSON value. */
function goType(value: unknown): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : 'float64';
  if (Array.isArray(value)) return '[]interface {}';
  return 'map[string]interface {}';
}

function goValue(value: unknown): string {
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

/** A number at the path (0 when absent), or the accessor error upstream reports. */
function replicasAt(object: KubeObject, path: string): { replicas: number; error?: string } {
  const value = valueAt(object, path);
  if (value === undefined || value === null) return { replicas: 0 };
  if (typeof value === 'number' && Number.isInteger(value)) return { replicas: value };
  return { replicas: 0, error: `${path} accessor error: ${goValue(value)} is of the type ${goType(value)}, expected int64` };
}

function replicasErrors(object: KubeObject, path: string): FieldError[] {
  const { replicas, error } = replicasAt(object, path);
  if (error) return [invalid(path, replicas, error)];
  if (replicas < 0) return [invalid(path, replicas, 'should be a non-negative integer')];
  if (replicas > MAX_INT32) return [invalid(path, replicas, `should be less than or equal to ${MAX_INT32}`)];
  return [];
}

/** The checks of the spec replicas (every write of the main resource). */
export function scaleSpecErrors(object: KubeObject, paths: ScalePaths | undefined): FieldError[] {
  return paths ? replicasErrors(object, paths.specReplicasPath) : [];
}

/** The checks of the status replicas and selector (every write). */
export function scaleStatusErrors(object: KubeObject, paths: ScalePaths | undefined): FieldError[] {
  if (!paths) return [];
  const errors = replicasErrors(object, paths.statusReplicasPath);
  if (paths.labelSelectorPath) {
    const selector = valueAt(object, paths.labelSelectorPath);
    if (selector !== undefined && selector !== null && typeof selector !== 'string') {
      errors.push(invalid(paths.labelSelectorPath, '', `${paths.labelSelectorPath} accessor error: ${goValue(selector)} is of the type ${goType(selector)}, expected string`));
    }
  }
  return errors;
}

/** The replicas and selector a custom object shows through its scale subresource;
 * `specFound` is false when the spec replicas path holds nothing. */
export function scaleValues(object: KubeObject, paths: ScalePaths): { spec: number; specFound: boolean; status: number; selector: string } {
  const found = valueAt(object, paths.specReplicasPath);
  const selector = paths.labelSelectorPath ? valueAt(object, paths.labelSelectorPath) : undefined;
  return {
    spec: replicasAt(object, paths.specReplicasPath).replicas,
    specFound: found !== undefined && found !== null,
    status: replicasAt(object, paths.statusReplicasPath).replicas,
    selector: typeof selector === 'string' ? selector : '',
  };
}
