// The /etc/hosts the kubelet writes for each pod (not for host-network pods), as upstream: the
// loopback and IPv6 names, the pod's own address under its hostname (and its fully qualified
// name when it has a subdomain), then the pod's hostAliases.
import type { V1Pod } from '@kubernetes/client-node';

export function hostsFile(pod: V1Pod, podIPs: string[], clusterDomain = 'cluster.local'): string {
  const spec = pod.spec ?? { containers: [] };
  const hostname = spec.hostname || pod.metadata!.name!;
  const names = spec.subdomain
    ? `${hostname}.${spec.subdomain}.${pod.metadata!.namespace}.svc.${clusterDomain}\t${hostname}`
    : hostname;
  const lines = [
    '# Kubernetes-managed hosts file.',
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'fe00::0\tip6-mcastprefix',
    'fe00::1\tip6-allnodes',
    'fe00::2\tip6-allrouters',
    ...podIPs.map((ip) => `${ip}\t${names}`),
  ];
  const aliases = spec.hostAliases ?? [];
  if (aliases.length > 0) {
    lines.push('', '# Entries added by HostAliases.');
    for (const alias of aliases) lines.push(`${alias.ip}\t${(alias.hostnames ?? []).join('\t')}`);
  }
  return `${lines.join('\n')}\n`;
}
