// The garbage collector's owner graph alone: virtual owners, owner changes, foreground start,
// orphan, deletes, and what each change asks the queues to look at.
import { Graph } from '../../src/controllers/garbagecollector/graph.js';
import type { GcObject, GcOwnerReference } from '../../src/controllers/garbagecollector/metadata.js';

const cm = (name: string, uid: string, owners: GcOwnerReference[] = [], extra: Partial<GcObject['metadata']> = {}): GcObject => ({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns', uid, ownerReferences: owners, ...extra },
});
const ref = (name: string, uid: string, blockOwnerDeletion?: boolean): GcOwnerReference => ({ apiVersion: 'v1', kind: 'ConfigMap', name, uid, blockOwnerDeletion });
const uids = (nodes: Array<{ uid: string }>) => nodes.map((n) => n.uid).sort();

test('an unseen owner becomes a virtual node to verify, and a real one when observed', () => {
  const g = new Graph();
  const work = g.observe(cm('dep', 'd', [ref('own', 'o')]));
  expect(uids(work.attemptToDelete)).toEqual(['o']);
  expect(g.get('o')?.virtual).toBe(true);
  expect(g.get('o')?.identity.namespace).toBe('ns');
  g.observe(cm('own', 'o'));
  expect(g.get('o')?.virtual).toBe(false);
  expect(uids([...g.get('o')!.dependents])).toEqual(['d']);
});

test('a confirmed-absent virtual owner goes and its dependents are examined', () => {
  const g = new Graph();
  g.observe(cm('dep', 'd', [ref('own', 'o')]));
  expect(uids(g.removeVirtual(g.get('o')!).attemptToDelete)).toEqual(['d']);
  expect(g.get('o')).toBeUndefined();
});

test('foreground start examines the dependents and the owner; blocking dependents are counted', () => {
  const g = new Graph();
  g.observe(cm('own', 'o'));
  g.observe(cm('a', 'a', [ref('own', 'o', true)]));
  g.observe(cm('b', 'b', [ref('own', 'o', false)]));
  const work = g.observe(cm('own', 'o', [], { deletionTimestamp: 'now', finalizers: ['foregroundDeletion'] }));
  expect(uids(work.attemptToDelete)).toEqual(['a', 'b', 'o']);
  expect(uids(g.get('o')!.blockingDependents())).toEqual(['a']);
  // The blocking dependent's deletion brings the waiting owner back.
  expect(uids(g.remove(cm('a', 'a', [ref('own', 'o', true)])).attemptToDelete)).toEqual(['o']);
  expect(g.get('o')!.blockingDependents()).toEqual([]);
});

test('an orphan finalizer asks for orphaning; dropping a reference unlinks the dependent', () => {
  const g = new Graph();
  g.observe(cm('own', 'o'));
  g.observe(cm('a', 'a', [ref('own', 'o')]));
  expect(uids(g.observe(cm('own', 'o', [], { deletionTimestamp: 'now', finalizers: ['orphan'] })).attemptToOrphan)).toEqual(['o']);
  g.observe(cm('a', 'a', []));
  expect(g.get('o')!.dependents.size).toBe(0);
});

test('a deleted owner has its dependents examined', () => {
  const g = new Graph();
  g.observe(cm('own', 'o'));
  g.observe(cm('a', 'a', [ref('own', 'o')]));
  expect(uids(g.remove(cm('own', 'o')).attemptToDelete)).toEqual(['a']);
  expect(g.get('o')).toBeUndefined();
});
