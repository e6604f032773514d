// A real node's own figures, read from the kernel as cadvisor reads the root cgroup: CPU time
// from /proc/stat (every state but idle and iowait), memory from /proc/meminfo (working set is
// what is in use less the inactive file cache), page faults from /proc/vmstat, traffic from
// /proc/net/dev, boot time from /proc/stat's btime; and any filesystem's size from statfs.
import { readFile, statfs } from 'node:fs/promises';

/** Clock ticks per second of /proc/stat (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

export interface HostCpu {
  usageCoreNanoSeconds: number;
  bootTimeSeconds: number;
}

export interface HostMemory {
  totalBytes: number;
  usageBytes: number;
  workingSetBytes: number;
  rssBytes: number;
  availableBytes: number;
  pageFaults: number;
  majorPageFaults: number;
}

export interface InterfaceCounters {
  name: string;
  rxBytes: number;
  rxErrors: number;
  txBytes: number;
  txErrors: number;
}

export interface FsSize {
  capacityBytes: number;
  availableBytes: number;
  usedBytes: number;
  inodes: number;
  inodesFree: number;
  inodesUsed: number;
}

/** Parses /proc/stat's aggregate cpu line and btime. */
export function parseProcStat(text: string): HostCpu {
  const cpu = /^cpu\s+(.*)$/m.exec(text)?.[1].trim().split(/\s+/).map(Number) ?? [];
  // user nice system idle iowait irq softirq steal (guest time is counted in user already)
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = cpu;
  const busyTicks = user + nice + system + irq + softirq + steal;
  return { usageCoreNanoSeconds: busyTicks * (1e9 / USER_HZ), bootTimeSeconds: Number(/^btime\s+(\d+)/m.exec(text)?.[1] ?? 0) };
}

function keyedNumbers(text: string, separator: RegExp): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [key, value] = line.split(separator);
    if (key && value !== undefined) values.set(key.trim(), Number.parseInt(value.trim(), 10));
  }
  return values;
}

/** Parses /proc/meminfo (kB figures) and /proc/vmstat. */
export function parseMemory(meminfo: string, vmstat: string): HostMemory {
  const kb = keyedNumbers(meminfo, /:/);
  const bytes = (key: string) => (kb.get(key) ?? 0) * 1024;
  const vm = keyedNumbers(vmstat, / /);
  const totalBytes = bytes('MemTotal');
  const usageBytes = totalBytes - bytes('MemFree');
  const workingSetBytes = Math.max(0, usageBytes - bytes('Inactive(file)'));
  return {
    totalBytes, usageBytes, workingSetBytes,
    rssBytes: bytes('AnonPages'),
    availableBytes: Math.max(0, totalBytes - workingSetBytes),
    pageFaults: vm.get('pgfault') ?? 0,
    majorPageFaults: vm.get('pgmajfault') ?? 0,
  };
}

/** Interfaces that are not the node's own traffic (as cadvisor leaves them out): loopback and
 * the host ends of containers' veth pairs. */
const IGNORED_INTERFACES = /^(lo|veth|docker|nerdctl)/;

/** Parses /proc/net/dev: the node's own interfaces. */
export function parseNetDev(text: string): InterfaceCounters[] {
  return text.split('\n').slice(2).flatMap((line) => {
    const colon = line.indexOf(':');
    if (colon < 0) return [];
    const name = line.slice(0, colon).trim();
    const f = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    return IGNORED_INTERFACES.test(name) ? [] : [{ name, rxBytes: f[0], rxErrors: f[2], txBytes: f[8], txErrors: f[10] }];
  });
}

export async function hostCpu(): Promise<HostCpu> {
  return parseProcStat(await readFile('/proc/stat', 'utf8'));
}

export async function hostMemory(): Promise<HostMemory> {
  const [meminfo, vmstat] = await Promise.all([readFile('/proc/meminfo', 'utf8'), readFile('/proc/vmstat', 'utf8').catch(() => '')]);
  return parseMemory(meminfo, vmstat);
}

export async function hostInterfaces(): Promise<InterfaceCounters[]> {
  return parseNetDev(await readFile('/proc/net/dev', 'utf8').catch(() => ''));
}

/** The size of the filesystem holding `path`, or undefined when it cannot be read. */
export async function filesystemSize(path: string): Promise<FsSize | undefined> {
  try {
    const fs = await statfs(path);
    return {
      capacityBytes: fs.blocks * fs.bsize,
      availableBytes: fs.bavail * fs.bsize,
      usedBytes: (fs.blocks - fs.bfree) * fs.bsize,
      inodes: fs.files,
      inodesFree: fs.ffree,
      inodesUsed: fs.files - fs.ffree,
    };
  } catch {
    return undefined;
  }
}
