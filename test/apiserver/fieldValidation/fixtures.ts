// Objects as `kubectl get -o json` prints them from a v1.33 cluster (status and managedFields
// included): what clients send back with replace/edit/apply, so none of it may be reported.
type Json = Record<string, unknown>;

const managed = (manager: string, operation: string, fields: Json, subresource?: string): Json => ({
  apiVersion: 'v1',
  fieldsType: 'FieldsV1',
  fieldsV1: fields,
  manager,
  operation,
  ...(subresource ? { subresource } : {}),
  time: '2026-11-21T20:30:00Z',
});

export function deployment(): Json {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      annotations: { 'deployment.kubernetes.io/revision': '1' },
      creationTimestamp: '2026-11-21T20:30:00Z',
      generation: 1,
      labels: { app: 'web' },
      managedFields: [
        managed('kubectl-create', 'Update', {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': {
            'f:progressDeadlineSeconds': {},
            'f:replicas': {},
            'f:revisionHistoryLimit': {},
            'f:selector': {},
            'f:strategy': { 'f:rollingUpdate': { '.': {}, 'f:maxSurge': {}, 'f:maxUnavailable': {} }, 'f:type': {} },
            'f:template': {
              'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
              'f:spec': {
                'f:containers': {
                  'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:imagePullPolicy': {}, 'f:name': {}, 'f:resources': {} },
                },
              },
            },
          },
        }),
        managed(
          'kube-controller-manager',
          'Update',
          {
            'f:metadata': { 'f:annotations': { '.': {}, 'f:deployment.kubernetes.io/revision': {} } },
            'f:status': { 'f:availableReplicas': {}, 'f:conditions': { '.': {}, 'k:{"type":"Available"}': { '.': {} } } },
          },
          'status',
        ),
      ],
      name: 'web',
      namespace: 'default',
      resourceVersion: '1234',
      uid: '3f1c2a7e-8a7b-4d2e-9c61-2b3f4d5e6f70',
    },
    spec: {
      progressDeadlineSeconds: 600,
      replicas: 2,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { app: 'web' } },
      strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
      template: {
        metadata: { creationTimestamp: null, labels: { app: 'web' } },
        spec: {
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  podAffinityTerm: { labelSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] }, topologyKey: 'kubernetes.io/hostname' },
                  weight: 100,
                },
              ],
            },
          },
          containers: [
            {
              env: [
                { name: 'A', value: '1' },
                { name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
              ],
              image: 'nginx:1.27',
              imagePullPolicy: 'IfNotPresent',
              livenessProbe: {
                failureThreshold: 3,
                httpGet: { path: '/', port: 80, scheme: 'HTTP' },
                periodSeconds: 10,
                successThreshold: 1,
                timeoutSeconds: 1,
              },
              name: 'nginx',
              ports: [{ containerPort: 80, name: 'http', protocol: 'TCP' }],
              resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m', memory: '64Mi' } },
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true },
              terminationMessagePath: '/dev/termination-log',
              terminationMessagePolicy: 'File',
              volumeMounts: [{ mountPath: '/data', name: 'data' }],
            },
          ],
          dnsPolicy: 'ClusterFirst',
          restartPolicy: 'Always',
          schedulerName: 'default-scheduler',
          securityContext: {},
          terminationGracePeriodSeconds: 30,
          tolerations: [{ effect: 'NoSchedule', key: 'node-role', operator: 'Exists' }],
          volumes: [
            { emptyDir: {}, name: 'data' },
            { configMap: { defaultMode: 420, name: 'web-config' }, name: 'config' },
            { name: 'token', projected: { defaultMode: 420, sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }] } },
          ],
        },
      },
    },
    status: {
      availableReplicas: 2,
      conditions: [
        {
          lastTransitionTime: '2026-11-21T20:30:05Z',
          lastUpdateTime: '2026-11-21T20:30:05Z',
          message: 'Deployment has minimum availability.',
          reason: 'MinimumReplicasAvailable',
          status: 'True',
          type: 'Available',
        },
      ],
      observedGeneration: 1,
      readyReplicas: 2,
      replicas: 2,
      updatedReplicas: 2,
    },
  };
}

export function pod(): Json {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      creationTimestamp: '2026-11-21T20:30:01Z',
      generateName: 'web-5d4f8c6b7-',
      labels: { app: 'web', 'pod-template-hash': '5d4f8c6b7' },
      managedFields: [
        managed('kube-controller-manager', 'Update', {
          'f:metadata': { 'f:generateName': {}, 'f:ownerReferences': { '.': {}, 'k:{"uid":"a1"}': {} } },
        }),
        managed('kubelet', 'Update', { 'f:status': { 'f:conditions': {}, 'f:podIP': {} } }, 'status'),
      ],
      name: 'web-5d4f8c6b7-abcde',
      namespace: 'default',
      ownerReferences: [
        { apiVersion: 'apps/v1', blockOwnerDeletion: true, controller: true, kind: 'ReplicaSet', name: 'web-5d4f8c6b7', uid: 'a1' },
      ],
      resourceVersion: '1240',
      uid: 'b2c3d4e5-0000-4000-8000-000000000001',
    },
    spec: {
      containers: [
        {
          command: ['nginx', '-g', 'daemon off;'],
          image: 'nginx:1.27',
          imagePullPolicy: 'IfNotPresent',
          name: 'nginx',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          readinessProbe: { exec: { command: ['true'] }, failureThreshold: 3, periodSeconds: 5, successThreshold: 1, timeoutSeconds: 1 },
          resources: { requests: { cpu: '100m' } },
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          volumeMounts: [{ mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: 'kube-api-access-x', readOnly: true }],
        },
      ],
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      initContainers: [{ image: 'busybox', imagePullPolicy: 'Always', name: 'init', resources: {}, restartPolicy: 'Always' }],
      nodeName: 'node-1',
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: { fsGroup: 2000, seccompProfile: { type: 'RuntimeDefault' } },
      serviceAccount: 'default',
      serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
      tolerations: [
        { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
        { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
      ],
      volumes: [
        {
          name: 'kube-api-access-x',
          projected: {
            defaultMode: 420,
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
              { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
            ],
          },
        },
      ],
    },
    status: {
      conditions: [
        { lastProbeTime: null, lastTransitionTime: '2026-11-21T20:30:03Z', status: 'True', type: 'PodReadyToStartContainers' },
        { lastProbeTime: null, lastTransitionTime: '2026-11-21T20:30:04Z', status: 'True', type: 'Ready' },
      ],
      containerStatuses: [
        {
          containerID: 'containerd://abc',
          image: 'docker.io/library/nginx:1.27',
          imageID: 'docker.io/library/nginx@sha256:0123',
          lastState: {},
          name: 'nginx',
          ready: true,
          restartCount: 0,
          started: true,
          state: { running: { startedAt: '2026-11-21T20:30:03Z' } },
          volumeMounts: [{ mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: 'kube-api-access-x', readOnly: true, recursiveReadOnly: 'Disabled' }],
        },
      ],
      hostIP: '10.0.0.5',
      hostIPs: [{ ip: '10.0.0.5' }],
      phase: 'Running',
      podIP: '10.244.1.7',
      podIPs: [{ ip: '10.244.1.7' }],
      qosClass: 'Burstable',
      startTime: '2026-11-21T20:30:01Z',
    },
  };
}

export function service(): Json {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"v1","kind":"Service"}\n' },
      creationTimestamp: '2026-11-21T20:31:00Z',
      labels: { app: 'web' },
      name: 'web',
      namespace: 'default',
      resourceVersion: '310',
      uid: '7d0e8c21-3c4b-4a8e-a1f2-5e6d7c8b9a01',
    },
    spec: {
      clusterIP: '10.96.12.34',
      clusterIPs: ['10.96.12.34'],
      externalTrafficPolicy: 'Cluster',
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [{ name: 'http', nodePort: 30080, port: 80, protocol: 'TCP', targetPort: 'http' }],
      selector: { app: 'web' },
      sessionAffinity: 'None',
      type: 'NodePort',
    },
    status: { loadBalancer: {} },
  };
}

export function secret(): Json {
  return {
    apiVersion: 'v1',
    data: { password: 'czNjcjN0', 'tls.crt': 'LS0tLS1CRUdJTg==' },
    kind: 'Secret',
    metadata: { creationTimestamp: '2026-11-21T20:32:00Z', name: 'creds', namespace: 'default', resourceVersion: '400', uid: 's1' },
    type: 'Opaque',
  };
}

export function configMap(): Json {
  return {
    apiVersion: 'v1',
    binaryData: { 'logo.png': 'iVBORw0KGgo=' },
    data: { 'app.properties': 'a=1\nb=2\n', 'weird key.with/slash': 'x' },
    immutable: false,
    kind: 'ConfigMap',
    metadata: { creationTimestamp: '2026-11-21T20:33:00Z', name: 'web-config', namespace: 'default', resourceVersion: '401', uid: 'c1' },
  };
}

export function statefulSet(): Json {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'default', generation: 1 },
    spec: {
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      podManagementPolicy: 'OrderedReady',
      replicas: 1,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { app: 'db' } },
      serviceName: 'db',
      template: {
        metadata: { labels: { app: 'db' } },
        spec: { containers: [{ image: 'postgres:16', name: 'pg', resources: {} }] },
      },
      updateStrategy: { rollingUpdate: { partition: 0 }, type: 'RollingUpdate' },
      volumeClaimTemplates: [
        {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: { creationTimestamp: null, name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' },
          status: { phase: 'Pending' },
        },
      ],
    },
    status: { availableReplicas: 1, collisionCount: 0, currentReplicas: 1, currentRevision: 'db-1', observedGeneration: 1, readyReplicas: 1, replicas: 1, updateRevision: 'db-1', updatedReplicas: 1 },
  };
}

export function cronJob(): Json {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'tick', namespace: 'default' },
    spec: {
      concurrencyPolicy: 'Allow',
      failedJobsHistoryLimit: 1,
      jobTemplate: {
        metadata: { creationTimestamp: null },
        spec: {
          backoffLimit: 6,
          podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] },
          template: { spec: { containers: [{ image: 'busybox', name: 'c', resources: {} }], restartPolicy: 'OnFailure' } },
        },
      },
      schedule: '*/5 * * * *',
      successfulJobsHistoryLimit: 3,
      suspend: false,
      timeZone: 'Etc/UTC',
    },
    status: { lastScheduleTime: '2026-11-21T20:35:00Z' },
  };
}

export function ingress(): Json {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      ingressClassName: 'nginx',
      rules: [{ host: 'web.example', http: { paths: [{ backend: { service: { name: 'web', port: { number: 80 } } }, path: '/', pathType: 'Prefix' }] } }],
      tls: [{ hosts: ['web.example'], secretName: 'web-tls' }],
    },
    status: { loadBalancer: { ingress: [{ ip: '192.0.2.1', ports: [{ port: 443, protocol: 'TCP' }] }] } },
  };
}

export function horizontalPodAutoscaler(): Json {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      behavior: { scaleDown: { policies: [{ periodSeconds: 15, type: 'Percent', value: 100 }], selectPolicy: 'Max', stabilizationWindowSeconds: 300 } },
      maxReplicas: 5,
      metrics: [{ resource: { name: 'cpu', target: { averageUtilization: 80, type: 'Utilization' } }, type: 'Resource' }],
      minReplicas: 1,
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    },
    status: { currentMetrics: null, currentReplicas: 2, desiredReplicas: 2 },
  };
}

export function clusterRole(): Json {
  return {
    aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.example/aggregate': 'true' } }] },
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'viewer' },
    rules: [{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] }, { nonResourceURLs: ['/healthz'], verbs: ['get'] }],
  };
}

export function controllerRevision(): Json {
  return {
    apiVersion: 'apps/v1',
    data: { spec: { template: { $patch: 'replace', spec: { containers: [{ image: 'x', name: 'c' }] } } } },
    kind: 'ControllerRevision',
    metadata: { name: 'ds-1', namespace: 'kube-system' },
    revision: 1,
  };
}

export function customResourceDefinition(): Json {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      conversion: { strategy: 'None' },
      group: 'example.com',
      names: { kind: 'Widget', listKind: 'WidgetList', plural: 'widgets', singular: 'widget' },
      scope: 'Namespaced',
      versions: [
        {
          additionalPrinterColumns: [{ jsonPath: '.spec.size', name: 'Size', type: 'integer' }],
          name: 'v1',
          schema: {
            openAPIV3Schema: {
              properties: {
                spec: {
                  properties: {
                    size: { default: 1, maximum: 10, type: 'integer' },
                    tags: { items: { type: 'string', 'x-anything': true }, type: 'array' },
                    extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                  },
                  type: 'object',
                },
              },
              type: 'object',
            },
          },
          served: true,
          storage: true,
          subresources: { status: {} },
        },
      ],
    },
    status: {
      acceptedNames: { kind: 'Widget', listKind: 'WidgetList', plural: 'widgets', singular: 'widget' },
      conditions: [{ lastTransitionTime: '2026-11-21T20:30:00Z', message: 'no conflicts found', reason: 'NoConflicts', status: 'True', type: 'NamesAccepted' }],
      storedVersions: ['v1'],
    },
  };
}

/** Every fixture with its apiVersion and kind. */
export function allFixtures(): Json[] {
  return [deployment(), pod(), service(), secret(), configMap(), statefulSet(), cronJob(), ingress(), horizontalPodAutoscaler(), clusterRole(), controllerRevision(), customResourceDefinition()];
}
