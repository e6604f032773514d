// VolumeBinding: a pod's PersistentVolumeClaims. Missing, terminating, or unbound claims of an
// Immediate storage class stop the pod outright (preFilter). A bound claim's PersistentVolume
// node affinity must match the node; an unbound WaitForFirstConsumer claim needs either a
// dynamic provisioner or an available PersistentVolume (right class, enough capacity, the
// access modes, node affinity matching) (filter). Before binding, each such claim gets the
// chosen node in its `volume.kubernetes.io/selected-node` annotation, for the PV binder and
// the provisioner to act on (preBind).
import { CoreV1Api, PatchStrategy, setHeaderOptions, type KubeConfig, type V1PersistentVolume, type V1PersistentVolumeClaim, type V1Pod, type V1StorageClass } from '@kubernetes/client-node';
import type { NodeInfo } from '../cache/nodeInfo.js';
import { nodeSelectorMatches } from '../../api/selectors.js';
import type { FilterPlugin, PreBindPlugin, SchedulingContext } from '../framework/plugin.js';
import { unresolvable, unschedulable } from '../framework/status.js';
import { quantityAmount } from '../cache/resources.js';

const NAME = 'VolumeBinding';
const SELECTED_NODE_ANNOTATION = 'volume.kubernetes.io/selected-node';
const NO_PROVISIONER = 'kubernetes.io/no-provisioner';

interface Claims {
  bound: V1PersistentVolume[];
  /** Unbound WaitForFirstConsumer claims needing a static PV (dynamic ones need nothing here). */
  needingVolumes: V1PersistentVolumeClaim[];
  available: V1PersistentVolume[];
}

function claimNames(pod: V1Pod): string[] {
  return (pod.spec?.volumes ?? []).flatMap((v) => (v.persistentVolumeClaim ? [v.persistentVolumeClaim.claimName] : []));
}

const volumeFitsNode = (pv: V1PersistentVolume, node: NodeInfo) =>
  !pv.spec?.nodeAffinity?.required || nodeSelectorMatches(pv.spec.nodeAffinity.required, node.name, node.labels);

function volumeFitsClaim(pv: V1PersistentVolume, claim: V1PersistentVolumeClaim): boolean {
  if (pv.spec?.claimRef || pv.status?.phase !== 'Available') return false;
  if ((pv.spec?.storageClassName ?? '') !== (claim.spec?.storageClassName ?? '')) return false;
  const modes = pv.spec?.accessModes ?? [];
  if (!(claim.spec?.accessModes ?? []).every((m) => modes.includes(m))) return false;
  const want = quantityAmount((claim.spec?.resources?.requests as Record<string, unknown> | undefined)?.storage ?? '0');
  return quantityAmount((pv.spec?.capacity as Record<string, unknown> | undefined)?.storage ?? '0') >= want;
}

export const volumeBindingFilter: FilterPlugin = {
  name: NAME,
  events: ['NodeAdd', 'NodeUpdate', 'PvAdd', 'PvUpdate', 'PvcAdd', 'PvcUpdate', 'StorageClassAdd'],
  preFilter: (state, pod, context) => {
    const names = claimNames(pod.pod);
    if (names.length === 0) return undefined;
    const claims: Claims = { bound: [], needingVolumes: [], available: [] };
    for (const name of names) {
      const claim = context.lookup<V1PersistentVolumeClaim>('persistentvolumeclaims', `${pod.namespace}/${name}`);
      if (!claim) return unresolvable(NAME, `persistentvolumeclaim "${name}" not found`);
      if (claim.metadata?.deletionTimestamp) return unresolvable(NAME, `persistentvolumeclaim "${name}" is being deleted`);
      const volumeName = claim.spec?.volumeName;
      if (volumeName) {
        const pv = context.lookup<V1PersistentVolume>('persistentvolumes', volumeName);
        if (!pv) return unresolvable(NAME, `persistentvolume "${volumeName}" not found`);
        claims.bound.push(pv);
        continue;
      }
      const className = claim.spec?.storageClassName ?? '';
      const storageClass = className ? context.lookup<V1StorageClass>('storageclasses', className) : undefined;
      if (storageClass?.volumeBindingMode !== 'WaitForFirstConsumer') return unresolvable(NAME, 'pod has unbound immediate PersistentVolumeClaims');
      if (storageClass.provisioner === NO_PROVISIONER) claims.needingVolumes.push(claim);
    }
    if (claims.needingVolumes.length > 0) claims.available = context.list<V1PersistentVolume>('persistentvolumes');
    state.set(NAME, claims);
    return undefined;
  },
  filter: (state, _pod, node) => {
    const claims = state.get(NAME) as Claims | undefined;
    if (!claims) return undefined;
    if (!claims.bound.every((pv) => volumeFitsNode(pv, node))) return unresolvable(NAME, 'node(s) had volume node affinity conflict');
    const used = new Set<V1PersistentVolume>();
    for (const claim of claims.needingVolumes) {
      const pv = claims.available.find((v) => !used.has(v) && volumeFitsClaim(v, claim) && volumeFitsNode(v, node));
      if (!pv) return unschedulable(NAME, "node(s) didn't find available persistent volumes to bind");
      used.add(pv);
    }
    return undefined;
  },
};

export class VolumeBindingPreBind implements PreBindPlugin {
  readonly name = NAME;
  private readonly api: CoreV1Api;

  constructor(kubeConfig: KubeConfig) {
    this.api = kubeConfig.makeApiClient(CoreV1Api);
  }

  async preBind(pod: V1Pod, nodeName: string, context: SchedulingContext): Promise<void> {
    const namespace = pod.metadata!.namespace!;
    for (const name of claimNames(pod)) {
      const claim = context.lookup<V1PersistentVolumeClaim>('persistentvolumeclaims', `${namespace}/${name}`);
      if (!claim || claim.spec?.volumeName || claim.metadata?.annotations?.[SELECTED_NODE_ANNOTATION] === nodeName) continue;
      await this.api.patchNamespacedPersistentVolumeClaim(
        { name, namespace, body: { metadata: { annotations: { [SELECTED_NODE_ANNOTATION]: nodeName } } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
    }
  }
}
