// fieldValidation against upstream's Go libraries (oracle/main.go): realistic objects with
// unknown and duplicate fields injected at random (seeded) places, sent as JSON and YAML create
// bodies, apply bodies, merge, JSON and strategic merge patches; plus Go's quoting and printing.
// The findings, their order and their texts must be upstream's exactly.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import {
  applyFieldValidation,
  findFieldProblems,
  findPatchProblems,
  goQuote,
  type FieldValidationContext,
} from '../../../src/apiserver/fieldValidation/index.js';
import { goFloatV, goPrintV } from '../../../src/apiserver/fieldValidation/goText.js';
import { yamlDuplicateLines } from '../../../src/apiserver/fieldValidation/yamlStrict.js';
import { StatusError } from '../../../src/registry/statusError.js';
import { clusterRole, configMap, controllerRevision, cronJob, deployment, horizontalPodAutoscaler, ingress, pod, secret, service, statefulSet } from './fixtures.js';
import { Oracle, type OracleAnswer } from './oracle.js';

/** mulberry32 */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// A JSON document that can hold duplicate keys: objects are entry lists.
type Tree = { o: Array<[string, Tree]> } | { a: Tree[] } | { v: unknown };

function tree(v: unknown): Tree {
  if (Array.isArray(v)) return { a: v.map(tree) };
  if (v !== null && typeof v === 'object') return { o: Object.entries(v).map(([k, x]) => [k, tree(x)]) };
  return { v };
}

function clone(t: Tree): Tree {
  return JSON.parse(JSON.stringify(t)) as Tree;
}

function json(t: Tree, indent = ''): string {
  const inner = indent === '' ? '' : `${indent}  `;
  const nl = indent === '' ? '' : '\n';
  if ('o' in t) {
    if (t.o.length === 0) return '{}';
    return `{${nl}${t.o.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${json(x, inner || '')}`).join(`,${nl}`)}${nl}${indent}}`;
  }
  if ('a' in t) {
    if (t.a.length === 0) return '[]';
    return `[${nl}${t.a.map((x) => `${inner}${json(x, inner || '')}`).join(`,${nl}`)}${nl}${indent}]`;
  }
  return JSON.stringify(t.v);
}

const YAML_WORDS = new Set(['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null', '~']);
function yamlKey(k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_./-]*$/.test(k) && !YAML_WORDS.has(k.toLowerCase()) ? k : JSON.stringify(k);
}

function yamlScalar(t: Tree): string | undefined {
  if ('v' in t) return JSON.stringify(t.v);
  if ('o' in t && t.o.length === 0) return '{}';
  if ('a' in t && t.a.length === 0) return '[]';
  return undefined;
}

/** Block-style YAML, one key per line (flow JSON for lists of lists). */
function yaml(t: Tree, indent: string): string[] {
  const lines: string[] = [];
  if ('o' in t) {
    for (const [k, x] of t.o) {
      const s = yamlScalar(x);
      if (s !== undefined) lines.push(`${indent}${yamlKey(k)}: ${s}`);
      else {
        lines.push(`${indent}${yamlKey(k)}:`);
        lines.push(...yaml(x, 'a' in x ? indent : `${indent}  `));
      }
    }
  } else if ('a' in t) {
    for (const x of t.a) {
      const s = yamlScalar(x);
      if (s !== undefined) lines.push(`${indent}- ${s}`);
      else if ('a' in x) lines.push(`${indent}- ${json(x)}`);
      else {
        const sub = yaml(x, `${indent}  `);
        lines.push(`${indent}- ${sub[0]!.slice(indent.length + 2)}`, ...sub.slice(1));
      }
    }
  }
  return lines;
}

const UNKNOWN_NAMES = ['foo', 'bogus', 'a.b', 'x-y', 'é', 'q"uote', 'sp ace', 'Name', 'imagePullPolicyy', 'zz', 'aa', '$patch', 'ünï\u00a0', 'a[0]'];

function mutator(r: () => number) {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const objects = (t: Tree, out: Array<{ o: Array<[string, Tree]> }> = []): Array<{ o: Array<[string, Tree]> }> => {
    if ('o' in t) {
      out.push(t);
      for (const [, x] of t.o) objects(x, out);
    } else if ('a' in t) for (const x of t.a) objects(x, out);
    return out;
  };
  const insert = (o: { o: Array<[string, Tree]> }, entry: [string, Tree], after = 0): void => {
    const at = after + Math.floor(r() * (o.o.length - after + 1));
    o.o.splice(at, 0, entry);
  };
  const unknownValue = (): Tree => pick([{ v: 1 }, { v: 'x' }, { v: null }, { o: [['k', { v: 1 }], ['k', { v: 2 }]] }, { a: [{ v: true }] }]);
  /** Injects `n` problems (or harmless twins) at random objects of `t`. */
  return (t: Tree, n: number): Tree => {
    for (let i = 0; i < n; i++) {
      const all = objects(t);
      const target = pick(all);
      if (r() < 0.5 || target.o.length === 0) insert(target, [pick(UNKNOWN_NAMES), unknownValue()]);
      else {
        const index = Math.floor(r() * target.o.length);
        const [k, x] = target.o[index]!;
        const twin = clone(x);
        if (r() < 0.5) {
          const inner = objects(twin);
          if (inner.length > 0) insert(pick(inner), [pick(UNKNOWN_NAMES), unknownValue()]);
        }
        insert(target, [k, twin], index + 1);
      }
    }
    return t;
  };
}

/** KUBETS_FUZZ_SCALE=10 runs ten times the cases (and other seeds). */
const SCALE = Number(process.env['KUBETS_FUZZ_SCALE'] ?? 1);

const FIXTURES = [deployment, pod, service, secret, configMap, statefulSet, cronJob, ingress, horizontalPodAutoscaler, clusterRole, controllerRevision];

let oracle: Oracle | undefined;

beforeAll(() => {
  oracle = Oracle.start();
}, 600_000);

afterAll(() => oracle?.stop());

async function ask(request: Record<string, unknown>): Promise<OracleAnswer> {
  return oracle!.ask(request);
}

function strictMessage(problems: string[], context: FieldValidationContext): string {
  try {
    applyFieldValidation('Strict', problems, context);
  } catch (e) {
    if (e instanceof StatusError) return e.message;
    throw e;
  }
  return '';
}

describe('create and update bodies against the strict decoders', () => {
  it('JSON bodies: the same findings in the same order', async () => {
    if (oracle === undefined) throw new Error('the upstream oracle could not be built (it needs Go and the Go module proxy)');
    const r = rng(1 * SCALE);
    const mutate = mutator(r);
    let compared = 0;
    for (let round = 0; round < 300 * SCALE; round++) {
      const obj = FIXTURES[round % FIXTURES.length]!();
      const [apiVersion, kind] = [obj.apiVersion as string, obj.kind as string];
      const body = json(mutate(tree(obj), 1 + Math.floor(r() * 5)), r() < 0.5 ? '' : '\n');
      const answer = await ask({ op: 'decode', contentType: 'json', body, apiVersion, kind });
      if (answer.fatal) continue;
      compared++;
      expect([body, findFieldProblems(body, 'application/json', apiVersion, kind)]).toEqual([body, answer.errors]);
    }
    expect(compared).toBeGreaterThan(200 * SCALE);
  });

  it('YAML bodies: duplicate-key lines, then unknown fields', async () => {
    if (oracle === undefined) throw new Error('the upstream oracle could not be built (it needs Go and the Go module proxy)');
    const r = rng(2 * SCALE);
    const mutate = mutator(r);
    let compared = 0;
    for (let round = 0; round < 300 * SCALE; round++) {
      const obj = FIXTURES[round % FIXTURES.length]!();
      const [apiVersion, kind] = [obj.apiVersion as string, obj.kind as string];
      const t = mutate(tree(obj), 1 + Math.floor(r() * 5));
      const body = r() < 0.8 ? `${yaml(t, '').join('\n')}\n` : json(t, '\n');
      const answer = await ask({ op: 'decode', contentType: 'yaml', body, apiVersion, kind });
      if (answer.fatal) continue;
      compared++;
      expect([body, findFieldProblems(body, 'application/yaml', apiVersion, kind)]).toEqual([body, answer.errors]);
    }
    expect(compared).toBeGreaterThan(200 * SCALE);
  });

  it('YAML keys compare and print as go-yaml resolves them; anchors, aliases and merges', async () => {
    if (oracle === undefined) throw new Error('the upstream oracle could not be built (it needs Go and the Go module proxy)');
    const docs = [
      'a: 1\na: 2\nb:\n  c: 1\nb:\n  c: 3\n  c: 4\nd:\nd: 1\n1: x\n01: y\ntrue: 1\non: 2\n1.0: a\n1.0: b\n~: 1\nnull: 2\n\'q"\': 1\n\'q"\': 2\n',
      'x: &a\n  k: 1\n  k: 2\ny: *a\nz:\n  <<: *a\n  k: 3\n',
      'x: &a {k: 1}\ny: &b {j: 1, k: 2}\nz:\n  <<: [*a, *b]\n  j: 3\n',
      '{"a": 1,\n "a": {"b": 1, "b": 2}}',
      'a:\n  - b: 1\n    b: 2\n  - &x\n    c: 1\n    c: 2\nb: !!str 1\n"b": x\nc: 0x1F\nc: 31\nd: .inf\nd: +.INF\ne: 1_000\ne: 1000\nf: -0b11\nf: -3\ng: 2024-01-01\ng: "2024-01-01"\n',
      'k: &v\n  - 1\nk: *v\nl: &w\nl: ""\nm:\n\n  n: 1\nm: |\n  text\n',
      'a: {b: 1, b: 2, c: [{d: 1, d: 2}]}\na: [1]\n',
      '? a\n: 1\n? a\n: 2\n',
      'NaN: 1\n.nan: 2\n.nan: 3\n',
    ];
    for (const body of docs) {
      const answer = await ask({ op: 'yamlstrict', body });
      const mine = findPatchProblems('application/apply-patch+yaml', body, undefined, 'v1', 'ConfigMap');
      expect([body, mine]).toEqual([body, answer.errors]);
    }
    expect(yamlDuplicateLines('a: [')).toBeUndefined();
  });

  it('apply bodies: the duplicate-key error of sigs.k8s.io/yaml UnmarshalStrict', async () => {
    if (oracle === undefined) throw new Error('the upstream oracle could not be built (it needs Go and the Go module proxy)');
    const r = rng(3 * SCALE);
    const mutate = mutator(r);
    for (let round = 0; round < 100 * SCALE; round++) {
      const obj = FIXTURES[round % FIXTURES.length]!();
      const t = mutate(tree(obj), 1 + Math.floor(r() * 4));
      const body = r() < 0.5 ? `${yaml(t, '').join('\n')}\n` : json(t, r() < 0.5 ? '' : '\n');
      const answer = await ask({ op: 'yamlstrict', body });
      expect([body, findPatchProblems('application/apply-patch+yaml', body, undefined, obj.apiVersion as string, obj.kind as string)]).toEqual([
        body,
        answer.errors,
      ]);
    }
  });
});

/** A random partial copy of `t` (the fields a patch would touch). */
function partial(r: () => number, t: Tree, depth = 0): Tree {
  if (!('o' in t)) return clone(t);
  const entries = t.o.filter(([k]) => depth > 0 || !['apiVersion', 'kind', 'metadata', 'status'].includes(k)).filter(() => r() < 0.5);
  return { o: entries.map(([k, x]) => [k, r() < 0.15 ? { v: null } : partial(r, x, depth + 1)]) };
}

describe('patches against the handlers libraries', () => {
  it('merge patches: patch duplicates, then the patched object unknown fields; the 422 shows the patched object', async () => {
    if (oracle === undefined) throw new Error('the upstream oracle could not be built (it needs Go and the Go module proxy)');
    const r = rng(4 * SCALE);
    const mutate = mutator(r);
    let compared = 0;
    for (let round = 0; round < 200 * SCALE; round++) {
      const obj = FIXTURES[round % FIXTURES.length]!();
      const [apiVersion, kind] = [obj.apiVersion as string, obj.kind as string];
      const body = json(mutate(partial(r, tree(obj)), 1 + Math.floor(r() * 4)));
      const answer = await ask({ op: 'mergepatch', original: obj, body, apiVersion, kind });
      if (answer.fatal) continue;
      compared++;
      const patched = JSON.parse(answer.patched!) as Record<string, never>;
      const mine = findPatchProblems('application/merge-patch+json', body, patched, apiVersion, kind);
      expect([body, mine]).toEqual([body, answer.errors]);
      if (mine.length > 0) {
        expect(strictMessage(mine, { verb: 'patch', patchType: 'application/merge-patch+json', body, patched })).toBe(
          ` "" is invalid: patch: Invalid value: ${goQuote(answer.patched!)}: strict decoding error: ${mine.join(', ')}`,
        );
      }
    }
    expect(compared).toBeGreaterThan(150 * SCALE);
  });

  it('strategic merge patches: duplicates, then unknown fields sorted; the 422 prints the patch', async () => {
    if (oracle === undefined) throw new Error('the upstream oracle could not be built (it needs Go and the Go module proxy)');
    const r = rng(5 * SCALE);
    const mutate = mutator(r);
    let compared = 0;
    for (let round = 0; round < 200 * SCALE; round++) {
      const obj = FIXTURES[round % FIXTURES.length]!();
      const [apiVersion, kind] = [obj.apiVersion as string, obj.kind as string];
      const body = json(mutate(partial(r, tree(obj)), 1 + Math.floor(r() * 4)));
      const answer = await ask({ op: 'smp', original: obj, body, apiVersion, kind });
      if (answer.fatal) continue;
      compared++;
      const patched = JSON.parse(answer.patched!) as Record<string, never>;
      const mine = findPatchProblems('application/strategic-merge-patch+json', body, patched, apiVersion, kind);
      expect([body, mine]).toEqual([body, answer.errors]);
      // applying a strategic merge patch consumes directives and nulls from the patch map, so
      // the printed map is the body's only without them (the handler passes the consumed map)
      if (!/\$setElementOrder|\$retainKeys|"\$patch"|null/.test(body)) {
        expect(goPrintV(JSON.parse(body))).toBe(answer.text);
      }
    }
    expect(compared).toBeGreaterThan(100 * SCALE);
  });

  it('JSON patches: the operations own problems, then the patched object as the patch library encodes it', async () => {
    if (oracle === undefined) throw new Error('the upstream oracle could not be built (it needs Go and the Go module proxy)');
    const r = rng(6 * SCALE);
    const mutate = mutator(r);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    let compared = 0;
    for (let round = 0; round < 200 * SCALE; round++) {
      const obj = FIXTURES[round % FIXTURES.length]!();
      const [apiVersion, kind] = [obj.apiVersion as string, obj.kind as string];
      // pointers to objects of the fixture
      const pointers: string[] = [];
      const walk = (v: unknown, p: string): void => {
        if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${p}/${i}`));
        else if (v !== null && typeof v === 'object') {
          pointers.push(p);
          for (const [k, x] of Object.entries(v)) walk(x, `${p}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
        }
      };
      walk(obj, '');
      const ops: string[] = [];
      for (let i = 0, n = 1 + Math.floor(r() * 4); i < n; i++) {
        const at = pick(pointers);
        const name = pick(UNKNOWN_NAMES).replace(/~/g, '~0').replace(/\//g, '~1');
        const value = json(mutate(tree({ spec: { a: 1, b: [{ c: 1 }] }, name: 'x' }), Math.floor(r() * 3)));
        const extra = r() < 0.2 ? `, "foo": 1` : r() < 0.2 ? `, "op": "add"` : '';
        ops.push(`{"op": "add", "path": ${JSON.stringify(`${at}/${name}`)}, "value": ${value}${extra}}`);
        if (r() < 0.3) ops.push(`{"op": "test", "path": ${JSON.stringify(`${at}/${name}`)}, "value": ${value}}`);
      }
      const body = `[${ops.join(',\n')}]`;
      const answer = await ask({ op: 'jsonpatch', original: obj, body, apiVersion, kind });
      if (answer.fatal) continue;
      compared++;
      const patched = JSON.parse(answer.patched!) as Record<string, never>;
      const mine = findPatchProblems('application/json-patch+json', body, patched, apiVersion, kind);
      expect([body, mine]).toEqual([body, answer.errors]);
      if (mine.length > 0) {
        expect(strictMessage(mine, { verb: 'patch', patchType: 'application/json-patch+json', body, patched })).toBe(
          ` "" is invalid: patch: Invalid value: ${goQuote(answer.patched!)}: strict decoding error: ${mine.join(', ')}`,
        );
      }
    }
    expect(compared).toBeGreaterThan(100 * SCALE);
  });
});

describe('Go printing', () => {
  it('quotes strings as strconv.Quote', async () => {
    if (oracle === undefined) throw new Error('the upstream oracle could not be built (it needs Go and the Go module proxy)');
    const samples = ['plain', 'q"b\\s', '\u0000\u0007\b\f\n\r\t\u000b\u001b\u007f', '\u0080\u009f\u00a0\u00ad', 'é😀\u2028\u2029\ufeff\ufffd', '\u0301a\u200b', '\ud800', 'x\udc00y', '\u{e0001}\u{10ffff}'];
    for (const s of samples) expect([s, goQuote(s)]).toEqual([s, (await ask({ op: 'quote', body: s })).text]);
  });

  it('prints decoded JSON as fmt %v', async () => {
    if (oracle === undefined) throw new Error('the upstream oracle could not be built (it needs Go and the Go module proxy)');
    const numbers = [0, -0, 1, -1, 1.5, 1e6, 999999, 123456.7, 1234567.5, 1e-4, 1.5e-5, 0.1, 1e20, 1e21, 1.2345678901234567e19, 2 ** 53, -2.5e-7, 3.14159];
    for (const n of numbers) {
      const answer = await ask({ op: 'gov', body: JSON.stringify({ n, f: n + 0.5 }) });
      expect([n, goPrintV({ n, f: n + 0.5 })]).toEqual([n, answer.text]);
    }
    expect(goFloatV(1e6)).toBe('1e+06');
    const doc = { a: [1, 'x', null, true, { 'z-': 1, z: { y: [] } }], b: {}, 'é': 'v w' };
    expect(goPrintV(doc)).toBe((await ask({ op: 'gov', body: JSON.stringify(doc) })).text);
  });
});
