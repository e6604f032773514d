// What sigs.k8s.io/json's strict Unmarshal (DisallowUnknownFields, DisallowDuplicateFields,
// case-sensitive) reports while decoding JSON text into a Go type, found in one pass over the
// raw text because JSON.parse keeps only the last of duplicate keys:
// - `unknown field "<path>"`: a key a struct does not have; its value is skipped unread;
// - `duplicate field "<path>"`: a key seen before in the same struct, map or interface{} object;
//   the value is decoded again, so what is inside it is reported (once) as well.
// Findings come in document order, deduplicated by kind and path, at most 100 (the decoder's
// cap). Paths join keys with '.' and indexes as '[i]' (`spec.containers[0].name`).
import { ANY, type Shape } from './decodeSchema.js';
import { compareGoStrings, goQuote } from './goText.js';

export type FindingKind = 'unknown' | 'duplicate';

export interface StrictFinding {
  kind: FindingKind;
  path: string;
}

/** The decoder's cap on strict errors per Unmarshal. */
export const MAX_STRICT_ERRORS = 100;

/** Deeper than this the scan skips values unchecked (upstream's decoder gives up at 10000). */
const MAX_DEPTH = 1000;

/** The text sigs.k8s.io/json gives a finding: `unknown field "spec.foo"`. */
export function findingText(f: StrictFinding): string {
  return `${f.kind} field ${goQuote(f.path)}`;
}

export function joinKey(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

class SyntaxError extends Error {}

class Scanner {
  i = 0;
  readonly findings: StrictFinding[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly s: string) {}

  private record(kind: FindingKind, path: string): void {
    if (this.findings.length >= MAX_STRICT_ERRORS) return;
    const id = `${kind}\u0000${path}`;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.findings.push({ kind, path });
  }

  ws(): void {
    const s = this.s;
    let i = this.i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
    this.i = i;
  }

  private expect(ch: string): void {
    this.ws();
    if (this.s[this.i] !== ch) throw new SyntaxError(`expected ${ch} at ${this.i}`);
    this.i++;
  }

  /** Reads a string token and returns its value as Go decodes it. */
  string(): string {
    const s = this.s;
    if (s[this.i] !== '"') throw new SyntaxError(`expected string at ${this.i}`);
    let i = this.i + 1;
    let out = '';
    let run = i;
    for (;;) {
      if (i >= s.length) throw new SyntaxError('unterminated string');
      const c = s.charCodeAt(i);
      if (c === 0x22) {
        out += s.slice(run, i);
        this.i = i + 1;
        return out;
      }
      if (c < 0x20) throw new SyntaxError('control character in string');
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += s.slice(run, i);
      const e = s[i + 1];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          i += 2;
          break;
        case 'b':
          out += '\b';
          i += 2;
          break;
        case 'f':
          out += '\f';
          i += 2;
          break;
        case 'n':
          out += '\n';
          i += 2;
          break;
        case 'r':
          out += '\r';
          i += 2;
          break;
        case 't':
          out += '\t';
          i += 2;
          break;
        case 'u': {
          const unit = this.hex4(i + 2);
          i += 6;
          if (unit >= 0xd800 && unit < 0xdc00 && s[i] === '\\' && s[i + 1] === 'u') {
            const low = this.hex4(i + 2);
            if (low >= 0xdc00 && low < 0xe000) {
              out += String.fromCharCode(unit, low);
              i += 6;
              break;
            }
          }
          // Go turns a surrogate that is not part of a pair into U+FFFD
          out += unit >= 0xd800 && unit < 0xe000 ? '\ufffd' : String.fromCharCode(unit);
          break;
        }
        default:
          throw new SyntaxError(`invalid escape at ${i}`);
      }
      run = i;
    }
  }

  private hex4(at: number): number {
    const h = this.s.slice(at, at + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(h)) throw new SyntaxError(`invalid \\u escape at ${at}`);
    return parseInt(h, 16);
  }

  /** Skips one value without looking inside (iteratively: no depth limit). */
  skip(): void {
    this.ws();
    const s = this.s;
    const c = s[this.i];
    if (c === '"') {
      this.string();
      return;
    }
    if (c !== '{' && c !== '[') {
      this.literal();
      return;
    }
    let depth = 0;
    while (this.i < s.length) {
      const ch = s[this.i];
      if (ch === '"') {
        this.string();
        continue;
      }
      this.i++;
      if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') {
        if (--depth === 0) return;
      }
    }
    throw new SyntaxError('unterminated value');
  }

  private literal(): void {
    const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.s.slice(this.i, this.i + 400));
    if (m === null || m[0] === '') throw new SyntaxError(`invalid literal at ${this.i}`);
    this.i += m[0].length;
  }

  /** Decodes one value into `shape` at `path`, recording findings. */
  value(shape: Shape, path: string, depth: number): void {
    this.ws();
    const c = this.s[this.i];
    if (depth > MAX_DEPTH) {
      this.skip();
      return;
    }
    if (c === '{') {
      if (shape.kind === 'struct' || shape.kind === 'map' || shape.kind === 'any') this.object(shape, path, depth);
      else this.skip();
    } else if (c === '[') {
      if (shape.kind === 'list' || shape.kind === 'any') this.array(shape.kind === 'list' ? shape.element : ANY, path, depth);
      else this.skip();
    } else if (c === '"') {
      this.string();
    } else {
      this.literal();
    }
  }

  private object(shape: Shape & { kind: 'struct' | 'map' | 'any' }, path: string, depth: number): void {
    const s = this.s;
    this.i++; // {
    this.ws();
    if (s[this.i] === '}') {
      this.i++;
      return;
    }
    const keys = new Set<string>();
    for (;;) {
      this.ws();
      const key = this.string();
      this.expect(':');
      if (shape.kind === 'struct') {
        const field = shape.fields.get(key);
        if (field === undefined) {
          this.record('unknown', joinKey(path, key));
          this.skip();
        } else {
          if (keys.has(key)) this.record('duplicate', joinKey(path, key));
          else keys.add(key);
          this.value(field, joinKey(path, key), depth + 1);
        }
      } else {
        if (keys.has(key)) this.record('duplicate', joinKey(path, key));
        else keys.add(key);
        this.value(shape.kind === 'map' ? shape.element : ANY, joinKey(path, key), depth + 1);
      }
      this.ws();
      const sep = s[this.i++];
      if (sep === '}') return;
      if (sep !== ',') throw new SyntaxError(`expected , or } at ${this.i - 1}`);
    }
  }

  private array(element: Shape, path: string, depth: number): void {
    const s = this.s;
    this.i++; // [
    this.ws();
    if (s[this.i] === ']') {
      this.i++;
      return;
    }
    for (let index = 0; ; index++) {
      this.value(element, `${path}[${index}]`, depth + 1);
      this.ws();
      const sep = s[this.i++];
      if (sep === ']') return;
      if (sep !== ',') throw new SyntaxError(`expected , or ] at ${this.i - 1}`);
    }
  }
}

/**
 * The strict-decoding findings of JSON text decoded into `shape`, in upstream's order; undefined
 * when the text is not one JSON value (the decoder's syntax error is then what the client gets).
 */
export function strictJsonFindings(text: string, shape: Shape): StrictFinding[] | undefined {
  const scanner = new Scanner(text);
  try {
    scanner.value(shape, '', 0);
    scanner.ws();
    if (scanner.i !== text.length) return undefined;
  } catch (e) {
    if (e instanceof SyntaxError) return undefined;
    throw e;
  }
  return scanner.findings;
}

/**
 * What strictJsonFindings reports for the text encoding/json's Marshal makes of a decoded value
 * (keys sorted, no duplicates, so only unknown fields), found by walking the value itself.
 */
export function strictValueFindings(value: unknown, shape: Shape): StrictFinding[] {
  const findings: StrictFinding[] = [];
  const walk = (v: unknown, at: Shape, path: string, depth: number): void => {
    if (depth > MAX_DEPTH || typeof v !== 'object' || v === null) return;
    if (Array.isArray(v)) {
      if (at.kind !== 'list' && at.kind !== 'any') return;
      const element = at.kind === 'list' ? at.element : ANY;
      for (let index = 0; index < v.length; index++) walk(v[index], element, `${path}[${index}]`, depth + 1);
      return;
    }
    if (at.kind !== 'struct' && at.kind !== 'map' && at.kind !== 'any') return;
    const object = v as Record<string, unknown>;
    for (const key of Object.keys(object).sort(compareGoStrings)) {
      if (at.kind === 'struct') {
        const field = at.fields.get(key);
        if (field === undefined) {
          if (findings.length < MAX_STRICT_ERRORS) findings.push({ kind: 'unknown', path: joinKey(path, key) });
        } else {
          walk(object[key], field, joinKey(path, key), depth + 1);
        }
      } else {
        walk(object[key], at.kind === 'map' ? at.element : ANY, joinKey(path, key), depth + 1);
      }
    }
  };
  walk(value, shape, '', 0);
  return findings;
}

/**
 * The raw text of each `value` member of a JSON patch's operations (the last one when the
 * member is repeated, as the patch library keeps it); undefined for an item without one, and
 * undefined overall when the body is not a JSON array.
 */
export function jsonPatchValueTexts(text: string): Array<string | undefined> | undefined {
  const scanner = new Scanner(text);
  const values: Array<string | undefined> = [];
  try {
    scanner.ws();
    if (text[scanner.i] !== '[') return undefined;
    scanner.i++;
    scanner.ws();
    if (text[scanner.i] === ']') return values;
    for (;;) {
      scanner.ws();
      let value: string | undefined;
      if (text[scanner.i] === '{') {
        scanner.i++;
        scanner.ws();
        if (text[scanner.i] === '}') scanner.i++;
        else {
          for (;;) {
            scanner.ws();
            const key = scanner.string();
            scanner.ws();
            if (text[scanner.i++] !== ':') return undefined;
            scanner.ws();
            const start = scanner.i;
            scanner.skip();
            if (key === 'value') value = text.slice(start, scanner.i);
            scanner.ws();
            const sep = text[scanner.i++];
            if (sep === '}') break;
            if (sep !== ',') return undefined;
          }
        }
      } else scanner.skip();
      values.push(value);
      scanner.ws();
      const sep = text[scanner.i++];
      if (sep === ']') return values;
      if (sep !== ',') return undefined;
    }
  } catch (e) {
    if (e instanceof SyntaxError) return undefined;
    throw e;
  }
}
