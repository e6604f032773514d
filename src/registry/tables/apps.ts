// The apps/v1 tables: Deployment (READY `2/3`, UP-TO-DATE, AVAILABLE), ReplicaSet,
// StatefulSet, DaemonSet and ControllerRevision.
import type { ControllerRevision, DaemonSet, Deployment, ReplicaSet, StatefulSet } from '../../api/index.js';
import {
  AGE,
  NAME,
  TEMPLATE_CONTAINERS,
  TEMPLATE_IMAGES,
  ageOf,
  column,
  containerCells,
  defineTable,
  doc,
  nameOf,
} from './columns.js';
import { deploymentSelectorString, formatLabelSelector, formatLabels } from './labels.js';
import type { TableConvertor } from './types.js';

const deploymentTable = defineTable<Deployment>({
  columns: [
    NAME,
    column('Ready', 'string', 'Number of the pod with ready state'),
    column('Up-to-date', 'string', doc('extensions/v1beta1.DeploymentStatus.updatedReplicas')),
    column('Available', 'string', doc('extensions/v1beta1.DeploymentStatus.availableReplicas')),
    AGE,
    column('Containers', 'string', TEMPLATE_CONTAINERS, { wide: true }),
    column('Images', 'string', TEMPLATE_IMAGES, { wide: true }),
    column('Selector', 'string', doc('extensions/v1beta1.DeploymentSpec.selector'), { wide: true }),
  ],
  cells(d, now) {
    const [names, images] = containerCells(d.spec?.template?.spec?.containers);
    return [
      nameOf(d),
      `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`,
      d.status?.updatedReplicas ?? 0,
      d.status?.availableReplicas ?? 0,
      ageOf(d, now),
      names,
      images,
      deploymentSelectorString(d.spec?.selector),
    ];
  },
});

const replicaSetTable = defineTable<ReplicaSet>({
  columns: [
    NAME,
    column('Desired', 'integer', doc('extensions/v1beta1.ReplicaSetSpec.replicas')),
    column('Current', 'integer', doc('extensions/v1beta1.ReplicaSetStatus.replicas')),
    column('Ready', 'integer', doc('extensions/v1beta1.ReplicaSetStatus.readyReplicas')),
    AGE,
    column('Containers', 'string', TEMPLATE_CONTAINERS, { wide: true }),
    column('Images', 'string', TEMPLATE_IMAGES, { wide: true }),
    column('Selector', 'string', doc('extensions/v1beta1.ReplicaSetSpec.selector'), { wide: true }),
  ],
  cells(rs, now) {
    const [names, images] = containerCells(rs.spec?.template?.spec?.containers);
    return [
      nameOf(rs),
      rs.spec?.replicas ?? 1,
      rs.status?.replicas ?? 0,
      rs.status?.readyReplicas ?? 0,
      ageOf(rs, now),
      names,
      images,
      formatLabelSelector(rs.spec?.selector),
    ];
  },
});

const statefulSetTable = defineTable<StatefulSet>({
  columns: [
    NAME,
    column('Ready', 'string', 'Number of the pod with ready state'),
    AGE,
    column('Containers', 'string', TEMPLATE_CONTAINERS, { wide: true }),
    column('Images', 'string', TEMPLATE_IMAGES, { wide: true }),
  ],
  cells(sts, now) {
    const [names, images] = containerCells(sts.spec?.template?.spec?.containers);
    return [nameOf(sts), `${sts.status?.readyReplicas ?? 0}/${sts.spec?.replicas ?? 1}`, ageOf(sts, now), names, images];
  },
});

const daemonSetTable = defineTable<DaemonSet>({
  columns: [
    NAME,
    column('Desired', 'integer', doc('extensions/v1beta1.DaemonSetStatus.desiredNumberScheduled')),
    column('Current', 'integer', doc('extensions/v1beta1.DaemonSetStatus.currentNumberScheduled')),
    column('Ready', 'integer', doc('extensions/v1beta1.DaemonSetStatus.numberReady')),
    column('Up-to-date', 'integer', doc('extensions/v1beta1.DaemonSetStatus.updatedNumberScheduled')),
    column('Available', 'integer', doc('extensions/v1beta1.DaemonSetStatus.numberAvailable')),
    column('Node Selector', 'string', doc('core/v1.PodSpec.nodeSelector')),
    AGE,
    column('Containers', 'string', TEMPLATE_CONTAINERS, { wide: true }),
    column('Images', 'string', TEMPLATE_IMAGES, { wide: true }),
    column('Selector', 'string', doc('extensions/v1beta1.DaemonSetSpec.selector'), { wide: true }),
  ],
  cells(ds, now) {
    const status = ds.status;
    const [names, images] = containerCells(ds.spec?.template?.spec?.containers);
    return [
      nameOf(ds),
      status?.desiredNumberScheduled ?? 0,
      status?.currentNumberScheduled ?? 0,
      status?.numberReady ?? 0,
      status?.updatedNumberScheduled ?? 0,
      status?.numberAvailable ?? 0,
      formatLabels(ds.spec?.template?.spec?.nodeSelector),
      ageOf(ds, now),
      names,
      images,
      formatLabelSelector(ds.spec?.selector),
    ];
  },
});

/** `statefulset.apps/web`: the controlling owner as kubectl names it, `<none>` without one. */
export function controllerName(revision: ControllerRevision): string {
  const owner = revision.metadata?.ownerReferences?.find((o) => o.controller === true);
  if (!owner) return '<none>';
  const apiVersion = owner.apiVersion ?? '';
  const parts = apiVersion.split('/');
  if (parts.length > 2) throw new Error(`unexpected GroupVersion string: ${apiVersion}`);
  const group = parts.length === 2 ? parts[0]! : '';
  if (!group && !owner.kind) return owner.name;
  const groupKind = group ? `${owner.kind}.${group}` : owner.kind;
  return `${groupKind.toLowerCase()}/${owner.name}`;
}

const controllerRevisionTable = defineTable<ControllerRevision>({
  columns: [
    NAME,
    column('Controller', 'string', 'Controller of the object'),
    column('Revision', 'string', doc('apps/v1beta1.ControllerRevision.revision')),
    AGE,
  ],
  cells: (cr, now) => [nameOf(cr), controllerName(cr), cr.revision ?? 0, ageOf(cr, now)],
});

/** apps/v1 kinds, by kind. */
export const appsTables: Record<string, TableConvertor> = {
  Deployment: deploymentTable,
  ReplicaSet: replicaSetTable,
  StatefulSet: statefulSetTable,
  DaemonSet: daemonSetTable,
  ControllerRevision: controllerRevisionTable,
};
