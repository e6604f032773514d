// Server-side apply and managedFields tracking compared with upstream's field manager
// (k8s.io/apimachinery managedfields over structured-merge-diff) through the Go oracle: created
// objects, then random sequences of applies (several managers, with and without force) and
// updates, step by step: the same object, the same managedFields (times aside), the same errors.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { applyServerSide, PatchError, updateManagedFields, type JsonMap, type JsonValue } from '../../src/patch/index.js';
import { deployment, pod, service } from './fixtures.js';
import { Oracle, type OracleAnswer } from './oracle.js';

/** Go decodes a null field to its zero value: for typed objects null and absent are the same. */
function dropNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropNulls);
  if (typeof v === 'object' && v !== null) {
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, dropNulls(x)]));
  }
  return v;
}

/** The object as its Go type sees it; managedFields times reduced to their presence, entries in a canonical order. */
function normalize(obj: unknown): unknown {
  if (typeof obj !== 'object' || obj === null) return obj;
  const o = dropNulls(obj) as JsonMap;
  const meta = o['metadata'] as JsonMap | undefined;
  const entries = meta?.['managedFields'] as JsonMap[] | undefined;
  if (entries) {
    for (const e of entries) if ('time' in e) e['time'] = 'set';
    entries.sort((a, b) => JSON.stringify([a['operation'], a['manager'], a['subresource']]).localeCompare(JSON.stringify([b['operation'], b['manager'], b['subresource']])));
  }
  return o;
}

function outcome(fn: () => JsonMap): { ok?: unknown; code?: number; error?: string } {
  try {
    return { ok: normalize(fn()) };
  } catch (e) {
    if (!(e instanceof PatchError)) throw e;
    return { code: e.code, error: e.message };
  }
}

const expected = (a: OracleAnswer): { ok?: unknown; code?: number; error?: string } =>
  a.ok !== undefined ? { ok: normalize(a.ok) } : { code: a.code, error: a.error };

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

describe('server-side apply against upstream (oracle)', () => {
  let oracle: Oracle | undefined;
  beforeAll(() => {
    oracle = Oracle.start();
  }, 600_000);
  afterAll(() => oracle?.stop());

  it.each([
    ['apps/v1', 'Deployment', deployment],
    ['v1', 'Service', service],
    ['v1', 'Pod', pod],
  ] as const)('records creation of a %s %s like upstream', async (apiVersion, kind, fixture) => {
    if (!oracle) throw new Error('the upstream oracle could not be built (it needs Go and the Go module proxy)');
    const obj = fixture();
    const meta = obj['metadata'] as JsonMap;
    for (const k of ['uid', 'resourceVersion', 'creationTimestamp', 'generation']) delete meta[k];
    const want = await oracle.ask({ op: 'update', apiVersion, kind, live: null, new: obj, manager: 'kubectl-create' });
    expect(outcome(() => updateManagedFields(undefined, obj, 'kubectl-create', { apiVersion, kind }))).toEqual(expected(want));
  });

  it.each([
    ['apps/v1', 'Deployment', deployment],
    ['v1', 'Service', service],
    ['v1', 'Pod', pod],
  ] as const)('creates a %s %s by apply like upstream', async (apiVersion, kind, fixture) => {
    if (!oracle) throw new Error('the upstream oracle could not be built (it needs Go and the Go module proxy)');
    const obj = fixture();
    const meta = obj['metadata'] as JsonMap;
    for (const k of ['uid', 'resourceVersion', 'creationTimestamp', 'generation']) delete meta[k];
    delete obj['status'];
    const patch = JSON.stringify(obj);
    const want = await oracle.ask({ op: 'apply', apiVersion, kind, live: null, patch, manager: 'kubectl', force: false });
    expect(outcome(() => applyServerSide(undefined, patch, { apiVersion, kind, manager: 'kubectl' }).object)).toEqual(expected(want));
  });

  it('follows random apply/update sequences on a Deployment step by step', async () => {
    if (!oracle) throw new Error('the upstream oracle could not be built (it needs Go and the Go module proxy)');
    const r = rng(Number(process.env["SSA_SEED"] ?? 424242));
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    const chance = (p: number): boolean => r() < p;

    const container = (name: string): JsonMap => {
      const c: JsonMap = { name };
      if (chance(0.7)) c['image'] = pick(['nginx', 'nginx:2', 'redis']);
      if (chance(0.5)) c['env'] = ['A', 'B', 'C'].filter(() => chance(0.5)).map((n) => ({ name: n, value: pick(['1', '2']) }));
      if (chance(0.3)) c['ports'] = [{ containerPort: pick([80, 81]), protocol: pick(['TCP', 'UDP']) }];
      if (chance(0.2)) c['args'] = [pick(['a', 'b'])];
      return c;
    };
    const config = (): JsonMap => {
      const spec: JsonMap = {};
      if (chance(0.6)) spec['replicas'] = pick([1, 2, 3]);
      if (chance(0.2)) spec['paused'] = pick([true, false]);
      if (chance(0.3)) spec['selector'] = { matchLabels: pick<JsonMap>([{ app: 'web' }, { app: 'web', x: 'y' }]) };
      if (chance(0.3)) spec['strategy'] = pick<JsonMap>([{ type: 'Recreate' }, { rollingUpdate: { maxSurge: pick([1, '50%']) } }]);
      const tspec: JsonMap = {};
      if (chance(0.8)) tspec['containers'] = ['c', 'side', 'x'].filter(() => chance(0.5)).map(container);
      if (chance(0.3)) tspec['tolerations'] = [{ key: pick(['a', 'b']), operator: 'Exists' }];
      if (chance(0.3)) tspec['volumes'] = [{ name: pick(['data', 'cache']), emptyDir: {} }];
      const template: JsonMap = { spec: tspec };
      if (chance(0.4)) template['metadata'] = { labels: { app: 'web', ...(chance(0.5) ? { v: pick(['1', '2']) } : {}) } };
      spec['template'] = template;
      const metadata: JsonMap = { name: 'web', namespace: 'default' };
      if (chance(0.5)) metadata['labels'] = Object.fromEntries(['app', 'team', 'tier'].filter(() => chance(0.5)).map((k) => [k, pick(['a', 'b'])]));
      if (chance(0.2)) metadata['annotations'] = { note: pick(['x', 'y']) };
      if (chance(0.2)) metadata['finalizers'] = ['example.com/a', 'example.com/b'].filter(() => chance(0.6));
      return { apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec };
    };
    /** A random mutation, chosen once and applied to both sides' objects. */
    const mutation = (): ((obj: JsonMap) => JsonMap) => {
      const which = Math.floor(r() * 8);
      const lastApplied = JSON.stringify(config()) + '\n';
      const a = pick([4, 5]);
      const label = pick(['team', 'extra']);
      const value = pick(['u', 'v']);
      const image = pick(['busybox', 'nginx']);
      const seconds = pick([5, 10]);
      return (obj) => {
        const o = JSON.parse(JSON.stringify(obj)) as JsonMap;
        const spec = (o['spec'] ??= {}) as JsonMap;
        const meta = o['metadata'] as JsonMap;
        switch (which) {
          case 0:
            spec['replicas'] = a;
            break;
          case 1:
            meta['labels'] = { ...((meta['labels'] as JsonMap) ?? {}), [label]: value };
            break;
          case 2:
            delete meta['labels'];
            break;
          case 3: {
            const tspec = (((spec['template'] ??= {}) as JsonMap)['spec'] ??= {}) as JsonMap;
            const cs = ((tspec['containers'] as JsonMap[] | undefined) ?? []).map((c) => ({ ...c, image }));
            tspec['containers'] = cs.length > 0 ? cs : [{ name: 'c', image }];
            break;
          }
          case 4:
            delete spec['replicas'];
            break;
          case 5:
            // kubectl client-side apply leaves its configuration behind
            meta['annotations'] = { ...((meta['annotations'] as JsonMap) ?? {}), 'kubectl.kubernetes.io/last-applied-configuration': lastApplied };
            break;
          case 6:
            o['status'] = { replicas: a, observedGeneration: seconds };
            break;
          default:
            spec['minReadySeconds'] = seconds;
        }
        return o;
      };
    };

    const uid = '3f1c2a7e-8a7b-4d2e-9c61-2b3f4d5e6f70';
    // what the API server stores: the object through Go's typed round trip, with a uid
    const persist = async (obj: JsonValue): Promise<JsonMap> => {
      const typed = await oracle!.ask({ op: 'normalize', apiVersion: 'apps/v1', kind: 'Deployment', new: obj });
      const o = typed.ok as JsonMap;
      return { ...o, metadata: { ...(o['metadata'] as JsonMap), uid, resourceVersion: '1' } };
    };
    let mine: JsonMap | undefined;
    let theirs: JsonMap | undefined;
    let steps = 0;
    let conflicts = 0;
    for (let i = 0; i < 250; i++) {
      let got: { ok?: unknown; code?: number; error?: string };
      let want: OracleAnswer;
      let next: JsonMap | undefined;
      if (mine === undefined || chance(0.65)) {
        const manager = pick(['kubectl', 'alice', 'bob']);
        const force = chance(0.3);
        const patch = JSON.stringify(config());
        want = await oracle.ask({ op: 'apply', apiVersion: 'apps/v1', kind: 'Deployment', live: theirs ?? null, patch, manager, force });
        got = outcome(() => (next = applyServerSide(mine, patch, { apiVersion: 'apps/v1', kind: 'Deployment', manager, force }).object));
        expect({ step: i, op: 'apply', manager, force, patch, ...got }).toEqual({ step: i, op: 'apply', manager, force, patch, ...expected(want) });
      } else {
        const manager = pick(['hpa', 'kubectl-edit', 'kubectl-label', 'kubectl-client-side-apply']);
        const subresource = chance(0.2) ? 'status' : '';
        const mutate = mutation();
        const updated = mutate(mine);
        want = await oracle.ask({ op: 'update', apiVersion: 'apps/v1', kind: 'Deployment', live: theirs, new: mutate(theirs!), manager, subresource });
        got = outcome(() => (next = updateManagedFields(mine, updated, manager, { apiVersion: 'apps/v1', kind: 'Deployment', subresource })));
        expect({ step: i, op: 'update', manager, subresource, ...got }).toEqual({ step: i, op: 'update', manager, subresource, ...expected(want) });
      }
      if (want.ok !== undefined) {
        mine = await persist(next!);
        theirs = await persist(want.ok as JsonValue);
        steps++;
      } else conflicts++;
    }
    expect(steps).toBeGreaterThan(100);
    expect(conflicts).toBeGreaterThan(5);
  });
});
