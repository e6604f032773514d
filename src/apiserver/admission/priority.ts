// Priority admission: a new pod gets spec.priority and spec.preemptionPolicy from the
// PriorityClass it names, or from the globalDefault class (whose name it then carries), or 0 and
// PreemptLowerPriority when there is none. A class that does not exist, or a priority or policy
// the pod states that differs from its class's, is refused with upstream's 403. A PriorityClass
// may become globalDefault only while no other class is.
import { DEFAULT_PRIORITY_WHEN_NO_DEFAULT_CLASS_EXISTS } from '../../api/systemPriorityClasses.js';
import type { KubeObject } from '../../registry/object.js';
import type { Registries } from '../../registry/registries.js';
import type { Store } from '../../registry/store.js';
import { StatusError } from '../../registry/statusError.js';

type PriorityClass = KubeObject & { value?: number; globalDefault?: boolean; preemptionPolicy?: string };
type PodSpec = { priorityClassName?: string; priority?: number | null; preemptionPolicy?: string | null };

const classesOf = (registries: Registries) => registries.store('scheduling.k8s.io', 'v1', 'priorityclasses')!;

/** The globalDefault class; the lowest-valued one if a race made several. */
async function defaultClass(registries: Registries): Promise<PriorityClass | undefined> {
  const { items } = await classesOf(registries).list(undefined);
  return (items as PriorityClass[]).filter((c) => c.globalDefault)
    .reduce<PriorityClass | undefined>((lowest, c) => (lowest === undefined || (c.value ?? 0) < (lowest.value ?? 0) ? c : lowest), undefined);
}

async function namedClass(registries: Registries, store: Store, pod: KubeObject, name: string): Promise<PriorityClass> {
  try {
    return await classesOf(registries).get(undefined, name) as PriorityClass;
  } catch (error) {
    if (error instanceof StatusError && error.code === 404) {
      throw StatusError.forbidden(store.target, pod.metadata.name ?? '', `no PriorityClass with name ${name} was found`);
    }
    throw error;
  }
}

export async function admitPodPriority(registries: Registries, store: Store, pod: KubeObject): Promise<void> {
  const spec = (pod.spec ?? {}) as PodSpec;
  let priority = DEFAULT_PRIORITY_WHEN_NO_DEFAULT_CLASS_EXISTS;
  let policy: string | undefined = 'PreemptLowerPriority';
  if (!spec.priorityClassName) {
    const fallback = await defaultClass(registries);
    if (fallback) {
      ({ value: priority = 0, preemptionPolicy: policy } = fallback);
      spec.priorityClassName = fallback.metadata.name;
    }
  } else {
    ({ value: priority = 0, preemptionPolicy: policy } = await namedClass(registries, store, pod, spec.priorityClassName));
  }
  const name = pod.metadata.name ?? '';
  if (spec.priority !== undefined && spec.priority !== null && spec.priority !== priority) {
    throw StatusError.forbidden(store.target, name, `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`);
  }
  spec.priority = priority;
  if (policy !== undefined) {
    if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== null && spec.preemptionPolicy !== policy) {
      throw StatusError.forbidden(store.target, name, `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`);
    }
    spec.preemptionPolicy = policy;
  }
  pod.spec = spec;
}

/** On create and update of a PriorityClass: at most one globalDefault. */
export async function admitPriorityClass(registries: Registries, store: Store, priorityClass: KubeObject, operation: 'create' | 'update'): Promise<void> {
  if ((priorityClass as PriorityClass).globalDefault !== true) return;
  const current = await defaultClass(registries);
  if (!current) return;
  const name = priorityClass.metadata.name ?? '';
  if (operation === 'create' || current.metadata.name !== name) {
    throw StatusError.forbidden(store.target, name, `PriorityClass ${current.metadata.name} is already marked as default. Only one default can exist`);
  }
}
