// Resource amounts as the scheduler adds and compares them: CPU in millicores, memory and
// storage in bytes, other (extended) resources by name. A pod's request follows upstream's
// rules: its containers' sum (sidecar init containers included), at least the largest init
// container's (plus the sidecars started before it), plus the pod overhead. The non-zero
// variant counts a container without a CPU or memory request as 100m / 200Mi, as scoring does.
import type { V1Container, V1Pod } from '@kubernetes/client-node';
import { Quantity } from '../../api/quantity.js';

export interface Resources {
  milliCpu: number;
  memory: number;
  ephemeralStorage: number;
  /** Extended and other resources, in their plain units (milli-units for none). */
  scalar: Map<string, number>;
}

const DEFAULT_MILLI_CPU_REQUEST = 100;
const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export const emptyResources = (): Resources => ({ milliCpu: 0, memory: 0, ephemeralStorage: 0, scalar: new Map() });

/** A quantity as a number (in milli-units when asked); 0 when it does not parse. */
export function quantityAmount(value: unknown, milli = false): number {
  try {
    const quantity = Quantity.fromJSON(value);
    return Number(milli ? quantity.milliValue() : quantity.value());
  } catch {
    return 0;
  }
}

/** A resource list (requests, allocatable, overhead) as amounts. */
export function toResources(list: Record<string, unknown> | undefined): Resources {
  const resources = emptyResources();
  for (const name in list ?? {}) {
    const value = list![name];
    if (name === 'cpu') resources.milliCpu = quantityAmount(value, true);
    else if (name === 'memory') resources.memory = quantityAmount(value);
    else if (name === 'ephemeral-storage') resources.ephemeralStorage = quantityAmount(value);
    else if (name !== 'pods') resources.scalar.set(name, quantityAmount(value));
  }
  return resources;
}

export function addInto(target: Resources, other: Resources, sign = 1): void {
  target.milliCpu += sign * other.milliCpu;
  target.memory += sign * other.memory;
  target.ephemeralStorage += sign * other.ephemeralStorage;
  for (const [name, value] of other.scalar) target.scalar.set(name, (target.scalar.get(name) ?? 0) + sign * value);
}

function maxInto(target: Resources, other: Resources): void {
  target.milliCpu = Math.max(target.milliCpu, other.milliCpu);
  target.memory = Math.max(target.memory, other.memory);
  target.ephemeralStorage = Math.max(target.ephemeralStorage, other.ephemeralStorage);
  for (const [name, value] of other.scalar) target.scalar.set(name, Math.max(target.scalar.get(name) ?? 0, value));
}

function containerRequests(container: V1Container, nonZero: boolean): Resources {
  const requests = container.resources?.requests as Record<string, unknown> | undefined;
  const resources = toResources(requests);
  if (nonZero) {
    if (requests?.cpu === undefined) resources.milliCpu = DEFAULT_MILLI_CPU_REQUEST;
    if (requests?.memory === undefined) resources.memory = DEFAULT_MEMORY_REQUEST;
  }
  return resources;
}

export function podRequests(pod: V1Pod, nonZero = false): Resources {
  const total = emptyResources();
  for (const container of pod.spec?.containers ?? []) addInto(total, containerRequests(container, nonZero));
  const sidecars = emptyResources();
  const initPeak = emptyResources();
  for (const container of pod.spec?.initContainers ?? []) {
    const requests = containerRequests(container, nonZero);
    if (container.restartPolicy === 'Always') {
      addInto(total, requests);
      addInto(sidecars, requests);
      maxInto(initPeak, sidecars);
    } else {
      addInto(requests, sidecars);
      maxInto(initPeak, requests);
    }
  }
  maxInto(total, initPeak);
  addInto(total, toResources(pod.spec?.overhead as Record<string, unknown> | undefined));
  return total;
}
