// The apps/v1 tables: Deployment (READY `2/3`, UP-TO-DATE, AVAILABLE), ReplicaSet,
// StatefulSet, DaemonSet and ControllerRevision.
import type { ControllerRevision, DaemonSet, Deployment, ReplicaSet, StatefulSet } from '../../api/index.js';
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
import { deploymentSelectorString, formatLabelSelector, formatLabels } from './labels.js';
import type { TableConvertor } from './types.js';

const deploymentTable = defineTable<Deployment>({
  columns: [
    NAME,
    column('Ready', 'string', 'Number of the pod with ready state'),
    column('Up-to-date', 'string', doc('extensions/v1beta1.DeploymentStatus.updatedReplicas')),
    column('Available', 'string', doc('extensions/v1beta1.DeploymentStatus.availableReplicas')),
    AGE,
    ...templateColumns({ wide: true }),
    column('Selector', 'string', doc('extensions/v1beta1.DeploymentSpec.selector'), { wide: true }),
  ],
  cells(d, now) {
    return [
      nameOf(d),
      `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`,
      d.status?.updatedReplicas ?? 0,
      d.status?.availableReplicas ?? 0,
      ageOf(d, now),
      ...containerCells(d.spec?.template?.spec?.containers),
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
    ...templateColumns({ wide: true }),
    column('Selector', 'string', doc('extensions/v1beta1.ReplicaSetSpec.selector'), { wide: true }),
  ],
  cells(rs, now) {
    return [
      nameOf(rs),
      rs.spec?.replicas ?? 1,
      rs.status?.replicas ?? 0,
      rs.status?.readyReplicas ?? 0,
      ageOf(rs, now),
      ...containerCells(rs.spec?.template?.spec?.containers),
      formatLabelSelector(rs.spec?.selector),
    ];
  },
});

const statefulSetTable = defineTable<StatefulSet>({
  columns: [
    NAME,
    column('Ready', 'string', 'Number of the pod with ready state'),
    AGE,
    ...templateColumns({ wide: true }),
  ],
  cells(sts, now) {
    return [
      nameOf(sts),
      `${sts.status?.readyReplicas ?? 0}/${sts.spec?.replicas ?? 1}`,
      ageOf(sts, now),
      ...containerCells(sts.spec?.template?.spec?.containers),
    ];
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
    ...templateColumns({ wide: true }),
    column('Selector', 'string', doc('extensions/v1beta1.DaemonSetSpec.selector'), { wide: true }),
  ],
  cells(ds, now) {
    const status = ds.status;
    return [
      nameOf(ds),
      status?.desiredNumberScheduled ?? 0,
      status?.currentNumberScheduled ?? 0,
      status?.numberReady ?? 0,
      status?.updatedNumberScheduled ?? 0,
      status?.numberAvailable ?? 0,
      formatLabels(ds.spec?.template?.spec?.nodeSelector),
      ageOf(ds, now),
      ...containerCells(ds.spec?.template?.spec?.containers),
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
