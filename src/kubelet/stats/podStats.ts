// The pods part of the summary, from the runtime's stats: one entry per ready sandbox, with its
// running containers (CPU, memory, writable layer, log files) and the sandbox's own CPU, memory,
// network and process figures (summed from its containers when the runtime gives no sandbox
// stats) and its volumes on the node's disk. usageNanoCores is the runtime's when it gives one, else computed from two samples.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type * as cri from '../../cri/types.js';
import type { CpuRates } from './cpuRate.js';
import type { FsSize } from './hostUsage.js';
import type { ContainerStats, CpuStats, MemoryStats, NetworkStats, PodStats } from './summaryTypes.js';
import { volumeStats } from './volumeStats.js';

/** What the runtime says about a node's pods at one moment. */
export interface RuntimeSample {
  sandboxes: cri.PodSandbox[];
  containers: cri.Container[];
  containerStats: cri.ContainerStats[];
  /** Undefined when the runtime does not implement ListPodSandboxStats. */
  sandboxStats: cri.PodSandboxStats[] | undefined;
}

export interface PodStatsContext {
  rates: CpuRates;
  /** Where the kubelet writes pods' container logs (`<ns>_<name>_<uid>/<container>/`). */
  logDir: string;
  /** The kubelet's root (pods' volumes are under `pods/<uid>/volumes`), and its filesystem. */
  rootDir: string;
  rootFs?: FsSize;
  /** CPU and memory only: no filesystem or network figures (for /metrics/resource). */
  cpuAndMemoryOnly: boolean;
  /** The filesystem of containers' writable layers, and of the log directory. */
  containerFs?: FsSize;
  logFs?: FsSize;
}

/** A CRI timestamp (ns) as RFC 3339; a runtime that leaves it unset (0) means "now". */
export const isoTime = (nanos: number) => (nanos > 0 ? new Date(Math.round(nanos / 1e6)) : new Date()).toISOString();
const value = (v: cri.UInt64Value | null | undefined) => v?.value;

export function cpuStats(usage: cri.CpuUsage, key: string, rates: CpuRates): CpuStats {
  const total = value(usage.usageCoreNanoSeconds) ?? 0;
  const computed = rates.rate(key, total, usage.timestamp);
  const given = value(usage.usageNanoCores);
  const nanoCores = given !== undefined && given > 0 ? given : computed;
  return { time: isoTime(usage.timestamp), usageCoreNanoSeconds: total, ...(nanoCores !== undefined ? { usageNanoCores: nanoCores } : {}) };
}

function memoryStats(usage: cri.MemoryUsage): MemoryStats {
  const available = value(usage.availableBytes);
  return {
    time: isoTime(usage.timestamp),
    ...(available ? { availableBytes: available } : {}),
    usageBytes: value(usage.usageBytes) ?? 0,
    workingSetBytes: value(usage.workingSetBytes) ?? 0,
    rssBytes: value(usage.rssBytes) ?? 0,
    pageFaults: value(usage.pageFaults) ?? 0,
    majorPageFaults: value(usage.majorPageFaults) ?? 0,
  };
}

const capacityOf = (size: FsSize | undefined) => size
  ? { capacityBytes: size.capacityBytes, availableBytes: size.availableBytes, inodes: size.inodes, inodesFree: size.inodesFree } : {};

/** The bytes and files of a directory's regular files (a container's log directory). */
async function directoryUsage(path: string): Promise<{ bytes: number; files: number }> {
  const names = await readdir(path).catch(() => [] as string[]);
  const sizes = await Promise.all(names.map((name) => stat(join(path, name)).then((s) => s.size, () => 0)));
  return { bytes: sizes.reduce((sum, size) => sum + size, 0), files: names.length };
}

function sum<T>(items: T[], pick: (item: T) => number | undefined): number {
  return items.reduce((total, item) => total + (pick(item) ?? 0), 0);
}

/** A pod's CPU and memory as the sum of its containers' (and the latest of their times). */
function summedUsage(containers: ContainerStats[], now: string): { cpu: CpuStats; memory: MemoryStats } {
  const latest = (times: (string | undefined)[]) => times.filter((t): t is string => t !== undefined).sort().at(-1) ?? now;
  return {
    cpu: {
      time: latest(containers.map((c) => c.cpu?.time)),
      usageCoreNanoSeconds: sum(containers, (c) => c.cpu?.usageCoreNanoSeconds),
      usageNanoCores: sum(containers, (c) => c.cpu?.usageNanoCores),
    },
    memory: {
      time: latest(containers.map((c) => c.memory?.time)),
      usageBytes: sum(containers, (c) => c.memory?.usageBytes),
      workingSetBytes: sum(containers, (c) => c.memory?.workingSetBytes),
      rssBytes: sum(containers, (c) => c.memory?.rssBytes),
    },
  };
}

function networkStats(usage: cri.NetworkUsage): NetworkStats | undefined {
  const main = usage.defaultInterface;
  if (!main) return undefined;
  const counters = (i: cri.NetworkInterfaceUsage) => ({
    name: i.name, rxBytes: value(i.rxBytes) ?? 0, rxErrors: value(i.rxErrors) ?? 0, txBytes: value(i.txBytes) ?? 0, txErrors: value(i.txErrors) ?? 0,
  });
  const interfaces = usage.interfaces.length > 0 ? usage.interfaces.map(counters) : [counters(main)];
  return { time: isoTime(usage.timestamp), ...counters(main), interfaces };
}

async function containerStats(container: cri.Container, stats: cri.ContainerStats | undefined, logDirectory: string, context: PodStatsContext): Promise<ContainerStats> {
  const name = container.metadata?.name ?? '';
  const result: ContainerStats = { name, startTime: isoTime(container.createdAt) };
  if (stats?.cpu) result.cpu = cpuStats(stats.cpu, `container/${container.id}`, context.rates);
  if (stats?.memory) result.memory = memoryStats(stats.memory);
  if (context.cpuAndMemoryOnly) return result;
  const layer = stats?.writableLayer;
  if (layer) {
    result.rootfs = { time: isoTime(layer.timestamp), ...capacityOf(context.containerFs), usedBytes: value(layer.usedBytes) ?? 0, inodesUsed: value(layer.inodesUsed) ?? 0 };
  }
  const logs = await directoryUsage(join(logDirectory, name));
  result.logs = { time: new Date().toISOString(), ...capacityOf(context.logFs), usedBytes: logs.bytes, inodesUsed: logs.files };
  return result;
}

async function podStats(sandbox: cri.PodSandbox, sample: RuntimeSample, context: PodStatsContext): Promise<PodStats> {
  const { name = '', namespace = '', uid = '' } = sandbox.metadata ?? {};
  const logDirectory = join(context.logDir, `${namespace}_${name}_${uid}`);
  const running = sample.containers.filter((c) => c.podSandboxId === sandbox.id);
  const containers = await Promise.all(running.map((c) =>
    containerStats(c, sample.containerStats.find((s) => s.attributes?.id === c.id), logDirectory, context)));
  const now = new Date().toISOString();
  const own = sample.sandboxStats?.find((s) => s.attributes?.id === sandbox.id)?.linux;
  const summed = summedUsage(containers, now);
  const pod: PodStats = {
    podRef: { name, namespace, uid },
    startTime: isoTime(sandbox.createdAt),
    containers,
    cpu: own?.cpu ? cpuStats(own.cpu, `pod/${sandbox.id}`, context.rates) : summed.cpu,
    memory: own?.memory ? memoryStats(own.memory) : summed.memory,
  };
  if (context.cpuAndMemoryOnly) return pod;
  const network = own?.network && networkStats(own.network);
  if (network) pod.network = network;
  const volumes = await volumeStats(context.rootDir, uid, context.rootFs);
  if (volumes.length > 0) pod.volume = volumes;
  const used = sum(containers, (c) => (c.rootfs?.usedBytes ?? 0) + (c.logs?.usedBytes ?? 0)) + sum(volumes, (v) => v.usedBytes);
  const inodesUsed = sum(containers, (c) => (c.rootfs?.inodesUsed ?? 0) + (c.logs?.inodesUsed ?? 0)) + sum(volumes, (v) => v.inodesUsed);
  pod['ephemeral-storage'] = { time: now, ...capacityOf(context.containerFs), usedBytes: used, inodesUsed };
  const processes = value(own?.process?.processCount);
  if (processes !== undefined) pod.process_stats = { process_count: processes };
  return pod;
}

/** Every ready sandbox's pod, with its running containers. */
export async function podsOf(sample: RuntimeSample, context: PodStatsContext): Promise<PodStats[]> {
  const pods = await Promise.all(sample.sandboxes.map((sandbox) => podStats(sandbox, sample, context)));
  context.rates.retain(new Set([
    ...sample.sandboxes.map((s) => `pod/${s.id}`),
    ...sample.containers.map((c) => `container/${c.id}`),
    'node',
  ]));
  return pods;
}
