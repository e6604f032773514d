// Nodes, pods and a scheduling context for the scheduler's unit tests: plain API objects put
// through the scheduler's own cache, as the informers would.
import type { V1Node, V1Pod, V1Taint } from '@kubernetes/client-node';
import { ClusterCache } from '../../src/scheduler/cache/clusterCache.js';
import type { SchedulingContext } from '../../src/scheduler/framework/plugin.js';

export function node(name: string, options: { cpu?: string; memory?: string; pods?: string; labels?: Record<string, string>; taints?: V1Taint[]; unschedulable?: boolean } = {}): V1Node {
  return {
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...options.labels } },
    spec: { taints: options.taints, unschedulable: options.unschedulable },
    status: { allocatable: { cpu: options.cpu ?? '4', memory: options.memory ?? '8Gi', pods: options.pods ?? '110' } },
  };
}

let counter = 0;

export function pod(spec: Partial<V1Pod['spec']> & { name?: string; namespace?: string; labels?: Record<string, string>; cpu?: string; memory?: string; nodeName?: string } = {}): V1Pod {
  const { name, namespace, labels, cpu, memory, ...rest } = spec;
  const requests: Record<string, string> = {};
  if (cpu) requests.cpu = cpu;
  if (memory) requests.memory = memory;
  return {
    metadata: { name: name ?? `pod-${++counter}`, namespace: namespace ?? 'default', labels, uid: `uid-${counter}` },
    spec: { containers: [{ name: 'c', image: 'busybox', resources: { requests } }], ...rest },
  };
}

export function cluster(nodes: V1Node[], pods: V1Pod[] = [], objects: Record<string, Record<string, unknown>> = {}): SchedulingContext {
  const cache = new ClusterCache();
  for (const n of nodes) cache.setNode(n);
  for (const p of pods) cache.setPod(p);
  return {
    cache,
    lookup: <T>(resource: string, key: string) => objects[resource]?.[key] as T | undefined,
    list: <T>(resource: string) => Object.values(objects[resource] ?? {}) as T[],
  };
}
