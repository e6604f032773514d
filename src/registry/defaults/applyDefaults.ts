// applyDefaults: what kube-apiserver v1.33 does to a decoded object before anything else looks at
// it, for the kinds that have defaulters (and the encoding normalisation for every built-in
// kind). Upstream defaults on every decode, reads from storage included: calling it again on an
// already defaulted object changes nothing except what the object's own changes now imply.
import type { KubeObject } from '../validation/types.js';
import { defaultEndpoints, defaultNamespace, defaultPersistentVolume, defaultPersistentVolumeClaim, defaultSecret } from './coreDefaults.js';
import { goJsonShapeInPlace } from './goJsonShape.js';
import { defaultPod, defaultPodSpec } from './podDefaults.js';
import { defaultService } from './serviceDefaults.js';
import { defaultCronJob, defaultDaemonSet, defaultDeployment, defaultJob, defaultReplicaSet, defaultStatefulSet } from './workloadDefaults.js';

type Defaulter = (object: never) => void;

const defaulters: Record<string, Defaulter> = {
  'v1/Pod': defaultPod as Defaulter,
  'v1/PodTemplate': ((o: { template?: { spec?: never } }) => {
    o.template ??= {};
    o.template.spec ??= { containers: [] } as never;
    defaultPodSpec(o.template.spec as never);
  }) as Defaulter,
  'v1/ReplicationController': ((rc: {
    metadata?: { labels?: Record<string, string> };
    spec?: { replicas?: number; selector?: Record<string, string>; template?: { metadata?: { labels?: Record<string, string> }; spec?: never } };
  }) => {
    const spec = (rc.spec ??= {});
    const labels = spec.template?.metadata?.labels;
    if (labels) {
      if (Object.keys(spec.selector ?? {}).length === 0) spec.selector = { ...labels };
      if (Object.keys(rc.metadata?.labels ?? {}).length === 0) (rc.metadata ??= {}).labels = { ...labels };
    }
    if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
    if (spec.template) {
      spec.template.spec ??= { containers: [] } as never;
      defaultPodSpec(spec.template.spec as never);
    }
  }) as Defaulter,
  'v1/Service': defaultService as Defaulter,
  'v1/Secret': defaultSecret as Defaulter,
  'v1/Namespace': defaultNamespace as Defaulter,
  'v1/PersistentVolume': defaultPersistentVolume as Defaulter,
  'v1/PersistentVolumeClaim': defaultPersistentVolumeClaim as Defaulter,
  'v1/Endpoints': defaultEndpoints as Defaulter,
  'apps/v1/Deployment': defaultDeployment as Defaulter,
  'apps/v1/ReplicaSet': defaultReplicaSet as Defaulter,
  'apps/v1/StatefulSet': defaultStatefulSet as Defaulter,
  'apps/v1/DaemonSet': defaultDaemonSet as Defaulter,
  'batch/v1/Job': defaultJob as Defaulter,
  'batch/v1/CronJob': defaultCronJob as Defaulter,
  'scheduling.k8s.io/v1/PriorityClass': ((pc: { preemptionPolicy?: string | null }) => {
    if (pc.preemptionPolicy === undefined || pc.preemptionPolicy === null) pc.preemptionPolicy = 'PreemptLowerPriority';
  }) as Defaulter,
};

export interface DefaultOptions {
  /**
   * Also reshape the object the way upstream encodes it (Go field order, zero-valued
   * non-omitempty fields, `creationTimestamp: null` in templates, canonical quantities, unknown
   * fields dropped). Default true.
   */
  shape?: boolean;
}

/**
 * Applies upstream's defaults for `apiVersion`/`kind` to `object`, in place. Throws
 * QuantityParseError (from ../validation) when a quantity does not parse: upstream rejects such
 * a body with 400 BadRequest while decoding it.
 */
export function applyDefaults(apiVersion: string, kind: string, object: KubeObject, options: DefaultOptions = {}): KubeObject {
  const defaulter = defaulters[`${apiVersion}/${kind}`];
  if (defaulter) defaulter(object as never);
  if (options.shape !== false) goJsonShapeInPlace(apiVersion, kind, object);
  return object;
}

/** Whether upstream has a defaulter for this kind (every built-in kind is still reshaped). */
export function hasDefaults(apiVersion: string, kind: string): boolean {
  return `${apiVersion}/${kind}` in defaulters;
}
