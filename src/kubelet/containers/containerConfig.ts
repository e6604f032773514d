// The CRI ContainerConfig of one container of a pod: image, command and args with $(VAR)
// references expanded, working directory, environment (values as bytes, as cri-api v0.34+
// sends them), mounts (the pod's volumes at their mount paths and subPaths, the managed
// /etc/hosts, the termination-message file), log path, stdin/tty, labels and annotations, and
// Linux resources and security context.
import type { V1Container, V1Pod } from '@kubernetes/client-node';
import { join } from 'node:path';
import type { ContainerConfig, DeepPartial, Mount, MountPropagation } from '../../cri/types.js';
import { ContainerConfigError, expandReferences } from './environment.js';
import { containerAnnotations, containerLabels } from './runtimeLabels.js';
import { containerResources } from './resources.js';

export interface ContainerFiles {
  /** Each volume's directory on the node. */
  volumes: ReadonlyMap<string, string>;
  /** The pod's managed hosts file, absent for host-network pods. */
  hostsFile?: string;
  /** The file the container's termination message is written to. */
  terminationMessageFile: string;
}

const propagation = (mode: string | undefined): MountPropagation => {
  if (mode === 'HostToContainer') return 'PROPAGATION_HOST_TO_CONTAINER';
  if (mode === 'Bidirectional') return 'PROPAGATION_BIDIRECTIONAL';
  return 'PROPAGATION_PRIVATE';
};

function mounts(container: V1Container, env: ReadonlyMap<string, string>, files: ContainerFiles): DeepPartial<Mount>[] {
  const out: DeepPartial<Mount>[] = [];
  for (const mount of container.volumeMounts ?? []) {
    const base = files.volumes.get(mount.name);
    if (base === undefined) throw new ContainerConfigError(`cannot find volume "${mount.name}" to mount into container "${container.name}"`);
    const subPath = mount.subPathExpr ? expandReferences(mount.subPathExpr, env) : mount.subPath;
    if (subPath && (subPath.startsWith('/') || subPath.split('/').includes('..'))) {
      throw new ContainerConfigError(`failed to prepare subPath for volumeMount "${mount.name}" of container "${container.name}"`);
    }
    out.push({
      containerPath: mount.mountPath,
      hostPath: subPath ? join(base, subPath) : base,
      readonly: mount.readOnly ?? false,
      propagation: propagation(mount.mountPropagation),
    });
  }
  const mounted = new Set(out.map((m) => m.containerPath));
  if (files.hostsFile && !mounted.has('/etc/hosts')) out.push({ containerPath: '/etc/hosts', hostPath: files.hostsFile });
  const messagePath = container.terminationMessagePath ?? '/dev/termination-log';
  if (!mounted.has(messagePath)) out.push({ containerPath: messagePath, hostPath: files.terminationMessageFile });
  return out;
}

export function containerConfig(
  pod: V1Pod, container: V1Container, restartCount: number, env: ReadonlyMap<string, string>,
  files: ContainerFiles, image: string, memoryCapacityBytes: number,
): DeepPartial<ContainerConfig> {
  const security = container.securityContext;
  const podSecurity = pod.spec?.securityContext;
  const runAsUser = security?.runAsUser ?? podSecurity?.runAsUser;
  const runAsGroup = security?.runAsGroup ?? podSecurity?.runAsGroup;
  return {
    metadata: { name: container.name, attempt: restartCount },
    image: { image, userSpecifiedImage: container.image ?? '' },
    command: (container.command ?? []).map((c) => expandReferences(c, env)),
    args: (container.args ?? []).map((a) => expandReferences(a, env)),
    workingDir: container.workingDir ?? '',
    envs: [...env].map(([key, value]) => ({ key, value: Buffer.from(value) })),
    mounts: mounts(container, env, files),
    labels: containerLabels(pod, container),
    annotations: containerAnnotations(pod, container, restartCount),
    logPath: join(container.name, `${restartCount}.log`),
    stdin: container.stdin ?? false,
    stdinOnce: container.stdinOnce ?? false,
    tty: container.tty ?? false,
    linux: {
      resources: containerResources(pod, container, memoryCapacityBytes),
      securityContext: {
        // Unset, the runtime would put the container in the sandbox's PID namespace.
        namespaceOptions: {
          network: pod.spec?.hostNetwork ? 'NODE' : 'POD',
          pid: pod.spec?.hostPID ? 'NODE' : pod.spec?.shareProcessNamespace ? 'POD' : 'CONTAINER',
          ipc: pod.spec?.hostIPC ? 'NODE' : 'POD',
        },
        privileged: security?.privileged ?? false,
        readonlyRootfs: security?.readOnlyRootFilesystem ?? false,
        ...(runAsUser !== undefined ? { runAsUser: { value: runAsUser } } : {}),
        ...(runAsGroup !== undefined ? { runAsGroup: { value: runAsGroup } } : {}),
        capabilities: { addCapabilities: security?.capabilities?.add ?? [], dropCapabilities: security?.capabilities?.drop ?? [] },
        noNewPrivs: security?.allowPrivilegeEscalation === false,
        supplementalGroups: podSecurity?.supplementalGroups ?? [],
      },
    },
  };
}
