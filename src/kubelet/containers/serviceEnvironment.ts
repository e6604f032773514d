// The service environment variables a container sees, as upstream's kubelet makes them: for
// each Service with a cluster IP, `<NAME>_SERVICE_HOST`, `<NAME>_SERVICE_PORT` (first port),
// `<NAME>_SERVICE_PORT_<PORTNAME>` for named ports, and the docker-link style variables
// `<NAME>_PORT`, `<NAME>_PORT_<port>_<PROTO>` with its `_PROTO`, `_PORT` and `_ADDR`. The
// `kubernetes` Service of the default namespace is always included; the pod's own namespace's
// Services only when spec.enableServiceLinks is not false.
import type { V1Service } from '@kubernetes/client-node';

const envName = (name: string) => name.toUpperCase().replace(/-/g, '_');

function hasClusterIP(service: V1Service): boolean {
  const ip = service.spec?.clusterIP;
  return ip !== undefined && ip !== '' && ip !== 'None';
}

function variablesOf(service: V1Service): [string, string][] {
  const name = envName(service.metadata!.name!);
  const ip = service.spec!.clusterIP!;
  const ports = service.spec?.ports ?? [];
  const out: [string, string][] = [[`${name}_SERVICE_HOST`, ip]];
  if (ports.length === 0) return out;
  out.push([`${name}_SERVICE_PORT`, String(ports[0].port)]);
  for (const port of ports) if (port.name) out.push([`${name}_SERVICE_PORT_${envName(port.name)}`, String(port.port)]);
  const url = (port: (typeof ports)[number]) => `${(port.protocol ?? 'TCP').toLowerCase()}://${ip}:${port.port}`;
  out.push([`${name}_PORT`, url(ports[0])]);
  for (const port of ports) {
    const protocol = port.protocol ?? 'TCP';
    const prefix = `${name}_PORT_${port.port}_${protocol.toUpperCase()}`;
    out.push([prefix, url(port)], [`${prefix}_PROTO`, protocol.toLowerCase()], [`${prefix}_PORT`, String(port.port)], [`${prefix}_ADDR`, ip]);
  }
  return out;
}

/** The variables for a pod in `namespace`, from the Services the kubelet knows. */
export function serviceEnvironment(namespace: string, enableServiceLinks: boolean, services: readonly V1Service[]): Map<string, string> {
  const chosen = new Map<string, V1Service>();
  for (const service of services) {
    if (!hasClusterIP(service)) continue;
    const { name, namespace: ns } = service.metadata ?? {};
    if (ns === 'default' && name === 'kubernetes') chosen.set(name, service);
  }
  if (enableServiceLinks) {
    for (const service of services) {
      if (hasClusterIP(service) && service.metadata?.namespace === namespace) chosen.set(service.metadata.name!, service);
    }
  }
  return new Map([...chosen.values()].flatMap(variablesOf));
}
