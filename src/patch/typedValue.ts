// The schema-aware walks server-side apply is built from (structured-merge-diff's typed
// package): validate a value against its type, list the fields it sets, compare two values
// (added / modified / removed fields), merge an applied configuration into a live object, and
// remove a set of fields from a value. Atomic lists and maps are leaves; list maps are keyed by
// their key fields (with schema defaults), sets by value.
import { goTypeName, goV } from './goFormat.js';
import { keyElement, pathElementToString, type Path, type PathElement } from './fieldPath.js';
import { FieldSet } from './fieldSet.js';
import { isJsonMap, jsonEqual, type JsonMap, type JsonValue } from './jsonValue.js';
import type { Atom, ListType, MapType, ScalarType } from './openapiSchema.js';

// --- which branch of an atom a value takes ------------------------------------------------

const MAP = 1;
const SCALAR = 2;
const LIST = 4;

function mask(a: Atom): number {
  return (a.map ? MAP : 0) | (a.scalar ? SCALAR : 0) | (a.list ? LIST : 0);
}

/** deduceAtom: the one branch the value's shape selects, or all of them when none fits. */
function deduce(a: Atom, v: JsonValue | undefined): number {
  if (v !== undefined && v !== null) {
    if (Array.isArray(v)) {
      if (a.list) return LIST;
    } else if (typeof v === 'object') {
      if (a.map) return MAP;
    } else if (a.scalar) return SCALAR;
  }
  return mask(a);
}

/** handleAtom's precedence among the branches left. */
function branch(m: number): number {
  if (m & MAP) return MAP;
  if (m & SCALAR) return SCALAR;
  if (m & LIST) return LIST;
  return 0;
}

// --- Go renderings used in validation messages ----------------------------------------------

function goSharpV(v: JsonValue): string {
  if (v === null) return 'interface {}(nil)';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return goV(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSharpV).join(', ')}}`;
  return `map[string]interface {}{${Object.keys(v)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${goSharpV(v[k]!)}`)
    .join(', ')}}`;
}

/** %v / %#v of a structured-merge-diff value wrapping `v`. */
const valueV = (v: JsonValue): string => `&{${goV(v)}}`;
const valueSharpV = (v: JsonValue): string => `&value.valueUnstructured{Value:${goSharpV(v)}}`;

// --- list items --------------------------------------------------------------------------------

export class ListItemError extends Error {}

/** The path element of a list item: its key fields (list map) or its value (set). */
export function listItemElement(list: ListType, item: JsonValue): PathElement {
  if (list.relationship !== 'associative') throw new ListItemError('invalid indexing of non-associative list');
  if (list.keys.length > 0) {
    if (item === null) throw new ListItemError('associative list with keys may not have a null element');
    if (!isJsonMap(item)) throw new ListItemError('associative list with keys may not have non-map elements');
    const fields: Array<[string, JsonValue]> = [];
    for (const key of list.keys) {
      if (Object.prototype.hasOwnProperty.call(item, key)) {
        fields.push([key, item[key]!]);
        continue;
      }
      const elementMap = list.element.map;
      if (elementMap === undefined) {
        throw new ListItemError(`couldn't find default value for ${key}: associative list may not have non-map types`);
      }
      const def = elementMap.fields.get(key)?.default;
      if (def !== undefined && def !== null) fields.push([key, def as JsonValue]);
      else {
        throw new ListItemError(
          `associative list with keys has an element that omits key field ${JSON.stringify(key)} (and doesn't have default value)`,
        );
      }
    }
    return keyElement(fields);
  }
  if (isJsonMap(item)) throw new ListItemError("associative list without keys has an element that's a map type");
  if (Array.isArray(item)) throw new ListItemError('not supported: associative list with lists as elements');
  if (item === null) throw new ListItemError("associative list without keys has an element that's an explicit null");
  return { kind: 'value', value: item };
}

const scalarKey = (v: JsonValue): string =>
  typeof v === 'string' ? `s${v}` : typeof v === 'number' || typeof v === 'boolean' ? `${typeof v}${v}` : `j${JSON.stringify(v)}`;

/** A canonical text of a path element (key fields are sorted), for hashing. */
function elementKey(pe: PathElement): string {
  switch (pe.kind) {
    case 'field':
      return `f${pe.name}`;
    case 'key': {
      let s = 'k';
      for (const [name, v] of pe.fields) s += `${name}\u0001${scalarKey(v)}\u0002`;
      return s;
    }
    case 'value':
      return `v${scalarKey(pe.value)}`;
    case 'index':
      return `i${pe.index}`;
  }
}

/** A map from path elements to values. */
class ElementMap<T> {
  private readonly m = new Map<string, T>();
  private static key(pe: PathElement): string {
    return elementKey(pe);
  }
  get(pe: PathElement): T | undefined {
    return this.m.get(ElementMap.key(pe));
  }
  has(pe: PathElement): boolean {
    return this.m.has(ElementMap.key(pe));
  }
  set(pe: PathElement, v: T): void {
    this.m.set(ElementMap.key(pe), v);
  }
}

// --- validation ----------------------------------------------------------------------------------

export interface ValidationError {
  path: string;
  message: string;
}

/** structured-merge-diff's ValidationErrors text. */
export function validationErrorsText(errors: readonly ValidationError[]): string {
  const one = (e: ValidationError): string => (e.path === '' ? e.message : `${e.path}: ${e.message}`);
  if (errors.length === 1) return one(errors[0]!);
  return ['errors:', ...errors.map((e) => `  ${one(e)}`)].join('\n');
}

function scalarError(t: ScalarType, v: JsonValue, prefix = ''): string | undefined {
  if (v === null) return undefined;
  const isScalar = typeof v !== 'object';
  switch (t) {
    case 'numeric':
      return typeof v === 'number' ? undefined : `${prefix}expected numeric (int or float), got ${goTypeName(v)}`;
    case 'string':
      return typeof v === 'string' ? undefined : `${prefix}expected string, got ${valueSharpV(v)}`;
    case 'boolean':
      return typeof v === 'boolean' ? undefined : `${prefix}expected boolean, got ${valueV(v)}`;
    case 'untyped':
      return isScalar ? undefined : `${prefix}expected any scalar, got ${valueV(v)}`;
  }
}

/** Whether a list item has a path element (what listItemElement would not throw for). */
function listItemValid(list: ListType, item: JsonValue): boolean {
  if (list.keys.length === 0) return item !== null && typeof item !== 'object';
  if (!isJsonMap(item)) return false;
  for (const key of list.keys) {
    if (Object.prototype.hasOwnProperty.call(item, key)) continue;
    const def = list.element.map?.fields.get(key)?.default;
    if (def === undefined || def === null) return false;
  }
  return true;
}

/**
 * Whether `validate` would find nothing, without building paths or messages (the usual case:
 * objects fit their schema); duplicates in list maps are always allowed.
 */
export function isValidAllowingDuplicates(value: JsonValue, a: Atom): boolean {
  const b = branch(deduce(a, value));
  if (b === MAP) {
    if (value === null) return true;
    if (!isJsonMap(value)) return false;
    const t = a.map!;
    for (const key in value) {
      const type = t.fields.get(key)?.type ?? t.element;
      if (type === undefined || !isValidAllowingDuplicates(value[key]!, type)) return false;
    }
    return true;
  }
  if (b === SCALAR) return scalarError(a.scalar!, value) === undefined;
  if (b === LIST) {
    if (value === null) return true;
    if (!Array.isArray(value)) return false;
    const t = a.list!;
    const associative = t.relationship === 'associative';
    for (const item of value) {
      if (associative && !listItemValid(t, item)) return false;
      if (!isValidAllowingDuplicates(item, t.element)) return false;
    }
    return true;
  }
  return false;
}

/** Validates a value against its type; `allowDuplicates` for live objects (list map items may repeat). */
export function validate(v: JsonValue, atom: Atom, allowDuplicates: boolean): ValidationError[] {
  const errors: ValidationError[] = [];
  const walk = (value: JsonValue, a: Atom, path: string): void => {
    const b = branch(deduce(a, value));
    if (b === MAP) {
      if (value === null) return;
      if (!isJsonMap(value)) {
        errors.push({ path, message: `expected map, got ${valueV(value)}` });
        return;
      }
      const t = a.map!;
      for (const key of Object.keys(value).sort()) {
        const f = t.fields.get(key);
        const type = f?.type ?? t.element;
        if (type === undefined) {
          errors.push({ path: `${path}.${key}`, message: 'field not declared in schema' });
          return;
        }
        walk(value[key]!, type, `${path}.${key}`);
      }
    } else if (b === SCALAR) {
      const err = scalarError(a.scalar!, value);
      if (err !== undefined) errors.push({ path, message: err });
    } else if (b === LIST) {
      if (value === null) return;
      if (!Array.isArray(value)) {
        errors.push({ path, message: `expected list, got ${valueV(value)}` });
        return;
      }
      const t = a.list!;
      const seen = new ElementMap<true>();
      for (let i = 0; i < value.length; i++) {
        const item = value[i]!;
        let pe: PathElement;
        if (t.relationship !== 'associative') pe = { kind: 'index', index: i };
        else {
          try {
            pe = listItemElement(t, item);
          } catch (e) {
            errors.push({ path, message: `element ${i}: ${(e as Error).message}` });
            return;
          }
          if (seen.has(pe) && !allowDuplicates) {
            errors.push({ path, message: `duplicate entries for key ${pathElementToString(pe)}` });
          }
          seen.set(pe, true);
        }
        walk(item, t.element, path + pathElementToString(pe));
      }
    } else {
      errors.push({ path, message: 'schema error: invalid atom: inlined' });
    }
  };
  walk(v, atom, '');
  return errors;
}

// --- the fields a value sets ---------------------------------------------------------------------

/** Every field `v` sets (ToFieldSet): leaves, list items and map entries; not struct nodes. */
export function toFieldSet(v: JsonValue, atom: Atom): FieldSet {
  const set = new FieldSet();
  const path: PathElement[] = [];
  const walk = (value: JsonValue, a: Atom): void => {
    const b = branch(deduce(a, value));
    if (b === SCALAR) {
      set.insert(path);
    } else if (b === LIST) {
      const t = a.list!;
      if (t.relationship === 'atomic') {
        set.insert(path);
        return;
      }
      if (!Array.isArray(value)) return;
      const pes = value.map((item) => safeElement(t, item));
      const seen = new ElementMap<true>();
      const dupes = new ElementMap<true>();
      for (const pe of pes) {
        if (pe === undefined) continue;
        if (seen.has(pe)) {
          if (!dupes.has(pe)) {
            set.insert([...path, pe]);
            dupes.set(pe, true);
          }
        } else seen.set(pe, true);
      }
      for (let i = 0; i < value.length; i++) {
        const pe = pes[i];
        if (pe === undefined || dupes.has(pe)) continue;
        path.push(pe);
        walk(value[i]!, t.element);
        set.insert(path);
        path.pop();
      }
    } else if (b === MAP) {
      const t = a.map!;
      if (t.relationship === 'atomic') {
        set.insert(path);
        return;
      }
      if (!isJsonMap(value)) return;
      for (const key of Object.keys(value)) {
        const val = value[key]!;
        const f = t.fields.get(key);
        path.push({ kind: 'field', name: key });
        const type = f?.type ?? t.element;
        if (type !== undefined) walk(val, type);
        if (val === null || (isJsonMap(val) && Object.keys(val).length === 0) || f === undefined) set.insert(path);
        path.pop();
      }
    }
  };
  walk(v, atom);
  return set;
}

function safeElement(t: ListType, item: JsonValue): PathElement | undefined {
  try {
    return listItemElement(t, item);
  } catch {
    return undefined;
  }
}

// --- comparison ----------------------------------------------------------------------------------

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** Structural equality of values (value.Equals): numbers by value, maps by key. */
const valuesEqual = (a: JsonValue, b: JsonValue): boolean => jsonEqual(a, b);

/** What changed from `lhs` to `rhs` (typed Compare). Both must be valid for `atom`. */
export function compare(lhs: JsonValue, rhs: JsonValue, atom: Atom): Comparison {
  const cmp: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  const path: PathElement[] = [];

  const walk = (l: JsonValue | undefined, r: JsonValue | undefined, a: Atom): void => {
    // nothing below two equal values changed (the usual case: most of an object stays as it was)
    if (typeof l === 'object' && l !== null && r !== undefined && jsonEqual(l, r)) return;
    const state = { inLeaf: false };
    const ml = deduce(a, l);
    const mr = deduce(a, r);
    if (r === undefined) handle(branch(ml), l, r, a, state);
    else if (l === undefined || ml === mr) handle(branch(mr), l, r, a, state);
    else {
      handle(branch(ml), l, r, a, { inLeaf: false });
      handle(branch(mr), l, r, a, state);
    }
    if (!state.inLeaf) {
      if (l === undefined) cmp.added.insert(path);
      else if (r === undefined) cmp.removed.insert(path);
    }
  };

  const leaf = (l: JsonValue | undefined, r: JsonValue | undefined, state: { inLeaf: boolean }): void => {
    if (state.inLeaf) return;
    state.inLeaf = true;
    if (l === undefined) cmp.added.insert(path);
    else if (r === undefined) cmp.removed.insert(path);
    else if (!valuesEqual(r, l)) cmp.modified.insert(path);
  };

  const handle = (b: number, l: JsonValue | undefined, r: JsonValue | undefined, a: Atom, state: { inLeaf: boolean }): void => {
    if (b === SCALAR) {
      leaf(l, r, state);
    } else if (b === LIST) {
      const t = a.list!;
      const ll = Array.isArray(l) ? l : undefined;
      const rl = Array.isArray(r) ? r : undefined;
      if (t.relationship === 'atomic' || ((ll === undefined || ll.length === 0) && (rl === undefined || rl.length === 0))) {
        leaf(l, r, state);
        return;
      }
      compareListItems(t, ll ?? [], rl ?? []);
    } else if (b === MAP) {
      const t = a.map!;
      const lm = isJsonMap(l) ? l : undefined;
      const rm = isJsonMap(r) ? r : undefined;
      const lEmpty = lm === undefined || Object.keys(lm).length === 0;
      const rEmpty = rm === undefined || Object.keys(rm).length === 0;
      if (t.relationship === 'atomic' || (lEmpty && rEmpty)) {
        leaf(l, r, state);
        return;
      }
      compareMapItems(t, lm ?? {}, rm ?? {});
    }
  };

  const compareMapItems = (t: MapType, l: JsonMap, r: JsonMap): void => {
    const visit = (key: string): void => {
      const type = t.fields.get(key)?.type ?? t.element;
      if (type === undefined) return;
      path.push({ kind: 'field', name: key });
      walk(hasOwn(l, key) ? l[key] : undefined, hasOwn(r, key) ? r[key] : undefined, type);
      path.pop();
    };
    for (const key of Object.keys(l)) visit(key);
    for (const key of Object.keys(r)) if (!hasOwn(l, key)) visit(key);
  };

  const compareListItems = (t: ListType, l: JsonValue[], r: JsonValue[]): void => {
    const all: PathElement[] = [];
    const lValues = new ElementMap<JsonValue[]>();
    const rValues = new ElementMap<JsonValue[]>();
    for (const item of l) {
      const pe = safeElement(t, item);
      if (pe === undefined) continue;
      const got = lValues.get(pe);
      if (got) got.push(item);
      else {
        lValues.set(pe, [item]);
        all.push(pe);
      }
    }
    for (const item of r) {
      const pe = safeElement(t, item);
      if (pe === undefined) continue;
      const got = rValues.get(pe);
      if (got) got.push(item);
      else {
        rValues.set(pe, [item]);
        if (!lValues.has(pe)) all.push(pe);
      }
    }
    for (const pe of all) {
      const ls = lValues.get(pe) ?? [];
      const rs = rValues.get(pe) ?? [];
      path.push(pe);
      if (ls.length <= 1 && rs.length <= 1) walk(ls[0], rs[0], t.element);
      else if (ls.length >= 2 && rs.length >= 2) {
        if (ls.length !== rs.length || ls.some((v, i) => !valuesEqual(v, rs[i]!))) cmp.modified.insert(path);
      } else if (ls.length >= 2) {
        if (rs.length > 0) walk(undefined, rs[0], t.element);
        cmp.removed.insert(path);
      } else {
        if (ls.length > 0) walk(ls[0], undefined, t.element);
        cmp.added.insert(path);
      }
      path.pop();
    }
  };

  walk(lhs, rhs, atom);
  return cmp;
}

const hasOwn = (m: JsonMap, k: string): boolean => Object.prototype.hasOwnProperty.call(m, k);

// --- merge ---------------------------------------------------------------------------------------

export class MergeError extends Error {
  constructor(readonly errors: ValidationError[]) {
    super(validationErrorsText(errors));
  }
}

/**
 * Merges `rhs` (an applied configuration) into `lhs` (the live object): granular maps and list
 * maps merge item by item, everything else takes the right-hand value. Undefined means "no
 * value" (the key is dropped).
 */
export function merge(lhs: JsonValue | undefined, rhs: JsonValue | undefined, atom: Atom): JsonValue | undefined {
  const errors: ValidationError[] = [];
  const path: string[] = [];

  const walk = (l: JsonValue | undefined, r: JsonValue | undefined, a: Atom): JsonValue | undefined => {
    const state: MergeState = { inLeaf: false, out: undefined };
    const ml = deduce(a, l);
    const mr = deduce(a, r);
    if (r === undefined) handle(branch(ml), l, r, a, state);
    else if (l === undefined || ml === mr) handle(branch(mr), l, r, a, state);
    else {
      const copy: MergeState = { inLeaf: false, out: undefined };
      handle(branch(ml), l, r, a, copy);
      handle(branch(mr), l, r, a, state);
    }
    return state.out;
  };

  const leaf = (l: JsonValue | undefined, r: JsonValue | undefined, state: MergeState): void => {
    if (state.inLeaf) return;
    state.inLeaf = true;
    state.out = r !== undefined ? r : l;
  };

  const handle = (b: number, l: JsonValue | undefined, r: JsonValue | undefined, a: Atom, state: MergeState): void => {
    if (b === SCALAR) {
      const t = a.scalar!;
      const le = l === undefined ? undefined : scalarError(t, l, 'lhs: ');
      const re = r === undefined ? undefined : scalarError(t, r, 'rhs: ');
      if (le !== undefined && re !== undefined) {
        errors.push({ path: path.join(''), message: le }, { path: path.join(''), message: re });
        return;
      }
      leaf(l, r, state);
    } else if (b === LIST) {
      const t = a.list!;
      const ll = Array.isArray(l) ? l : undefined;
      const rl = Array.isArray(r) ? r : undefined;
      if (t.relationship === 'atomic' || ((ll === undefined || ll.length === 0) && (rl === undefined || rl.length === 0))) {
        leaf(l, r, state);
        return;
      }
      const out = mergeListItems(t, ll ?? [], rl ?? []);
      if (out !== undefined && out.length > 0) state.out = out;
    } else if (b === MAP) {
      const t = a.map!;
      const lm = isJsonMap(l) ? l : undefined;
      const rm = isJsonMap(r) ? r : undefined;
      const lEmpty = lm === undefined || Object.keys(lm).length === 0;
      const rEmpty = rm === undefined || Object.keys(rm).length === 0;
      if (t.relationship === 'atomic' || (lEmpty && rEmpty)) {
        leaf(l, r, state);
        return;
      }
      const out: JsonMap = {};
      const visit = (key: string): void => {
        const type = t.fields.get(key)?.type ?? t.element;
        if (type === undefined) return;
        path.push(`.${key}`);
        const v = walk(lm && hasOwn(lm, key) ? lm[key] : undefined, rm && hasOwn(rm, key) ? rm[key] : undefined, type);
        path.pop();
        if (v !== undefined) out[key] = v;
      };
      for (const key of Object.keys(lm ?? {})) visit(key);
      for (const key of Object.keys(rm ?? {})) if (!lm || !hasOwn(lm, key)) visit(key);
      if (Object.keys(out).length > 0) state.out = out;
    }
  };

  const index = (t: ListType, list: JsonValue[], allowDuplicates: boolean): [PathElement[], ElementMap<JsonValue>] | undefined => {
    const pes: PathElement[] = [];
    const observed = new ElementMap<JsonValue>();
    let failed = false;
    list.forEach((item, i) => {
      let pe: PathElement;
      try {
        pe = listItemElement(t, item);
      } catch (e) {
        errors.push({ path: path.join(''), message: `element ${i}: ${(e as Error).message}` });
        failed = true;
        return;
      }
      if (observed.has(pe)) {
        if (!allowDuplicates) {
          errors.push({ path: path.join(''), message: `duplicate entries for key ${pathElementToString(pe)}` });
          failed = true;
          return;
        }
        // duplicated live items are not merged with the new value
        observed.set(pe, null);
      } else observed.set(pe, item);
      pes.push(pe);
    });
    return failed ? undefined : [pes, observed];
  };

  const mergeListItems = (t: ListType, lhsList: JsonValue[], rhsList: JsonValue[]): JsonValue[] | undefined => {
    const rIndex = index(t, rhsList, false);
    const lIndex = index(t, lhsList, true);
    if (rIndex === undefined || lIndex === undefined) return undefined;
    const [rhsPEs, observedRHS] = rIndex;
    const [lhsPEs, observedLHS] = lIndex;
    const out: JsonValue[] = [];
    const item = (pe: PathElement, l: JsonValue | undefined, r: JsonValue | undefined): void => {
      path.push(pathElementToString(pe));
      const v = walk(l, r, t.element);
      path.pop();
      if (v !== undefined) out.push(v);
    };
    const shared = rhsPEs.filter((pe) => observedLHS.has(pe));
    let nextShared = shared.shift();
    const mergedRHS = new ElementMap<true>();
    const same = (a: PathElement | undefined, b: PathElement): boolean => a !== undefined && elementKey(a) === elementKey(b);
    let lI = 0;
    let rI = 0;
    while (lI < lhsPEs.length || rI < rhsPEs.length) {
      if (lI < lhsPEs.length && rI < rhsPEs.length) {
        const pe = lhsPEs[lI]!;
        if (same(pe, rhsPEs[rI]!)) {
          mergedRHS.set(pe, true);
          item(pe, observedLHS.get(pe), observedRHS.get(pe));
          lI++;
          rI++;
          nextShared = shared.shift();
          continue;
        }
        if (observedRHS.has(pe) && nextShared !== undefined && !same(nextShared, pe)) {
          lI++;
          continue;
        }
      }
      if (lI < lhsPEs.length) {
        const pe = lhsPEs[lI]!;
        if (!observedRHS.has(pe)) {
          item(pe, lhsList[lI], undefined);
          lI++;
          continue;
        } else if (mergedRHS.has(pe)) {
          lI++;
        }
      }
      if (rI < rhsPEs.length) {
        const pe = rhsPEs[rI]!;
        mergedRHS.set(pe, true);
        item(pe, observedLHS.get(pe), observedRHS.get(pe));
        rI++;
        if (same(nextShared, pe)) nextShared = shared.shift();
      }
    }
    return out;
  };

  const out = walk(lhs, rhs, atom);
  if (errors.length > 0) throw new MergeError(errors);
  return out;
}

interface MergeState {
  inLeaf: boolean;
  out: JsonValue | undefined;
}

// --- removal -------------------------------------------------------------------------------------

/**
 * `v` without the fields of `toRemove` (RemoveItems). Maps and lists on the removal paths that
 * end up empty become null, as upstream; atomic lists and maps are removed only as a whole.
 */
export function removeItems(v: JsonValue, toRemove: FieldSet, atom: Atom): JsonValue {
  const b = branch(deduce(atom, v));
  if (b === SCALAR) return v;
  if (b === LIST) {
    const t = atom.list!;
    if (!Array.isArray(v) || v.length === 0 || t.relationship === 'atomic') return null;
    const out: JsonValue[] = [];
    for (const item of v) {
      const pe = safeElement(t, item);
      if (pe === undefined) continue;
      if (toRemove.hasMember(pe)) continue;
      const sub = toRemove.withPrefix(pe);
      out.push(sub.empty() ? item : removeItems(item, sub, t.element));
    }
    return out.length > 0 ? out : null;
  }
  if (b === MAP) {
    const t = atom.map!;
    if (!isJsonMap(v) || Object.keys(v).length === 0 || t.relationship === 'atomic') return null;
    const out: JsonMap = {};
    for (const key of Object.keys(v)) {
      const pe: PathElement = { kind: 'field', name: key };
      if (toRemove.hasMember(pe)) continue;
      const sub = toRemove.withPrefix(pe);
      const type = t.fields.get(key)?.type ?? t.element;
      out[key] = sub.empty() || type === undefined ? v[key]! : removeItems(v[key]!, sub, type);
    }
    return Object.keys(out).length > 0 ? out : null;
  }
  return v;
}

/** The set plus, at every level, the named struct fields it has children under. */
export function ensureNamedFieldsAreMembers(set: FieldSet, atom: Atom | undefined): FieldSet {
  const members = [...set.members];
  const out = new FieldSet(members, []);
  for (const c of set.children) {
    let type: Atom | undefined;
    if (c.pe.kind === 'field' && atom?.map) {
      const f = atom.map.fields.get(c.pe.name);
      if (f !== undefined) out.insertMember(c.pe);
      type = f?.type ?? atom.map.element;
    } else if (c.pe.kind === 'key' && atom?.list) {
      type = atom.list.element;
    }
    out.children.push({ pe: c.pe, set: ensureNamedFieldsAreMembers(c.set, type) });
  }
  return out;
}

export type { Path };
