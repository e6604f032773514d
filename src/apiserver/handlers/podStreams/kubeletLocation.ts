// Where a pod stream goes: the pod, the container it names (or the only one), and the kubelet of
// the pod's node — the Node's address (InternalIP, then ExternalIP, then Hostname, as kubeadm
// sets --kubelet-preferred-address-types) and status.daemonEndpoints.kubeletEndpoint.Port.
// The refusals are upstream's.
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import type { Registries } from '../../../registry/registries.js';
import { StatusError } from '../../../registry/statusError.js';

export interface KubeletEndpoint {
  host: string;
  port: number;
}

const defaultKubeletPort = 10250;
const preferredAddressTypes = ['InternalIP', 'ExternalIP', 'Hostname'];

export async function readPod(registries: Registries, namespace: string, name: string): Promise<V1Pod> {
  return await registries.store('', 'v1', 'pods')!.get(namespace, name) as V1Pod;
}

/** The container a request names, checked against the pod; the only one when none is named. */
export function containerOf(pod: V1Pod, container: string | null): string {
  const name = pod.metadata!.name!;
  const spec = pod.spec!;
  const all = [...spec.initContainers ?? [], ...spec.containers, ...spec.ephemeralContainers ?? []].map((c) => c.name);
  if (!container) {
    if (spec.containers.length === 1) return spec.containers[0].name;
    if (spec.containers.length === 0) throw StatusError.badRequest(`a container name must be specified for pod ${name}`);
    throw StatusError.badRequest(`a container name must be specified for pod ${name}, choose one of: [${all.join(' ')}]`);
  }
  if (!all.includes(container)) throw StatusError.badRequest(`container ${container} is not valid for pod ${name}`);
  return container;
}

/** The kubelet of the pod's node, or undefined when the pod is not bound yet. */
export async function kubeletOf(registries: Registries, pod: V1Pod): Promise<KubeletEndpoint | undefined> {
  const nodeName = pod.spec?.nodeName;
  if (!nodeName) return undefined;
  return nodeKubelet(await registries.store('', 'v1', 'nodes')!.get(undefined, nodeName) as V1Node);
}

/** A Node's kubelet: its preferred address and its daemon endpoint's port. */
export function nodeKubelet(node: V1Node): KubeletEndpoint {
  const addresses = node.status?.addresses ?? [];
  const host = preferredAddressTypes.map((type) => addresses.find((a) => a.type === type)?.address).find(Boolean);
  if (!host) throw StatusError.internal(`no preferred addresses found; known addresses: [${addresses.map((a) => `{${a.type} ${a.address}}`).join(' ')}]`);
  const port = node.status?.daemonEndpoints?.kubeletEndpoint?.Port;
  return { host, port: port && port > 0 ? port : defaultKubeletPort };
}
