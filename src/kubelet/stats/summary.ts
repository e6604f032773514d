// Builds a node's `/stats/summary`: its pods from the runtime's stats (podStats.ts), and the
// node itself — from the kernel (/proc, statfs) for a node whose pods are real processes on
// this machine, or as the sum of its pods for a simulated node — with the runtime's image
// and container filesystems.
import type { Cri } from '../../cri/services.js';
import type * as cri from '../../cri/types.js';
import type { CpuRates } from './cpuRate.js';
import { filesystemSize, hostCpu, hostInterfaces, hostMemory, type FsSize, type InterfaceCounters } from './hostUsage.js';
import { cpuStats, isoTime, podsOf, type RuntimeSample } from './podStats.js';
import type { FsStats, NetworkStats, NodeStats, PodStats, Summary } from './summaryTypes.js';

export interface SummarySource {
  nodeName: string;
  cri: Cri;
  /** `host`: the node's figures are this machine's; `pods`: the sum of its pods' (simulated). */
  nodeUsage: 'host' | 'pods';
  /** The node's memory and ephemeral storage capacity (a simulated node's whole size). */
  memoryBytes: number;
  ephemeralStorageBytes: number;
  rootDir: string;
  logDir: string;
  /** When the node agent started (a simulated node's start time). */
  startTime: Date;
}

async function runtimeSample(runtime: Cri['runtime']): Promise<RuntimeSample> {
  const [sandboxes, containers, containerStats, sandboxStats] = await Promise.all([
    runtime.listPodSandbox({ filter: { state: { state: 'SANDBOX_READY' } } }),
    runtime.listContainers({ filter: { state: { state: 'CONTAINER_RUNNING' } } }),
    runtime.listContainerStats({}),
    runtime.listPodSandboxStats({}).then((r) => r.stats, () => undefined),
  ]);
  return { sandboxes: sandboxes.items, containers: containers.containers, containerStats: containerStats.stats, sandboxStats };
}

const sum = (pods: PodStats[], pick: (pod: PodStats) => number | undefined) => pods.reduce((total, pod) => total + (pick(pod) ?? 0), 0);

function networkOf(interfaces: InterfaceCounters[], time: string): NetworkStats | undefined {
  const main = interfaces.find((i) => i.name === 'eth0') ?? interfaces[0];
  return main && { time, ...main, interfaces };
}

function fsStats(size: FsSize, time: string): FsStats {
  return { time, ...size };
}

/** The runtime's filesystem (images or containers): its use from the runtime, its size from statfs. */
function runtimeFs(usage: cri.FilesystemUsage | undefined, size: FsSize | undefined): FsStats | undefined {
  if (!usage) return undefined;
  return {
    time: isoTime(usage.timestamp),
    ...(size ? { capacityBytes: size.capacityBytes, availableBytes: size.availableBytes, inodes: size.inodes, inodesFree: size.inodesFree } : {}),
    usedBytes: usage.usedBytes?.value ?? 0,
    inodesUsed: usage.inodesUsed?.value ?? 0,
  };
}

async function hostNode(source: SummarySource, rates: CpuRates, cpuAndMemoryOnly: boolean): Promise<NodeStats> {
  const [cpu, memory] = await Promise.all([hostCpu(), hostMemory()]);
  const nowNanos = Date.now() * 1e6;
  const time = isoTime(nowNanos);
  const node: NodeStats = {
    nodeName: source.nodeName,
    startTime: new Date(cpu.bootTimeSeconds * 1000).toISOString(),
    cpu: cpuStats({ timestamp: nowNanos, usageCoreNanoSeconds: { value: cpu.usageCoreNanoSeconds }, usageNanoCores: null, psi: null }, 'node', rates),
    memory: {
      time, availableBytes: memory.availableBytes, usageBytes: memory.usageBytes, workingSetBytes: memory.workingSetBytes,
      rssBytes: memory.rssBytes, pageFaults: memory.pageFaults, majorPageFaults: memory.majorPageFaults,
    },
  };
  if (cpuAndMemoryOnly) return node;
  const [interfaces, fs] = await Promise.all([hostInterfaces(), filesystemSize(source.rootDir)]);
  const network = networkOf(interfaces, time);
  if (network) node.network = network;
  if (fs) node.fs = fsStats(fs, time);
  return node;
}

/** A simulated node: what its pods use, in a machine of its declared size. */
function simulatedNode(source: SummarySource, pods: PodStats[], cpuAndMemoryOnly: boolean): NodeStats {
  const time = new Date().toISOString();
  const workingSetBytes = sum(pods, (p) => p.memory?.workingSetBytes);
  const node: NodeStats = {
    nodeName: source.nodeName,
    startTime: source.startTime.toISOString(),
    cpu: { time, usageNanoCores: sum(pods, (p) => p.cpu?.usageNanoCores), usageCoreNanoSeconds: sum(pods, (p) => p.cpu?.usageCoreNanoSeconds) },
    memory: {
      time, availableBytes: Math.max(0, source.memoryBytes - workingSetBytes), usageBytes: sum(pods, (p) => p.memory?.usageBytes),
      workingSetBytes, rssBytes: sum(pods, (p) => p.memory?.rssBytes), pageFaults: 0, majorPageFaults: 0,
    },
  };
  if (cpuAndMemoryOnly) return node;
  const counter = (pick: (n: NetworkStats) => number | undefined) => sum(pods, (p) => p.network && pick(p.network));
  node.network = {
    time, name: 'eth0', rxBytes: counter((n) => n.rxBytes), rxErrors: counter((n) => n.rxErrors), txBytes: counter((n) => n.txBytes), txErrors: counter((n) => n.txErrors),
  };
  node.network.interfaces = [{ name: 'eth0', rxBytes: node.network.rxBytes, rxErrors: node.network.rxErrors, txBytes: node.network.txBytes, txErrors: node.network.txErrors }];
  const used = sum(pods, (p) => p['ephemeral-storage']?.usedBytes);
  node.fs = { time, capacityBytes: source.ephemeralStorageBytes, availableBytes: Math.max(0, source.ephemeralStorageBytes - used), usedBytes: used };
  return node;
}

/** The summary of a node; with `cpuAndMemoryOnly`, only what /metrics/resource needs. */
export async function buildSummary(source: SummarySource, rates: CpuRates, cpuAndMemoryOnly = false): Promise<Summary> {
  const [sample, fsInfo] = await Promise.all([
    runtimeSample(source.cri.runtime),
    cpuAndMemoryOnly ? undefined : source.cri.image.imageFsInfo({}),
  ]);
  const imageUsage = fsInfo?.imageFilesystems[0];
  const containerUsage = fsInfo?.containerFilesystems[0] ?? imageUsage;
  const [imageFsSize, containerFsSize, logFs, rootFs] = cpuAndMemoryOnly ? [] : await Promise.all([
    filesystemSize(imageUsage?.fsId?.mountpoint ?? source.rootDir),
    filesystemSize(containerUsage?.fsId?.mountpoint ?? source.rootDir),
    filesystemSize(source.logDir),
    filesystemSize(source.rootDir),
  ]);
  const pods = await podsOf(sample, {
    rates, logDir: source.logDir, rootDir: source.rootDir, cpuAndMemoryOnly, containerFs: containerFsSize, logFs, rootFs,
  });
  const node = source.nodeUsage === 'host' ? await hostNode(source, rates, cpuAndMemoryOnly) : simulatedNode(source, pods, cpuAndMemoryOnly);
  if (!cpuAndMemoryOnly) {
    const imageFs = runtimeFs(imageUsage, imageFsSize);
    const containerFs = runtimeFs(containerUsage, containerFsSize);
    node.runtime = { ...(imageFs ? { imageFs } : {}), ...(containerFs ? { containerFs } : {}) };
  }
  return { node, pods };
}
