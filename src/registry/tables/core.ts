// The core/v1 tables (the Pod and Event ones live in pod.ts and event.ts). LimitRange has no
// printer upstream and gets the default table.
import type {
  ComponentStatus,
  ConfigMap,
  Endpoints,
  Namespace,
  Node,
  PersistentVolume,
  PersistentVolumeClaim,
  PodTemplate,
  ReplicationController,
  ResourceQuota,
  Secret,
  Service,
  ServiceAccount,
} from '../../api/index.js';
import {
  AGE,
  NAME,
  ageOf,
  column,
  containerCells,
  defineTable,
  doc,
  nameOf,
  templateColumns,
} from './columns.js';
import { eventTable } from './event.js';
import { compareStrings, formatLabels, labelsString } from './labels.js';
import { podTable } from './pod.js';
import { quantityString } from './quantity.js';
import type { KubeObject, TableConvertor } from './types.js';

const podTemplateTable = defineTable<PodTemplate>({
  columns: [
    NAME,
    ...templateColumns(),
    column('Pod Labels', 'string', 'The labels for the pod template.'),
  ],
  cells(t) {
    return [nameOf(t), ...containerCells(t.template?.spec?.containers), formatLabels(t.template?.metadata?.labels)];
  },
});

const replicationControllerTable = defineTable<ReplicationController>({
  columns: [
    NAME,
    column('Desired', 'integer', doc('core/v1.ReplicationControllerSpec.replicas')),
    column('Current', 'integer', doc('core/v1.ReplicationControllerStatus.replicas')),
    column('Ready', 'integer', doc('core/v1.ReplicationControllerStatus.readyReplicas')),
    AGE,
    ...templateColumns({ wide: true }),
    column('Selector', 'string', doc('core/v1.ReplicationControllerSpec.selector'), { wide: true }),
  ],
  cells(rc, now) {
    // an empty selector defaults to the template's labels
    const selector = labelsString(rc.spec?.selector) ? rc.spec?.selector : rc.spec?.template?.metadata?.labels;
    return [
      nameOf(rc),
      rc.spec?.replicas ?? 1,
      rc.status?.replicas ?? 0,
      rc.status?.readyReplicas ?? 0,
      ageOf(rc, now),
      ...containerCells(rc.spec?.template?.spec?.containers),
      formatLabels(selector),
    ];
  },
});

/** Load balancer ingress points: IPs, else hostnames, sorted and deduplicated. */
export function loadBalancerIngress(ingress: readonly { ip?: string; hostname?: string }[] | undefined): string[] {
  const set = new Set<string>();
  for (const i of ingress ?? []) {
    if (i.ip) set.add(i.ip);
    else if (i.hostname) set.add(i.hostname);
  }
  return [...set].sort(compareStrings);
}

function serviceExternalIP(svc: Service): string {
  const externalIPs = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerIngress(svc.status?.loadBalancer?.ingress);
      if (externalIPs.length > 0) return [...lb, ...externalIPs].join(',');
      return lb.length > 0 ? lb.join(',') : '<pending>';
    }
    case 'ExternalName':
      return svc.spec?.externalName ?? '';
    default:
      return '<unknown>';
  }
}

function servicePorts(svc: Service): string {
  const ports = (svc.spec?.ports ?? []).map((p) => {
    const protocol = p.protocol || 'TCP';
    return p.nodePort && p.nodePort > 0 ? `${p.port}:${p.nodePort}/${protocol}` : `${p.port}/${protocol}`;
  });
  return ports.join(',') || '<none>';
}

const serviceTable = defineTable<Service>({
  columns: [
    NAME,
    column('Type', 'string', doc('core/v1.ServiceSpec.type')),
    column('Cluster-IP', 'string', doc('core/v1.ServiceSpec.clusterIP')),
    column('External-IP', 'string', doc('core/v1.ServiceSpec.externalIPs')),
    column('Port(s)', 'string', doc('core/v1.ServiceSpec.ports')),
    AGE,
    column('Selector', 'string', doc('core/v1.ServiceSpec.selector'), { wide: true }),
  ],
  cells: (svc, now) => [
    nameOf(svc),
    svc.spec?.type || 'ClusterIP',
    svc.spec?.clusterIPs?.[0] || svc.spec?.clusterIP || '<none>',
    serviceExternalIP(svc),
    servicePorts(svc),
    ageOf(svc, now),
    formatLabels(svc.spec?.selector),
  ],
});

const joinHostPort = (host: string, port: number): string => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/** The ENDPOINTS cell: up to three `ip:port` pairs, then `+ N more...`. */
export function formatEndpoints(endpoints: Endpoints): string {
  const subsets = endpoints.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    const ports = ss.ports ?? [];
    if (ports.length === 0) {
      // headless services may have no ports
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(joinHostPort(a.ip, port.port));
      }
    }
  }
  const joined = list.join(',');
  return more ? `${joined} + ${count - max} more...` : joined;
}

const endpointsTable = defineTable<Endpoints>({
  columns: [NAME, column('Endpoints', 'string', doc('core/v1.Endpoints.subsets')), AGE],
  cells: (ep, now) => [nameOf(ep), formatEndpoints(ep), ageOf(ep, now)],
});

const ROLE_PREFIX = 'node-role.kubernetes.io/';
const ROLE_LABEL = 'kubernetes.io/role';

/** The node's roles: `node-role.kubernetes.io/<role>` label keys and `kubernetes.io/role` values. */
export function nodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX)) {
      const role = k.slice(ROLE_PREFIX.length);
      if (role) roles.add(role);
    } else if (k === ROLE_LABEL && v !== '') {
      roles.add(v);
    }
  }
  return [...roles].sort(compareStrings);
}

function nodeStatus(node: Node): string {
  const conditions = new Map((node.status?.conditions ?? []).map((c) => [c.type, c]));
  const status: string[] = [];
  const ready = conditions.get('Ready');
  if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  if (status.length === 0) status.push('Unknown');
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

function nodeAddress(node: Node, type: string): string {
  return node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
}

const nodeTable = defineTable<Node>({
  columns: [
    NAME,
    column('Status', 'string', 'The status of the node'),
    column('Roles', 'string', 'The roles of the node'),
    AGE,
    column('Version', 'string', doc('core/v1.NodeSystemInfo.kubeletVersion')),
    column('Internal-IP', 'string', doc('core/v1.NodeStatus.addresses'), { wide: true }),
    column('External-IP', 'string', doc('core/v1.NodeStatus.addresses'), { wide: true }),
    column('OS-Image', 'string', doc('core/v1.NodeSystemInfo.osImage'), { wide: true }),
    column('Kernel-Version', 'string', doc('core/v1.NodeSystemInfo.kernelVersion'), { wide: true }),
    column('Container-Runtime', 'string', doc('core/v1.NodeSystemInfo.containerRuntimeVersion'), { wide: true }),
  ],
  cells(node, now) {
    const info = node.status?.nodeInfo;
    return [
      nameOf(node),
      nodeStatus(node),
      nodeRoles(node).join(',') || '<none>',
      ageOf(node, now),
      info?.kubeletVersion ?? '',
      nodeAddress(node, 'InternalIP'),
      nodeAddress(node, 'ExternalIP'),
      info?.osImage || '<unknown>',
      info?.kernelVersion || '<unknown>',
      info?.containerRuntimeVersion || '<unknown>',
    ];
  },
});

const namespaceTable = defineTable<Namespace>({
  columns: [NAME, column('Status', 'string', 'The status of the namespace'), AGE],
  cells: (ns, now) => [nameOf(ns), ns.status?.phase || 'Active', ageOf(ns, now)],
});

const secretTable = defineTable<Secret>({
  columns: [NAME, column('Type', 'string', doc('core/v1.Secret.type')), column('Data', 'string', doc('core/v1.Secret.data')), AGE],
  cells(secret, now) {
    // stringData is merged into data when read
    const keys = new Set([...Object.keys(secret.data ?? {}), ...Object.keys(secret.stringData ?? {})]);
    return [nameOf(secret), secret.type || 'Opaque', keys.size, ageOf(secret, now)];
  },
});

const serviceAccountTable = defineTable<ServiceAccount>({
  columns: [NAME, column('Secrets', 'string', doc('core/v1.ServiceAccount.secrets')), AGE],
  cells: (sa, now) => [nameOf(sa), (sa.secrets ?? []).length, ageOf(sa, now)],
});

/** RWO,ROX,RWX,RWOP for the access modes present, in that order. */
export function accessModesString(modes: readonly string[] | undefined): string {
  const present = new Set(modes ?? []);
  const short: [string, string][] = [
    ['ReadWriteOnce', 'RWO'],
    ['ReadOnlyMany', 'ROX'],
    ['ReadWriteMany', 'RWX'],
    ['ReadWriteOncePod', 'RWOP'],
  ];
  return short
    .filter(([mode]) => present.has(mode))
    .map(([, s]) => s)
    .join(',');
}

const BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';

function storageClassOf(object: KubeObject, specClass: string | undefined): string {
  const annotations = object.metadata?.annotations ?? {};
  return BETA_STORAGE_CLASS in annotations ? annotations[BETA_STORAGE_CLASS]! : (specClass ?? '');
}

const persistentVolumeTable = defineTable<PersistentVolume>({
  columns: [
    NAME,
    column('Capacity', 'string', doc('core/v1.PersistentVolumeSpec.capacity')),
    column('Access Modes', 'string', doc('core/v1.PersistentVolumeSpec.accessModes')),
    column('Reclaim Policy', 'string', doc('core/v1.PersistentVolumeSpec.persistentVolumeReclaimPolicy')),
    column('Status', 'string', doc('core/v1.PersistentVolumeStatus.phase')),
    column('Claim', 'string', doc('core/v1.PersistentVolumeSpec.claimRef')),
    column('StorageClass', 'string', 'StorageClass of the pv'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
    column('Reason', 'string', doc('core/v1.PersistentVolumeStatus.reason')),
    AGE,
    column('VolumeMode', 'string', doc('core/v1.PersistentVolumeSpec.volumeMode'), { wide: true }),
  ],
  cells(pv, now) {
    const spec = pv.spec ?? {};
    const claim = spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : '';
    const phase = pv.metadata?.deletionTimestamp ? 'Terminating' : pv.status?.phase || 'Pending';
    return [
      nameOf(pv),
      quantityString(spec.capacity?.storage),
      accessModesString(spec.accessModes),
      spec.persistentVolumeReclaimPolicy || 'Retain',
      phase,
      claim,
      storageClassOf(pv, spec.storageClassName),
      spec.volumeAttributesClassName ?? '<unset>',
      pv.status?.reason ?? '',
      ageOf(pv, now),
      spec.volumeMode ?? 'Filesystem',
    ];
  },
});

const persistentVolumeClaimTable = defineTable<PersistentVolumeClaim>({
  columns: [
    NAME,
    column('Status', 'string', doc('core/v1.PersistentVolumeClaimStatus.phase')),
    column('Volume', 'string', doc('core/v1.PersistentVolumeClaimSpec.volumeName')),
    column('Capacity', 'string', doc('core/v1.PersistentVolumeClaimStatus.capacity')),
    column('Access Modes', 'string', doc('core/v1.PersistentVolumeClaimStatus.accessModes')),
    column('StorageClass', 'string', 'StorageClass of the pvc'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    AGE,
    column('VolumeMode', 'string', doc('core/v1.PersistentVolumeClaimSpec.volumeMode'), { wide: true }),
  ],
  cells(pvc, now) {
    const spec = pvc.spec ?? {};
    const phase = pvc.metadata?.deletionTimestamp ? 'Terminating' : pvc.status?.phase || 'Pending';
    const bound = Boolean(spec.volumeName);
    return [
      nameOf(pvc),
      phase,
      spec.volumeName ?? '',
      bound ? quantityString(pvc.status?.capacity?.storage) : '',
      bound ? accessModesString(pvc.status?.accessModes) : '',
      storageClassOf(pvc, spec.storageClassName),
      spec.volumeAttributesClassName ?? '<unset>',
      ageOf(pvc, now),
      spec.volumeMode ?? 'Filesystem',
    ];
  },
});

const componentStatusTable = defineTable<ComponentStatus>({
  columns: [
    NAME,
    column('Status', 'string', 'Status of the component conditions'),
    column('Message', 'string', 'Message of the component conditions'),
    column('Error', 'string', 'Error of the component conditions'),
  ],
  cells(cs) {
    const healthy = (cs.conditions ?? []).find((c) => c.type === 'Healthy');
    if (!healthy) return [nameOf(cs), 'Unknown', '', ''];
    return [nameOf(cs), healthy.status === 'True' ? 'Healthy' : 'Unhealthy', healthy.message ?? '', healthy.error ?? ''];
  },
});

const configMapTable = defineTable<ConfigMap>({
  columns: [NAME, column('Data', 'string', doc('core/v1.ConfigMap.data')), AGE],
  cells: (cm, now) => [
    nameOf(cm),
    Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length,
    ageOf(cm, now),
  ],
});

/** The REQUEST and LIMIT cells: `resource: used/hard` for every hard limit, sorted. */
export function resourceQuotaCells(quota: ResourceQuota): [string, string] {
  const hard = quota.status?.hard ?? {};
  const used = quota.status?.used ?? {};
  const requests: string[] = [];
  const limits: string[] = [];
  for (const resource of Object.keys(hard).sort(compareStrings)) {
    const pieces = resource.split('.');
    const text = `${resource}: ${quantityString(used[resource])}/${quantityString(hard[resource])}`;
    (pieces.length > 1 && pieces[0] === 'limits' ? limits : requests).push(text);
  }
  return [requests.join(', '), limits.join(', ')];
}

const resourceQuotaTable = defineTable<ResourceQuota>({
  columns: [
    NAME,
    column('Request', 'string', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
    column(
      'Limit',
      'string',
      'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.',
    ),
    AGE,
  ],
  cells(quota, now) {
    const [request, limit] = resourceQuotaCells(quota);
    return [nameOf(quota), request, limit, ageOf(quota, now)];
  },
});

/** core/v1 kinds that have a printer, by kind. */
export const coreTables: Record<string, TableConvertor> = {
  Pod: podTable,
  PodTemplate: podTemplateTable,
  ReplicationController: replicationControllerTable,
  Service: serviceTable,
  Endpoints: endpointsTable,
  Node: nodeTable,
  Event: eventTable,
  Namespace: namespaceTable,
  Secret: secretTable,
  ServiceAccount: serviceAccountTable,
  PersistentVolume: persistentVolumeTable,
  PersistentVolumeClaim: persistentVolumeClaimTable,
  ComponentStatus: componentStatusTable,
  ConfigMap: configMapTable,
  ResourceQuota: resourceQuotaTable,
};
