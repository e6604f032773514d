// Sets of field paths (structured-merge-diff's fieldpath.Set): what a manager owns. A set holds
// the path elements that are members at this level and, per element, the set below it; both
// sorted by path element. Encoded as FieldsV1 (`{"f:spec":{"f:replicas":{}}}`, with `.` marking
// a node that is itself a member and has children too).
import {
  comparePathElements,
  deserializePathElement,
  serializePathElement,
  type Path,
  type PathElement,
} from './fieldPath.js';
import { isJsonMap, type JsonMap } from './jsonValue.js';
import { Recent } from './recent.js';

interface Child {
  readonly pe: PathElement;
  readonly set: FieldSet;
}

/** Binary search: index of `pe` in `list` (by key), or -(insertion point) - 1. */
function search<T>(list: readonly T[], pe: PathElement, key: (t: T) => PathElement): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = comparePathElements(key(list[mid]!), pe);
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return -lo - 1;
}

const selfPe = (pe: PathElement): PathElement => pe;
const childPe = (c: Child): PathElement => c.pe;

export class FieldSet {
  /** Members at this level, sorted. */
  readonly members: PathElement[];
  /** Subsets below this level, sorted by element. */
  readonly children: Child[];

  constructor(members: PathElement[] = [], children: Child[] = []) {
    this.members = members;
    this.children = children;
  }

  static fromPaths(paths: Iterable<Path>): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  /** Adds a path (its parents are not added). The empty path (the whole object) is never tracked. */
  insert(path: Path): void {
    if (path.length === 0) return;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    let s: FieldSet = this;
    for (let i = 0; i < path.length - 1; i++) s = s.descend(path[i]!);
    s.insertMember(path[path.length - 1]!);
  }

  insertMember(pe: PathElement): void {
    const at = search(this.members, pe, selfPe);
    if (at < 0) this.members.splice(-at - 1, 0, pe);
  }

  /** The subset under `pe`, created when missing. */
  descend(pe: PathElement): FieldSet {
    const at = search(this.children, pe, childPe);
    if (at >= 0) return this.children[at]!.set;
    const set = new FieldSet();
    this.children.splice(-at - 1, 0, { pe, set });
    return set;
  }

  hasMember(pe: PathElement): boolean {
    return search(this.members, pe, selfPe) >= 0;
  }

  has(path: Path): boolean {
    if (path.length === 0) return false;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    let s: FieldSet | undefined = this;
    for (let i = 0; i < path.length - 1; i++) {
      s = s.child(path[i]!);
      if (s === undefined) return false;
    }
    return s.hasMember(path[path.length - 1]!);
  }

  child(pe: PathElement): FieldSet | undefined {
    const at = search(this.children, pe, childPe);
    return at >= 0 ? this.children[at]!.set : undefined;
  }

  /** The paths below `pe`, without it (empty when none). */
  withPrefix(pe: PathElement): FieldSet {
    return this.child(pe) ?? new FieldSet();
  }

  empty(): boolean {
    if (this.members.length > 0) return false;
    return this.children.every((c) => c.set.empty());
  }

  size(): number {
    return this.members.length + this.children.reduce((n, c) => n + c.set.size(), 0);
  }

  /** The paths of both sets; this set itself when `other` adds nothing. */
  union(other: FieldSet): FieldSet {
    const members = mergeSorted(this.members, other.members, selfPe, (a) => a);
    let same = members.length === this.members.length;
    const children = mergeSorted(this.children, other.children, childPe, (a, b) => {
      const set = a.set.union(b.set);
      if (set === a.set) return a;
      same = false;
      return { pe: a.pe, set };
    });
    return same && children.length === this.children.length ? this : new FieldSet(members, children);
  }

  intersection(other: FieldSet): FieldSet {
    const members = this.members.filter((pe) => other.hasMember(pe));
    const children: Child[] = [];
    for (const c of this.children) {
      const o = other.child(c.pe);
      if (o === undefined) continue;
      const set = c.set.intersection(o);
      if (!set.empty()) children.push({ pe: c.pe, set });
    }
    return new FieldSet(members, children);
  }

  /**
   * Paths of this set not in `other` (a member removes only itself, not what is below it);
   * this set itself when nothing is removed.
   */
  difference(other: FieldSet): FieldSet {
    const members = this.members.filter((pe) => !other.hasMember(pe));
    let same = members.length === this.members.length;
    const children: Child[] = [];
    for (const c of this.children) {
      const o = other.child(c.pe);
      if (o === undefined) {
        children.push(c);
        continue;
      }
      const set = c.set.difference(o);
      if (set === c.set) children.push(c);
      else {
        same = false;
        if (!set.empty()) children.push({ pe: c.pe, set });
      }
    }
    return same ? this : new FieldSet(members, children);
  }

  /** Like difference, but a member of `other` also removes everything below it. */
  recursiveDifference(other: FieldSet): FieldSet {
    const members = this.members.filter((pe) => !other.hasMember(pe));
    let same = members.length === this.members.length;
    const children: Child[] = [];
    for (const c of this.children) {
      if (other.hasMember(c.pe)) {
        same = false;
        continue;
      }
      const o = other.child(c.pe);
      if (o === undefined) {
        children.push(c);
        continue;
      }
      const set = c.set.recursiveDifference(o);
      if (set === c.set) children.push(c);
      else {
        same = false;
        if (!set.empty()) children.push({ pe: c.pe, set });
      }
    }
    return same ? this : new FieldSet(members, children);
  }

  equals(other: FieldSet): boolean {
    return this.difference(other).empty() && other.difference(this).empty();
  }

  /** Every member path, members of a level before its children (fieldpath's Iterate order). */
  *paths(prefix: PathElement[] = []): Generator<PathElement[]> {
    for (const pe of this.members) yield [...prefix, pe];
    for (const c of this.children) yield* c.set.paths([...prefix, c.pe]);
  }

  /** The FieldsV1 object (the one the set was read from, when that is how it is written). */
  toFieldsV1(): JsonMap {
    return readFrom.get(this) ?? this.emit(false);
  }

  private emit(includeSelf: boolean): JsonMap {
    const out: JsonMap = {};
    if (includeSelf && (this.members.length > 0 || this.children.length > 0)) out['.'] = {};
    let mi = 0;
    let ci = 0;
    while (mi < this.members.length || ci < this.children.length) {
      const m = this.members[mi];
      const c = this.children[ci];
      const cmp = m === undefined ? 1 : c === undefined ? -1 : comparePathElements(m, c.pe);
      if (cmp < 0) {
        out[keyOf(m!)] = {};
        mi++;
      } else if (cmp > 0) {
        out[keyOf(c!.pe)] = c!.set.emit(false);
        ci++;
      } else {
        out[keyOf(c!.pe)] = c!.set.emit(true);
        mi++;
        ci++;
      }
    }
    return out;
  }

  /** Reads a FieldsV1 object; throws on malformed keys, skips keys of unknown kinds. */
  static fromFieldsV1(fields: unknown): FieldSet {
    if (!isJsonMap(fields)) throw new Error('FieldsV1 must be an object');
    const written = FieldSet.readWritten(fields, false);
    if (written !== undefined) {
      readFrom.set(written, fields);
      return written;
    }
    return FieldSet.read(fields).children ?? new FieldSet();
  }

  /**
   * Reads FieldsV1 exactly as `emit(includeSelf)` writes it (elements in order, each key as
   * serialized, `{}` leaves, `.` first and only beside children): the set, or undefined for
   * anything else (which `read` then handles). Most sets read are ones this server wrote.
   */
  private static readWritten(obj: JsonMap, includeSelf: boolean): FieldSet | undefined {
    const members: PathElement[] = [];
    const children: Child[] = [];
    let last: PathElement | undefined;
    let first = true;
    for (const key in obj) {
      const value = obj[key];
      if (!isJsonMap(value)) return undefined;
      if (first && includeSelf) {
        first = false;
        if (key !== '.') return undefined;
        for (const _ in value) return undefined;
        continue;
      }
      first = false;
      const pe = key.startsWith('f:') ? { kind: 'field' as const, name: key.slice(2) } : writtenElements.get(key);
      if (pe === undefined || (last !== undefined && comparePathElements(last, pe) >= 0)) return undefined;
      last = pe;
      let isEmpty = true;
      let isMember = false;
      for (const k in value) {
        isEmpty = false;
        isMember = k === '.';
        break;
      }
      if (isEmpty) {
        members.push(pe);
        continue;
      }
      const set = FieldSet.readWritten(value, isMember);
      if (set === undefined || (set.members.length === 0 && set.children.length === 0)) return undefined;
      if (isMember) members.push(pe);
      children.push({ pe, set });
    }
    return new FieldSet(members, children);
  }

  private static read(obj: JsonMap): { children: FieldSet | undefined; isMember: boolean } {
    let children: FieldSet | undefined;
    let isMember = false;
    for (const [key, value] of Object.entries(obj)) {
      if (key === '.') {
        isMember = true;
        continue;
      }
      const pe = deserializePathElement(key);
      if (pe === undefined) continue;
      const sub = isJsonMap(value) ? FieldSet.read(value) : { children: undefined, isMember: true };
      if (sub.isMember) (children ??= new FieldSet()).insertMember(pe);
      if (sub.children !== undefined) {
        const target = (children ??= new FieldSet()).descend(pe);
        const merged = target.union(sub.children);
        target.members.splice(0, target.members.length, ...merged.members);
        target.children.splice(0, target.children.length, ...merged.children);
      }
    }
    if (children === undefined) isMember = true;
    return { children, isMember };
  }
}

/** The path elements of keys written as serializePathElement writes them (undefined: others). */
const writtenElements = new Recent<PathElement | undefined>((key) => {
  let pe: PathElement | undefined;
  try {
    pe = deserializePathElement(key);
  } catch {
    return undefined;
  }
  if (pe === undefined || serializePathElement(pe) !== key) return undefined;
  serialized.set(pe, key);
  return pe;
});

/** FieldsV1 keys of path elements read (elements are values: never changed once made). */
const serialized = new WeakMap<PathElement, string>();

const keyOf = (pe: PathElement): string => (pe.kind === 'field' ? `f:${pe.name}` : (serialized.get(pe) ?? serializePathElement(pe)));

/** The FieldsV1 objects sets were read from, when they are written the same way (readWritten). */
const readFrom = new WeakMap<FieldSet, JsonMap>();

function mergeSorted<T>(a: readonly T[], b: readonly T[], key: (t: T) => PathElement, both: (x: T, y: T) => T): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const c = comparePathElements(key(a[i]!), key(b[j]!));
    if (c < 0) out.push(a[i++]!);
    else if (c > 0) out.push(b[j++]!);
    else out.push(both(a[i++]!, b[j++]!));
  }
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}
