// A container's environment, resolved as upstream's kubelet does: envFrom sources first
// (ConfigMaps and Secrets, with their prefix; keys that are not valid variable names skipped),
// then env entries in order (values with $(VAR) references expanded against what came before,
// `$$` escaping; fieldRef, resourceFieldRef, configMapKeyRef and secretKeyRef), and last the
// service variables not already defined. A missing required source is a ContainerConfigError
// carrying upstream's message, which the pod's status shows as CreateContainerConfigError.
import type { V1ConfigMap, V1Container, V1Pod, V1Secret, V1Service } from '@kubernetes/client-node';
import { Quantity } from '../../api/quantity.js';
import { serviceEnvironment } from './serviceEnvironment.js';

export class ContainerConfigError extends Error {
  readonly reason = 'CreateContainerConfigError';
}

/** What the kubelet reads from the API server to resolve references. */
export interface EnvironmentSources {
  configMap(namespace: string, name: string): Promise<V1ConfigMap | undefined>;
  secret(namespace: string, name: string): Promise<V1Secret | undefined>;
  services(): readonly V1Service[];
}

/** The node's allocatable resources: a limit left unset reads as these. */
export interface NodeAllocatable {
  cpu: string;
  memory: string;
  'ephemeral-storage': string;
}

const VARIABLE_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Expands $(NAME) from `known`; $$ is a literal $; unknown references stay as written. */
export function expandReferences(value: string, known: ReadonlyMap<string, string>): string {
  return value.replace(/\$\$|\$\(([^)]*)\)/g, (match, name: string | undefined) => {
    if (match === '$$') return '$';
    return name !== undefined && known.has(name) ? known.get(name)! : match;
  });
}

const decode = (data: string) => Buffer.from(data, 'base64').toString('utf8');

function fieldValue(pod: V1Pod, path: string): string {
  const label = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
  if (label) return (label[1] === 'labels' ? pod.metadata?.labels : pod.metadata?.annotations)?.[label[2]] ?? '';
  switch (path) {
    case 'metadata.name': return pod.metadata?.name ?? '';
    case 'metadata.namespace': return pod.metadata?.namespace ?? '';
    case 'metadata.uid': return pod.metadata?.uid ?? '';
    case 'spec.nodeName': return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName': return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP': return pod.status?.hostIP ?? '';
    case 'status.hostIPs': return (pod.status?.hostIPs ?? []).map((i) => i.ip).join(',');
    case 'status.podIP': return pod.status?.podIP ?? '';
    case 'status.podIPs': return (pod.status?.podIPs ?? []).map((i) => i.ip).join(',');
    default: throw new ContainerConfigError(`unsupported fieldRef path: ${path}`);
  }
}

/** A container's resource, divided by the divisor and rounded up, as upstream's ExtractContainerResourceValue. */
export function resourceValue(container: V1Container, resource: string, divisor: string | undefined, node: NodeAllocatable): string {
  const [kind, name] = resource.split('.') as ['limits' | 'requests', keyof NodeAllocatable];
  const set = (kind === 'limits' ? container.resources?.limits : container.resources?.requests)?.[name];
  const amount = Quantity.parse(String(set ?? (kind === 'limits' ? node[name] : '0')));
  const by = Quantity.parse(divisor && divisor !== '0' ? divisor : '1');
  if (name === 'cpu') {
    const milli = amount.milliValue();
    const per = by.milliValue();
    return String((milli + per - 1n) / per);
  }
  const value = amount.value();
  const per = by.value();
  return String((value + per - 1n) / per);
}

export async function containerEnvironment(
  pod: V1Pod, container: V1Container, sources: EnvironmentSources, node: NodeAllocatable,
): Promise<Map<string, string>> {
  const namespace = pod.metadata!.namespace!;
  const env = new Map<string, string>();
  for (const from of container.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    if (from.configMapRef) {
      const { name, optional } = from.configMapRef;
      const map = await sources.configMap(namespace, name!);
      if (!map) {
        if (optional) continue;
        throw new ContainerConfigError(`configmap "${name}" not found`);
      }
      for (const [key, value] of Object.entries(map.data ?? {})) if (VARIABLE_NAME.test(prefix + key)) env.set(prefix + key, value);
    }
    if (from.secretRef) {
      const { name, optional } = from.secretRef;
      const secret = await sources.secret(namespace, name!);
      if (!secret) {
        if (optional) continue;
        throw new ContainerConfigError(`secret "${name}" not found`);
      }
      for (const [key, value] of Object.entries(secret.data ?? {})) if (VARIABLE_NAME.test(prefix + key)) env.set(prefix + key, decode(value));
    }
  }
  const services = serviceEnvironment(namespace, pod.spec?.enableServiceLinks !== false, sources.services());
  for (const variable of container.env ?? []) {
    const from = variable.valueFrom;
    if (!from) {
      env.set(variable.name, expandReferences(variable.value ?? '', new Map([...services, ...env])));
    } else if (from.fieldRef) {
      env.set(variable.name, fieldValue(pod, from.fieldRef.fieldPath));
    } else if (from.resourceFieldRef) {
      const target = from.resourceFieldRef.containerName
        ? pod.spec?.containers.find((c) => c.name === from.resourceFieldRef!.containerName) ?? container
        : container;
      env.set(variable.name, resourceValue(target, from.resourceFieldRef.resource, from.resourceFieldRef.divisor as string | undefined, node));
    } else if (from.configMapKeyRef) {
      const { name, key, optional } = from.configMapKeyRef;
      const map = await sources.configMap(namespace, name!);
      const value = map?.data?.[key];
      if (value !== undefined) env.set(variable.name, value);
      else if (!optional) {
        throw new ContainerConfigError(map ? `couldn't find key ${key} in ConfigMap ${namespace}/${name}` : `configmap "${name}" not found`);
      }
    } else if (from.secretKeyRef) {
      const { name, key, optional } = from.secretKeyRef;
      const secret = await sources.secret(namespace, name!);
      const value = secret?.data?.[key];
      if (value !== undefined) env.set(variable.name, decode(value));
      else if (!optional) {
        throw new ContainerConfigError(secret ? `couldn't find key ${key} in Secret ${namespace}/${name}` : `secret "${name}" not found`);
      }
    }
  }
  for (const [name, value] of services) if (!env.has(name)) env.set(name, value);
  return env;
}
