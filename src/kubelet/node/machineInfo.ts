// What a node has to offer, as the kubelet reports it in the Node's capacity and nodeInfo: read
// from this machine, or made up for a simulated node.
import { readFileSync } from 'node:fs';
import { cpus, hostname, release, totalmem } from 'node:os';
import { randomUUID } from 'node:crypto';

export interface MachineInfo {
  cpuCores: number;
  memoryBytes: number;
  ephemeralStorageBytes: number;
  maxPods: number;
  machineID: string;
  systemUUID: string;
  bootID: string;
  kernelVersion: string;
  osImage: string;
  architecture: string;
}

function readTrimmed(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function osImage(): string {
  const release = readTrimmed('/etc/os-release') ?? '';
  return /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(release)?.[1] ?? 'Linux';
}

export function goArch(arch: string = process.arch): string {
  return arch === 'x64' ? 'amd64' : arch === 'ia32' ? '386' : arch;
}

/** This machine, as upstream's cadvisor-backed machine info describes it. */
export function thisMachine(ephemeralStorageBytes: number, maxPods = 110): MachineInfo {
  return {
    cpuCores: cpus().length,
    memoryBytes: totalmem(),
    ephemeralStorageBytes,
    maxPods,
    machineID: readTrimmed('/etc/machine-id') ?? hostname(),
    systemUUID: readTrimmed('/sys/class/dmi/id/product_uuid') ?? readTrimmed('/etc/machine-id') ?? hostname(),
    bootID: readTrimmed('/proc/sys/kernel/random/boot_id') ?? randomUUID(),
    kernelVersion: release(),
    osImage: osImage(),
    architecture: goArch(),
  };
}

/** A simulated machine of the given size (kwok's default node is 32 CPUs, 256 GiB, 110 pods). */
export function simulatedMachine(name: string, size: Partial<Pick<MachineInfo, 'cpuCores' | 'memoryBytes' | 'maxPods'>> = {}): MachineInfo {
  return {
    cpuCores: size.cpuCores ?? 32,
    memoryBytes: size.memoryBytes ?? 256 * 1024 ** 3,
    ephemeralStorageBytes: 100 * 1024 ** 3,
    maxPods: size.maxPods ?? 110,
    machineID: name,
    systemUUID: name,
    bootID: randomUUID(),
    kernelVersion: release(),
    osImage: 'kubets simulated node',
    architecture: goArch(),
  };
}
