import * as k8s from '@kubernetes/client-node';
import {
  addFinalizer, AlreadyOwnedError, apply, containsFinalizer, controllerOf, findStatusCondition, removeFinalizer,
  removeStatusCondition, setControllerReference, setOwnerReference, setStatusCondition,
} from '../../../src/runtime/controllerutil/index.js';
import { removeDataDir, startTestApiServer, type TestApiServer } from '../../helpers/apiServer.js';

const owner = (name: string, uid: string, kind = 'WebApp'): k8s.KubernetesObject =>
  ({ apiVersion: 'example.com/v1', kind, metadata: { name, namespace: 'default', uid } });

describe('owner references', () => {
  test('a controller reference is set once, with blockOwnerDeletion, and cannot be taken by another owner', () => {
    const object: k8s.KubernetesObject = { metadata: { name: 'd', namespace: 'default' } };
    setControllerReference(owner('a', 'uid-a'), object);
    setControllerReference(owner('a', 'uid-a'), object);
    expect(object.metadata!.ownerReferences).toEqual([
      { apiVersion: 'example.com/v1', kind: 'WebApp', name: 'a', uid: 'uid-a', controller: true, blockOwnerDeletion: true },
    ]);
    expect(() => setControllerReference(owner('b', 'uid-b'), object)).toThrow(AlreadyOwnedError);
    setOwnerReference(owner('c', 'uid-c', 'Other'), object);
    expect(object.metadata!.ownerReferences).toHaveLength(2);
    expect(controllerOf(object)?.name).toBe('a');
  });

  test('cross-namespace owners are refused', () => {
    const object: k8s.KubernetesObject = { metadata: { name: 'd', namespace: 'other' } };
    expect(() => setControllerReference(owner('a', 'uid-a'), object)).toThrow(/cross-namespace/);
  });
});

describe('finalizers', () => {
  test('add and remove report whether they changed anything', () => {
    const object: k8s.KubernetesObject = { metadata: {} };
    expect(addFinalizer(object, 'example.com/cleanup')).toBe(true);
    expect(addFinalizer(object, 'example.com/cleanup')).toBe(false);
    expect(containsFinalizer(object, 'example.com/cleanup')).toBe(true);
    expect(removeFinalizer(object, 'example.com/cleanup')).toBe(true);
    expect(removeFinalizer(object, 'example.com/cleanup')).toBe(false);
    expect(object.metadata!.finalizers).toEqual([]);
  });
});

describe('status conditions', () => {
  test('lastTransitionTime moves only when the status changes', () => {
    const conditions: k8s.V1Condition[] = [];
    const t1 = new Date('2026-11-21T10:00:00.700Z');
    expect(setStatusCondition(conditions, { type: 'Ready', status: 'False', reason: 'Starting', message: 'starting' }, t1)).toBe(true);
    expect(findStatusCondition(conditions, 'Ready')?.lastTransitionTime).toEqual(new Date('2026-11-21T10:00:00Z'));
    expect(setStatusCondition(conditions, { type: 'Ready', status: 'False', reason: 'Starting', message: 'starting' }, new Date())).toBe(false);
    expect(setStatusCondition(conditions, { type: 'Ready', status: 'False', reason: 'Waiting', message: 'waiting' }, new Date('2026-11-21T11:00:00Z'))).toBe(true);
    expect(findStatusCondition(conditions, 'Ready')?.lastTransitionTime).toEqual(new Date('2026-11-21T10:00:00Z'));
    setStatusCondition(conditions, { type: 'Ready', status: 'True', reason: 'Running', message: 'ok' }, new Date('2026-11-21T12:00:00Z'));
    expect(findStatusCondition(conditions, 'Ready')).toMatchObject({ status: 'True', reason: 'Running', lastTransitionTime: new Date('2026-11-21T12:00:00Z') });
    expect(removeStatusCondition(conditions, 'Ready')).toBe(true);
    expect(conditions).toEqual([]);
  });
});

describe('server-side apply of desired state', () => {
  let server: TestApiServer;
  beforeAll(async () => { server = await startTestApiServer(); });
  afterAll(async () => { await server.stop(); removeDataDir(server); });

  test('apply creates, then updates, under the controller field manager', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(server.kubeconfig);
    const client = k8s.KubernetesObjectApi.makeApiClient(kc);
    const desired = (value: string): k8s.V1ConfigMap => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'desired', namespace: 'default' }, data: { value } });
    const created = await apply(client, desired('1'), { fieldManager: 'webapp-controller' });
    expect(created.data).toEqual({ value: '1' });
    const updated = await apply(client, desired('2'), { fieldManager: 'webapp-controller' });
    expect(updated.data).toEqual({ value: '2' });
    const entry = updated.metadata!.managedFields!.find((e) => e.manager === 'webapp-controller');
    expect(entry?.operation).toBe('Apply');
  });
});
