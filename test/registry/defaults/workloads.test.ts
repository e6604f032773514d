import { applyDefaults } from '../../../src/registry/defaults/index.js';
import type { KubeObject } from '../../../src/registry/validation/index.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function defaulted(o: Obj): Obj {
  return applyDefaults(o.apiVersion, o.kind, o as KubeObject) as Obj;
}

/** The pod template spec `kubectl get -o yaml` shows for a single-container template. */
const templateSpec = (image = 'nginx', pullPolicy = 'Always'): Obj => ({
  containers: [
    {
      name: 'nginx',
      image,
      imagePullPolicy: pullPolicy,
      resources: {},
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
    },
  ],
  dnsPolicy: 'ClusterFirst',
  restartPolicy: 'Always',
  schedulerName: 'default-scheduler',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
});

describe('Deployment', () => {
  test('kubectl create deployment web --image=nginx reads back as on a real v1.33 cluster', () => {
    // the body kubectl 1.33 sends
    const body = {
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: { name: 'web', creationTimestamp: null, labels: { app: 'web' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { creationTimestamp: null, labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }] },
        },
        strategy: {},
      },
      status: {},
    };
    expect(defaulted(body)).toEqual({
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: { name: 'web', creationTimestamp: null, labels: { app: 'web' } },
      spec: {
        progressDeadlineSeconds: 600,
        replicas: 1,
        revisionHistoryLimit: 10,
        selector: { matchLabels: { app: 'web' } },
        strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
        template: { metadata: { creationTimestamp: null, labels: { app: 'web' } }, spec: templateSpec() },
      },
      status: {},
    });
  });

  test('given values are kept; Recreate gets no rollingUpdate', () => {
    const d = defaulted({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'x' },
      spec: { replicas: 3, revisionHistoryLimit: 2, progressDeadlineSeconds: 60, strategy: { type: 'Recreate' }, template: {} },
    });
    expect(d.spec.replicas).toBe(3);
    expect(d.spec.revisionHistoryLimit).toBe(2);
    expect(d.spec.progressDeadlineSeconds).toBe(60);
    expect(d.spec.strategy).toEqual({ type: 'Recreate' });
  });

  test('keys come out in Go field order', () => {
    const d = defaulted({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { template: {} } });
    expect(Object.keys(d)).toEqual(['kind', 'apiVersion', 'metadata', 'spec', 'status']);
    expect(Object.keys(d.spec)).toEqual(['replicas', 'selector', 'template', 'strategy', 'revisionHistoryLimit', 'progressDeadlineSeconds']);
  });
});

describe('ReplicaSet, DaemonSet, StatefulSet', () => {
  test('ReplicaSet: replicas 1, template defaults', () => {
    const rs = defaulted({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'x' }, spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } } });
    expect(rs.spec.replicas).toBe(1);
    expect(rs.spec.template.spec).toEqual(templateSpec('nginx:1.27', 'IfNotPresent'));
    expect(rs.status).toEqual({ replicas: 0 });
  });

  test('DaemonSet: RollingUpdate 1 / 0, revisionHistoryLimit 10', () => {
    const ds = defaulted({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'x' }, spec: { template: {} } });
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(ds.spec.revisionHistoryLimit).toBe(10);
    expect(ds.status).toEqual({ currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 });
  });

  test('StatefulSet: policies, partition, retention, claim templates', () => {
    const ss = defaulted({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: {
        serviceName: 'db',
        template: {},
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    });
    expect(ss.spec.podManagementPolicy).toBe('OrderedReady');
    expect(ss.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    expect(ss.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(ss.spec.replicas).toBe(1);
    expect(ss.spec.revisionHistoryLimit).toBe(10);
    expect(ss.spec.volumeClaimTemplates).toEqual([
      {
        kind: 'PersistentVolumeClaim',
        apiVersion: 'v1',
        metadata: { name: 'data', creationTimestamp: null },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' },
        status: { phase: 'Pending' },
      },
    ]);
    expect(ss.status).toEqual({ replicas: 0, availableReplicas: 0 });
  });

  test('StatefulSet with an explicit RollingUpdate type gets no partition', () => {
    const ss = defaulted({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' }, spec: { updateStrategy: { type: 'RollingUpdate' }, template: {} } });
    expect(ss.spec.updateStrategy).toEqual({ type: 'RollingUpdate' });
  });
});

describe('Job and CronJob', () => {
  test('Job: completions and parallelism 1, backoffLimit 6, labels from the template', () => {
    const job = defaulted({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi' },
      spec: { template: { metadata: { labels: { app: 'pi' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl:5.34' }] } } },
    });
    expect(job.metadata.labels).toEqual({ app: 'pi' });
    expect(job.spec).toMatchObject({
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed',
      manualSelector: false,
    });
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
  });

  test('Job: parallelism alone leaves completions unset; backoffLimitPerIndex raises backoffLimit', () => {
    const job = defaulted({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'x' }, spec: { parallelism: 3, backoffLimitPerIndex: 1, template: {} } });
    expect(job.spec.completions).toBeUndefined();
    expect(job.spec.backoffLimit).toBe(2147483647);
    const withPolicy = defaulted({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'x' },
      spec: { podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] }, template: {} },
    });
    expect(withPolicy.spec.podReplacementPolicy).toBe('Failed');
    expect(withPolicy.spec.podFailurePolicy.rules[0].onPodConditions[0].status).toBe('True');
  });

  test('CronJob: Allow, history 3 and 1, the job template is not Job-defaulted', () => {
    const cj = defaulted({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'hello' },
      spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }], restartPolicy: 'OnFailure' } } } } },
    });
    expect(cj.spec).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    expect(cj.spec.jobTemplate.spec.backoffLimit).toBeUndefined();
    expect(cj.spec.jobTemplate.metadata).toEqual({ creationTimestamp: null });
    expect(cj.spec.jobTemplate.spec.template.spec.containers[0].imagePullPolicy).toBe('Always');
  });
});
