// containerd's configuration for a kubets node, all under one data dir: root, state, the gRPC
// socket, the CRI plugin (its own sandbox image, stream server on loopback, cgroupfs, runc v2,
// restrict_oom_score_adj because root here lacks CAP_SYS_RESOURCE) and a CNI bridge network
// with host-local addresses from the pod subnet and portmap for hostPorts.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cniBinDir } from './prerequisites.js';

export const pauseImage = 'docker.io/local/pause:1';

export interface ContainerdLayout {
  dataDir: string;
  configFile: string;
  socketPath: string;
  logFile: string;
}

export interface ContainerdNetwork {
  /** The pods' subnet (default 10.88.0.0/16); its first address is the bridge's. */
  podSubnet?: string;
  /** The Linux bridge's name (default kubets0). */
  bridge?: string;
}

export function containerdLayout(dataDir: string): ContainerdLayout {
  return {
    dataDir,
    configFile: join(dataDir, 'config.toml'),
    socketPath: join(dataDir, 'containerd.sock'),
    logFile: join(dataDir, 'containerd.log'),
  };
}

function gateway(subnet: string): string {
  const [base] = subnet.split('/');
  const octets = base.split('.').map(Number);
  octets[3] += 1;
  return octets.join('.');
}

export async function writeContainerdConfig(layout: ContainerdLayout, network: ContainerdNetwork = {}): Promise<void> {
  const dir = layout.dataDir;
  const subnet = network.podSubnet ?? '10.88.0.0/16';
  await mkdir(join(dir, 'cni', 'net.d'), { recursive: true });
  await mkdir(join(dir, 'cni', 'ipam'), { recursive: true });
  await writeFile(layout.configFile, `version = 2
root = "${dir}/root"
state = "${dir}/state"
[grpc]
  address = "${layout.socketPath}"
[plugins."io.containerd.internal.v1.opt"]
  path = "${dir}/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${pauseImage}"
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  netns_mounts_under_state_dir = true
  enable_unprivileged_ports = true
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "${cniBinDir}"
    conf_dir = "${dir}/cni/net.d"
    max_conf_num = 1
`);
  const conflist = {
    cniVersion: '1.0.0',
    name: 'kubets',
    plugins: [
      {
        type: 'bridge', bridge: network.bridge ?? 'kubets0', isGateway: true, ipMasq: false, hairpinMode: true,
        ipam: {
          type: 'host-local', dataDir: join(dir, 'cni', 'ipam'),
          ranges: [[{ subnet, gateway: gateway(subnet) }]], routes: [{ dst: '0.0.0.0/0' }],
        },
      },
      { type: 'portmap', capabilities: { portMappings: true }, snat: true },
    ],
  };
  await writeFile(join(dir, 'cni', 'net.d', '10-kubets.conflist'), `${JSON.stringify(conflist, null, 2)}\n`);
}
