// Random strategic merge patches (seeded) over list-heavy objects, compared with upstream's
// strategicpatch through the Go oracle: ordering with $setElementOrder, deletions, replaces,
// nulls and primitive lists are where implementations drift.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { applyStrategicMergePatch, PatchError, SchemaRegistry, type JsonMap, type JsonValue } from '../../src/patch/index.js';
import { deployment, pod } from './fixtures.js';
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

function generator(seed: number) {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const chance = (p: number): boolean => r() < p;
  const shuffle = <T>(xs: T[]): T[] => {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
    return xs;
  };
  const names = ['A', 'B', 'C', 'D', 'E'];

  const envPatch = (): JsonValue[] => {
    const items: JsonValue[] = [];
    for (const n of shuffle([...names]).slice(0, 1 + Math.floor(r() * 4))) {
      if (chance(0.2)) items.push({ name: n, $patch: 'delete' });
      else items.push({ name: n, value: chance(0.2) ? null : `${n}${Math.floor(r() * 9)}` });
    }
    if (chance(0.05)) items.push({ $patch: 'replace' });
    return items;
  };

  const containerPatch = (name: string): JsonMap => {
    const c: JsonMap = { name };
    if (chance(0.5)) c['image'] = pick(['x', 'y', null]) as JsonValue;
    if (chance(0.5)) c['env'] = envPatch();
    if (chance(0.3)) c['args'] = shuffle(['a', 'b', 'c']).slice(0, 2);
    if (chance(0.2)) c['ports'] = [{ containerPort: pick([80, 81, 82]), protocol: pick(['TCP', 'UDP']) }];
    if (chance(0.2)) c['resources'] = chance(0.5) ? { $patch: 'delete' } : { limits: { cpu: pick(['1', null]) as JsonValue } };
    if (chance(0.1)) c['$setElementOrder/env'] = shuffle([...names]).slice(0, 3).map((n) => ({ name: n }));
    return c;
  };

  return (): JsonMap => {
    const spec: JsonMap = {};
    const cnames = shuffle(['c', 'sidecar', 'n1', 'n2']).slice(0, 1 + Math.floor(r() * 3));
    spec['containers'] = cnames.map((n) => (chance(0.1) ? { name: n, $patch: 'delete' } : containerPatch(n)));
    if (chance(0.4)) spec['$setElementOrder/containers'] = shuffle(['c', 'sidecar', 'n1', 'n2']).slice(0, 2 + Math.floor(r() * 3)).map((n) => ({ name: n }));
    if (chance(0.3)) spec['volumes'] = [{ name: pick(['data', 'config', 'v']), emptyDir: chance(0.5) ? {} : null }];
    if (chance(0.2)) spec['tolerations'] = [{ key: 'k', operator: 'Exists' }];
    if (chance(0.2)) spec['securityContext'] = { $patch: 'replace', runAsUser: 1 };
    const patch: JsonMap = { spec: { template: { spec } } };
    if (chance(0.3)) {
      const fins = shuffle(['example.com/a', 'example.com/b', 'example.com/c']).slice(0, 2);
      patch['metadata'] = chance(0.5) ? { finalizers: fins } : { '$deleteFromPrimitiveList/finalizers': fins, finalizers: ['example.com/z'] };
      if (chance(0.5)) (patch['metadata'] as JsonMap)['$setElementOrder/finalizers'] = shuffle(['example.com/a', 'example.com/b', 'example.com/c', 'example.com/z']);
    }
    return patch;
  };
}

function target(): JsonMap {
  const d = deployment();
  (d['metadata'] as JsonMap)['finalizers'] = ['example.com/a', 'example.com/b'];
  return d;
}

describe('strategic merge patch fuzz against upstream (oracle)', () => {
  let oracle: Oracle | undefined;
  beforeAll(() => {
    oracle = Oracle.start();
  }, 600_000);
  afterAll(() => oracle?.stop());

  const schema = SchemaRegistry.builtin().kind('apps/v1', 'Deployment')!.root;

  /**
   * Upstream walks patch maps in Go's random map order, so with two faulty parts the error it
   * reports varies: ask again until it reports ours (or give up and show its first answer).
   */
  async function sameError(mine: string | undefined, want: OracleAnswer, body: string, apiVersion = 'apps/v1', kind = 'Deployment'): Promise<string | undefined> {
    if (mine === want.error || mine === undefined) return want.error;
    for (let i = 0; i < 16; i++) {
      const again = await oracle!.ask({ op: 'smp', apiVersion, kind, original: kind === 'Pod' ? pod() : target(), patch: body });
      if (again.error === mine) return mine;
    }
    return want.error;
  }

  it('agrees on 400 random patches', async () => {
    let errors = 0;
    if (!oracle) throw new Error('the upstream oracle could not be built (it needs Go and the Go module proxy)');
    const next = generator(20261121);
    for (let i = 0; i < 400; i++) {
      const body = JSON.stringify(next());
      const want = await oracle.ask({ op: 'smp', apiVersion: 'apps/v1', kind: 'Deployment', original: target(), patch: body });
      let got: { ok?: unknown; code?: number; error?: string };
      try {
        got = { ok: applyStrategicMergePatch(target(), body, schema) };
      } catch (e) {
        if (!(e instanceof PatchError)) throw e;
        got = { code: e.code, error: e.message };
      }
      const expected = want.ok !== undefined ? { ok: want.ok } : { code: want.code, error: await sameError(got.error, want, body) };
      if (want.ok === undefined) errors++;
      expect({ body, ...got }).toEqual({ body, ...expected });
    }
    // both outcomes are exercised
    expect(errors).toBeGreaterThan(10);
    expect(errors).toBeLessThan(200);
  });

  it('agrees on pods too', async () => {
    if (!oracle) throw new Error('the upstream oracle could not be built (it needs Go and the Go module proxy)');
    const next = generator(7);
    const podSchema = SchemaRegistry.builtin().kind('v1', 'Pod')!.root;
    for (let i = 0; i < 150; i++) {
      const patch = next();
      const body = JSON.stringify({ metadata: patch['metadata'] ?? {}, spec: ((patch['spec'] as JsonMap)['template'] as JsonMap)['spec'] });
      const want = await oracle.ask({ op: 'smp', apiVersion: 'v1', kind: 'Pod', original: pod(), patch: body });
      let got: { ok?: unknown; code?: number; error?: string };
      try {
        got = { ok: applyStrategicMergePatch(pod(), body, podSchema) };
      } catch (e) {
        if (!(e instanceof PatchError)) throw e;
        got = { code: e.code, error: e.message };
      }
      const expected = want.ok !== undefined ? { ok: want.ok } : { code: want.code, error: await sameError(got.error, want, body, 'v1', 'Pod') };
      expect({ body, ...got }).toEqual({ body, ...expected });
    }
  });
});
