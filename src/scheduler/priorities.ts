// A pod's priority: spec.priority as the Priority admission plugin sets it; for a pod admitted
// without it, the value of its PriorityClass (or of the globalDefault class, else 0), read from
// the PriorityClass informer. The built-in system classes have their fixed values.
import type { V1PriorityClass } from '@kubernetes/client-node';
import { SYSTEM_PRIORITY_CLASSES } from '../api/systemPriorityClasses.js';
import type { PodInfo } from './cache/podInfo.js';

const SYSTEM_CLASSES: Record<string, number> = Object.fromEntries(SYSTEM_PRIORITY_CLASSES.map((c) => [c.name, c.value]));

export class Priorities {
  constructor(private readonly classes: { get(key: string): V1PriorityClass | undefined; list(): V1PriorityClass[] }) {}

  of = (pod: PodInfo): number => {
    if (pod.specPriority !== undefined) return pod.specPriority;
    const name = pod.pod.spec?.priorityClassName;
    if (name) return SYSTEM_CLASSES[name] ?? this.classes.get(name)?.value ?? 0;
    return this.classes.list().find((c) => c.globalDefault)?.value ?? 0;
  };
}
