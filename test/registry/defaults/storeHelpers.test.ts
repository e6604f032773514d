import {
  applyDefaults,
  canonicalizeNamespace,
  DAEMONSET_TEMPLATE_GENERATION,
  defaultServiceAccount,
  generateJobSelector,
  generateName,
  podQOSClass,
  preparePodForCreate,
  prepareDaemonSetForCreate,
  prepareDaemonSetForUpdate,
  prepareNamespaceForCreate,
  prepareNamespaceForUpdate,
  SERVICE_ACCOUNT_TOKEN_MOUNT_PATH,
} from '../../../src/registry/defaults/index.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function pod(containers: Obj[], extra: Obj = {}): Obj {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers, ...extra } };
}

describe('service account admission', () => {
  test('defaults the account and mounts the kube-api-access token volume in every container', () => {
    const p = pod([{ name: 'a', image: 'x' }], { initContainers: [{ name: 'i', image: 'x' }] });
    expect(defaultServiceAccount(p as never)).toBe('default');
    expect(p.spec.serviceAccountName).toBe('default');
    const volume = p.spec.volumes[0];
    expect(volume.name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(volume.projected).toEqual({
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    });
    for (const c of [...p.spec.initContainers, ...p.spec.containers]) {
      expect(c.volumeMounts).toEqual([{ name: volume.name, readOnly: true, mountPath: SERVICE_ACCOUNT_TOKEN_MOUNT_PATH }]);
    }
  });

  test('opting out (pod or account), explicit accounts, pull secrets, mirror pods', () => {
    const optOut = pod([{ name: 'a', image: 'x' }], { automountServiceAccountToken: false, serviceAccountName: 'builder' });
    expect(defaultServiceAccount(optOut as never)).toBe('builder');
    expect(optOut.spec.volumes).toBeUndefined();
    const accountOptOut = pod([{ name: 'a', image: 'x' }]);
    defaultServiceAccount(accountOptOut as never, { automountServiceAccountToken: false, imagePullSecrets: ['regcred'] });
    expect(accountOptOut.spec.volumes).toBeUndefined();
    expect(accountOptOut.spec.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    const mirror = pod([{ name: 'a', image: 'x' }]);
    mirror.metadata.annotations = { 'kubernetes.io/config.mirror': 'x' };
    defaultServiceAccount(mirror as never);
    expect(mirror.spec.serviceAccountName).toBeUndefined();
  });

  test('the token volume passes validation after defaulting', async () => {
    const { validateCreate } = await import('../../../src/registry/validation/index.js');
    const p = pod([{ name: 'a', image: 'x' }]);
    applyDefaults('v1', 'Pod', p);
    defaultServiceAccount(p as never);
    applyDefaults('v1', 'Pod', p);
    expect(validateCreate('v1', 'Pod', p)).toEqual([]);
  });
});

describe('pod strategy', () => {
  test('QoS classes', () => {
    expect(podQOSClass(pod([{ name: 'a', image: 'x' }]) as never)).toBe('BestEffort');
    expect(podQOSClass(pod([{ name: 'a', image: 'x', resources: { requests: { cpu: '100m' } } }]) as never)).toBe('Burstable');
    const guaranteed = pod([{ name: 'a', image: 'x', resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1000m', memory: '1Gi' } } }]);
    expect(podQOSClass(guaranteed as never)).toBe('Guaranteed');
  });

  test('status on create', () => {
    const p = pod([{ name: 'a', image: 'x' }], { schedulingGates: [{ name: 'example.com/wait' }] });
    preparePodForCreate(p as never, new Date('2025-01-02T03:04:05.600Z'));
    expect(p.metadata.generation).toBe(1);
    expect(p.status).toEqual({
      phase: 'Pending',
      qosClass: 'BestEffort',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          lastProbeTime: null,
          lastTransitionTime: '2025-01-02T03:04:05Z',
          reason: 'SchedulingGated',
          message: 'Scheduling is blocked due to non-empty scheduling gates',
        },
      ],
    });
  });
});

describe('Job, Namespace and DaemonSet strategies', () => {
  test('the generated Job selector and labels', () => {
    const job: Obj = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi', uid: 'u-1' }, spec: { template: { spec: { containers: [] } } } };
    generateJobSelector(job as never);
    expect(job.spec.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } });
    expect(job.spec.template.metadata.labels).toEqual({
      'job-name': 'pi',
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': 'u-1',
      'batch.kubernetes.io/controller-uid': 'u-1',
    });
    const manual: Obj = { metadata: { name: 'm' }, spec: { manualSelector: true, selector: { matchLabels: { a: 'b' } } } };
    generateJobSelector(manual as never);
    expect(manual.spec.selector).toEqual({ matchLabels: { a: 'b' } });
  });

  test('namespaces get the kubernetes finalizer on create and keep theirs on update', () => {
    const ns: Obj = { metadata: { name: 'team' }, spec: { finalizers: ['example.com/x'] } };
    prepareNamespaceForCreate(ns as never);
    expect(ns.spec.finalizers).toEqual(['example.com/x', 'kubernetes']);
    expect(ns.status).toEqual({ phase: 'Active' });
    const next: Obj = { metadata: { name: 'team' }, spec: { finalizers: [] } };
    prepareNamespaceForUpdate(next as never, ns as never);
    expect(next.spec.finalizers).toEqual(['example.com/x', 'kubernetes']);
    canonicalizeNamespace(next as never);
    expect(next.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'team' });
  });

  test('DaemonSet template generation annotation', () => {
    const ds: Obj = { metadata: { name: 'd' }, spec: { template: { spec: { containers: [{ name: 'a', image: 'x:1' }] } } } };
    prepareDaemonSetForCreate(ds as never);
    expect(ds.metadata.annotations[DAEMONSET_TEMPLATE_GENERATION]).toBe('1');
    const same = structuredClone(ds);
    prepareDaemonSetForUpdate(same as never, ds as never);
    expect(same.metadata.annotations[DAEMONSET_TEMPLATE_GENERATION]).toBe('1');
    const changed = structuredClone(ds);
    changed.spec.template.spec.containers[0].image = 'x:2';
    prepareDaemonSetForUpdate(changed as never, ds as never);
    expect(changed.metadata.annotations[DAEMONSET_TEMPLATE_GENERATION]).toBe('2');
  });

  test('generated names', () => {
    expect(generateName('web-')).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(generateName('x'.repeat(70))).toHaveLength(63);
  });
});
