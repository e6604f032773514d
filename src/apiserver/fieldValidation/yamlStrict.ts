// The duplicate keys sigs.k8s.io/yaml's strict conversion (YAMLToJSONStrict, UnmarshalStrict)
// reports for a YAML body, as its go-yaml v2 decoder words them:
//   yaml: unmarshal errors:
//     line 5: key "name" already set in map
// One line per duplicate, in the decoder's order: a mapping's pairs in turn, each value decoded
// (and its own duplicates reported) before its key is checked. The line is the value's (for an
// empty value, the colon's; for a value with an anchor or tag, that property's). Keys compare as
// go-yaml resolves them (YAML 1.1: `on` is true, `01` is 1, `~` is nil) and print as Go's %#v.
// Aliases are decoded again where they are used, and `<<` merges the keys of the mappings it
// names into the mapping, where a key set before reports as a duplicate too.
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair } from 'yaml';
import { goFloatV, goQuote } from './goText.js';

/** The prefix of the error YAMLToJSONStrict returns for duplicate keys. */
export const YAML_UNMARSHAL_ERRORS = 'yaml: unmarshal errors:\n  ';

interface GoKey {
  /** Identity for map lookup (type and value). */
  id: string;
  /** fmt's %#v of the key. */
  text: string;
}

const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const TRUES = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const FALSES = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
const UINT64_MAX = (1n << 64n) - 1n;

const stringKey = (s: string): GoKey => ({ id: `s${s}`, text: goQuote(s) });
let nanKeys = 0;
// NaN never equals itself: a NaN key is never found again, so each one gets its own identity
const floatKey = (f: number): GoKey => ({ id: Number.isNaN(f) ? `nan${nanKeys++}` : `f${f}`, text: goFloatV(f) });

/** strconv.ParseInt/ParseUint with base 0 (sign, 0x, 0o, 0b, leading-0 octal); undefined when it fails. */
function parseGoInteger(s: string): bigint | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (m === null) return undefined;
  let digits = m[2]!;
  if (/^0[0-7]+$/.test(digits)) digits = `0o${digits.slice(1)}`;
  const v = BigInt(digits.toLowerCase());
  return m[1] === '-' ? -v : v;
}

function intKey(v: bigint): GoKey | undefined {
  if (v >= INT64_MIN && v <= INT64_MAX) return { id: `i${v}`, text: v.toString() };
  if (v > 0n && v <= UINT64_MAX) return { id: `u${v}`, text: v.toString() };
  return undefined;
}

/** go-yaml v2's resolve() of a plain scalar, as a map key. */
function resolvePlain(s: string): GoKey {
  if (NULLS.has(s)) return { id: 'nil', text: '<nil>' };
  if (TRUES.has(s)) return { id: 'btrue', text: 'true' };
  if (FALSES.has(s)) return { id: 'bfalse', text: 'false' };
  if (s === '.nan' || s === '.NaN' || s === '.NAN') return floatKey(NaN);
  if (['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].includes(s)) return floatKey(Infinity);
  if (['-.inf', '-.Inf', '-.INF'].includes(s)) return floatKey(-Infinity);
  const hint = s[0] ?? '';
  if (hint === '.') {
    if (YAML_FLOAT.test(s)) return floatKey(Number(s));
  } else if (/[-+0-9]/.test(hint)) {
    // a timestamp-looking key stays the string it is (decoded into interface{})
    if (/^[0-9]{4}-/.test(s)) return stringKey(s);
    const plain = s.replace(/_/g, '');
    const n = parseGoInteger(plain);
    const asInt = n === undefined ? undefined : intKey(n);
    if (asInt !== undefined) return asInt;
    if (YAML_FLOAT.test(plain)) return floatKey(Number(plain));
    const bin = /^(-?)0b([01]+)$/.exec(plain);
    if (bin !== null) {
      const v = BigInt(`0b${bin[2]}`);
      const asBin = intKey(bin[1] === '-' ? -v : v);
      if (asBin !== undefined) return asBin;
    }
  }
  return stringKey(s);
}

const STR_TAG = 'tag:yaml.org,2002:str';

class DuplicateFinder {
  readonly lines: string[] = [];
  private readonly active = new Set<Node>();

  constructor(
    private readonly doc: Document,
    private readonly counter: LineCounter,
  ) {}

  private line(offset: number): number {
    return this.counter.linePos(offset).line;
  }

  private resolveAlias(node: unknown): Node | undefined {
    if (!isAlias(node)) return node as Node | undefined;
    return (node.resolve(this.doc) as Node | undefined) ?? undefined;
  }

  private key(node: unknown): GoKey | 'merge' | undefined {
    const target = this.resolveAlias(node);
    if (target === undefined || target === null) return { id: 'nil', text: '<nil>' };
    if (!isScalar(target)) return undefined; // go-yaml fails on a map or list key
    const tag = target.tag;
    if (target.type === 'PLAIN' || target.type === undefined) {
      const source = typeof target.source === 'string' ? target.source : String(target.value ?? '');
      if (tag === STR_TAG) return stringKey(source);
      if (source === '<<' && tag === undefined && !isAlias(node)) return 'merge';
      return resolvePlain(source);
    }
    return stringKey(String(target.value));
  }

  /** The line go-yaml gives a pair's value node. */
  private valueLine(pair: Pair): number {
    const token = (pair as Pair & { srcToken?: { sep?: Array<{ type: string; offset: number }> } }).srcToken;
    const sep = token?.sep ?? [];
    const colon = sep.findIndex((t) => t.type === 'map-value-ind');
    const props = sep.slice(colon + 1).find((t) => t.type === 'anchor' || t.type === 'tag');
    if (props !== undefined) return this.line(props.offset);
    const value = pair.value as Node | null;
    const range = value?.range;
    const empty = value === null || (isScalar(value) && value.source === '' && value.type === 'PLAIN');
    if (empty || range === undefined || range === null) {
      if (colon >= 0) return this.line(sep[colon]!.offset);
      const keyRange = (pair.key as Node | null)?.range;
      return this.line(keyRange ? keyRange[1] : 0);
    }
    return this.line(range[0]);
  }

  /** d.unmarshal into interface{}. */
  node(n: unknown): void {
    if (isAlias(n)) {
      const target = n.resolve(this.doc) as Node | undefined;
      if (target === undefined || this.active.has(target)) return;
      this.active.add(target);
      this.node(target);
      this.active.delete(target);
    } else if (isMap(n)) {
      this.mapping(n.items as Pair[], new Set());
    } else if (isSeq(n)) {
      for (const item of n.items) this.node(item);
    }
  }

  private mapping(pairs: Pair[], keys: Set<string>): void {
    for (const pair of pairs) {
      if (!isPair(pair)) continue;
      const key = this.key(pair.key);
      if (key === undefined) continue;
      if (key === 'merge') {
        this.merge(pair.value, keys);
        continue;
      }
      this.node(pair.value);
      if (keys.has(key.id)) this.lines.push(`line ${this.valueLine(pair)}: key ${key.text} already set in map`);
      else keys.add(key.id);
    }
  }

  private merge(n: unknown, keys: Set<string>): void {
    const target = this.resolveAlias(n);
    if (isMap(target)) {
      if (isAlias(n)) {
        if (this.active.has(target)) return;
        this.active.add(target);
        this.mapping(target.items as Pair[], keys);
        this.active.delete(target);
      } else this.mapping(target.items as Pair[], keys);
    } else if (isSeq(target)) {
      // earlier mappings take precedence: go-yaml merges them last to first
      for (const item of [...target.items].reverse()) {
        const m = this.resolveAlias(item);
        if (isMap(m)) this.mapping(m.items as Pair[], keys);
      }
    }
  }
}

/** A YAML body parsed once for both the duplicate-key lines and its value. */
export interface ParsedYaml {
  doc: Document;
  counter: LineCounter;
}

/**
 * Parses a YAML body as go-yaml v2 reads it (YAML 1.1, duplicate keys kept, `<<` merges);
 * undefined when it is not one YAML document (the conversion's own error is then what the
 * client gets).
 */
export function parseYamlBody(text: string): ParsedYaml | undefined {
  const counter = new LineCounter();
  try {
    const doc = parseDocument(text, { uniqueKeys: false, lineCounter: counter, keepSourceTokens: true, version: '1.1', merge: true });
    return doc.errors.length > 0 ? undefined : { doc, counter };
  } catch {
    return undefined;
  }
}

/** The duplicate-key lines (`line 5: key "name" already set in map`) in go-yaml's order. */
export function duplicateLines(parsed: ParsedYaml): string[] {
  const finder = new DuplicateFinder(parsed.doc, parsed.counter);
  finder.node(parsed.doc.contents);
  return finder.lines;
}

/** The duplicate-key lines of a YAML text; undefined when it does not parse. */
export function yamlDuplicateLines(text: string): string[] | undefined {
  const parsed = parseYamlBody(text);
  return parsed === undefined ? undefined : duplicateLines(parsed);
}

/** The error YAMLToJSONStrict returns for these duplicate lines (without the sigs.k8s.io/yaml prefix). */
export function yamlUnmarshalErrors(lines: readonly string[]): string {
  return `${YAML_UNMARSHAL_ERRORS}${lines.join('\n  ')}`;
}
