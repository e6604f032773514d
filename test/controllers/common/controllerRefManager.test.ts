// Adoption and orphaning: which objects a controller claims and the patches it sends.
import type { V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import { ControllerRefManager } from '../../../src/controllers/common/index.js';

const RS = { apiVersion: 'apps/v1', kind: 'ReplicaSet' };
const owner: V1ReplicaSet = { metadata: { name: 'web', namespace: 'ns', uid: 'rs-uid' }, spec: { selector: { matchLabels: { app: 'web' } } } };
const ref = (uid: string) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'x', uid, controller: true });
const pod = (name: string, labels: Record<string, string>, ownerUid?: string, deleting = false): V1Pod => ({
  metadata: { name, namespace: 'ns', uid: `${name}-uid`, labels, ownerReferences: ownerUid ? [ref(ownerUid)] : [], ...(deleting ? { deletionTimestamp: new Date() } : {}) },
});

function manager(controller: V1ReplicaSet = owner, canAdopt = async () => {}) {
  const patches: Array<{ name: string; patch: object }> = [];
  const refs = new ControllerRefManager<V1Pod>({
    controller, gvk: RS, selector: controller.spec!.selector,
    patch: async (_ns, name, patch) => { patches.push({ name, patch }); },
    canAdopt,
  });
  return { refs, patches };
}

test('claims its matching pods, adopts matching orphans, releases non-matching ones, ignores others', async () => {
  const { refs, patches } = manager();
  const claimed = await refs.claim([
    pod('mine', { app: 'web' }, 'rs-uid'),
    pod('orphan', { app: 'web' }),
    pod('strayed', { app: 'other' }, 'rs-uid'),
    pod('theirs', { app: 'web' }, 'other-uid'),
    pod('unrelated', { app: 'db' }),
    pod('dying-orphan', { app: 'web' }, undefined, true),
  ]);
  expect(claimed.map((p) => p.metadata!.name)).toEqual(['mine', 'orphan']);
  expect(patches).toEqual([
    { name: 'orphan', patch: { metadata: { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-uid', controller: true, blockOwnerDeletion: true }], uid: 'orphan-uid' } } },
    { name: 'strayed', patch: { metadata: { ownerReferences: [{ $patch: 'delete', uid: 'rs-uid' }], uid: 'strayed-uid' } } },
  ]);
});

test('a controller being deleted adopts and releases nothing; a failed recheck stops adoption', async () => {
  const deleting = { ...owner, metadata: { ...owner.metadata, deletionTimestamp: new Date() } };
  const { refs, patches } = manager(deleting);
  expect(await refs.claim([pod('orphan', { app: 'web' }), pod('strayed', { app: 'x' }, 'rs-uid')])).toEqual([]);
  expect(patches).toEqual([]);
  const rechecked = manager(owner, async () => { throw new Error('ns/web has just been deleted'); });
  await expect(rechecked.refs.claim([pod('orphan', { app: 'web' })])).rejects.toThrow('has just been deleted');
  expect(rechecked.patches).toEqual([]);
});
