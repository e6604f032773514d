// Realistic objects as kube-apiserver stores and serves them (defaulted), for the patch tests.
import type { JsonMap } from '../../src/patch/index.js';

export function deployment(): JsonMap {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'default',
      uid: '3f1c2a7e-8a7b-4d2e-9c61-2b3f4d5e6f70',
      resourceVersion: '204',
      generation: 1,
      creationTimestamp: '2026-11-21T20:30:00Z',
      labels: { app: 'web' },
      annotations: { 'deployment.kubernetes.io/revision': '1' },
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { creationTimestamp: null, labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'c',
              image: 'nginx:1.27',
              ports: [{ containerPort: 80, protocol: 'TCP' }],
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' },
              ],
              resources: {},
              terminationMessagePath: '/dev/termination-log',
              terminationMessagePolicy: 'File',
              imagePullPolicy: 'IfNotPresent',
            },
            {
              name: 'sidecar',
              image: 'busybox',
              args: ['sleep', '3600'],
              resources: {},
              terminationMessagePath: '/dev/termination-log',
              terminationMessagePolicy: 'File',
              imagePullPolicy: 'Always',
            },
          ],
          volumes: [
            { name: 'data', emptyDir: {} },
            { name: 'config', configMap: { name: 'web-config', defaultMode: 420 } },
          ],
          tolerations: [{ key: 'node-role', operator: 'Exists', effect: 'NoSchedule' }],
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 30,
          dnsPolicy: 'ClusterFirst',
          securityContext: {},
          schedulerName: 'default-scheduler',
        },
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {},
  };
}

export function service(): JsonMap {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'web',
      namespace: 'default',
      uid: '7d0e8c21-3c4b-4a8e-a1f2-5e6d7c8b9a01',
      resourceVersion: '310',
      creationTimestamp: '2026-11-21T20:31:00Z',
      labels: { app: 'web' },
    },
    spec: {
      selector: { app: 'web' },
      ports: [
        { name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 },
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
      ],
      clusterIP: '10.96.0.20',
      clusterIPs: ['10.96.0.20'],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
    },
    status: { loadBalancer: {} },
  };
}

export function pod(): JsonMap {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'web-1',
      namespace: 'default',
      uid: '0b7c3e1a-2d4f-4e6a-8b9c-1d2e3f4a5b6c',
      resourceVersion: '420',
      creationTimestamp: '2026-11-21T20:32:00Z',
      labels: { app: 'web' },
      finalizers: ['example.com/a', 'example.com/b'],
    },
    spec: {
      containers: [
        {
          name: 'c',
          image: 'nginx',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          volumeMounts: [{ name: 'data', mountPath: '/data' }],
          resources: { limits: { cpu: '500m' } },
        },
      ],
      volumes: [{ name: 'data', emptyDir: {} }],
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
      nodeName: 'node-1',
    },
    status: { phase: 'Running' },
  };
}
