// One pass of bringing a pod's containers to its spec, as upstream's SyncPod: set the volumes
// up, make sure a ready sandbox exists (a new one when the last died, unless the pod is done),
// write the managed /etc/hosts, run the init containers one at a time, then start, keep and
// restart the regular containers by restartPolicy, with CrashLoopBackOff between crashes, a
// restart when the spec changes or liveness fails. terminate() stops everything within the
// grace period; cleanUp() removes what the runtime and the node hold for a pod that is gone.
// Every pass ends with the pod's status as the runtime now shows it.
import type { V1Container, V1Pod, V1PodStatus } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { removePodCgroups } from '../../cri/containerd/podCgroups.js';
import type { Cri } from '../../cri/services.js';
import type { ContainerStatus, PodSandboxStatus } from '../../cri/types.js';
import { containerConfig } from '../containers/containerConfig.js';
import { ContainerConfigError, containerEnvironment, type EnvironmentSources, type NodeAllocatable } from '../containers/environment.js';
import { ImagePuller } from '../containers/imagePuller.js';
import { formatBackoff, RestartBackoff } from '../containers/restartBackoff.js';
import { CONTAINER_HASH, containerHash, TERMINATION_GRACE_PERIOD } from '../containers/runtimeLabels.js';
import { podCgroupParent } from '../containers/resources.js';
import { podDirectory, setUpPodVolumes, type ClaimSources } from '../volumes/podVolumes.js';
import { VolumeSetupError, type VolumeSources } from '../volumes/projection.js';
import { unmountUnder } from '../volumes/tmpfs.js';
import { WrittenFiles } from '../volumes/writtenFiles.js';
import { hostsFile } from './hostsFile.js';
import { containerEvents, podReference, type EventSink } from './podEvents.js';
import { podStatus, type Waiting } from './podStatus.js';
import { readRuntimePod, readySandbox, restartCountOf, type RuntimePod } from './runtimePod.js';
import { sandboxConfig } from './sandboxConfig.js';
import { runHook } from './lifecycleHooks.js';

export interface NodeContext {
  nodeName: string;
  hostIPs: string[];
  allocatable: NodeAllocatable;
  memoryCapacityBytes: number;
  /** The kubelet's root directory (pods' volumes and files). */
  rootDir: string;
  /** Where container logs go (upstream's /var/log/pods). */
  logDir: string;
  /** The runtime's name in container IDs (`containerd://...`). */
  runtimeName: string;
  /** Whether emptyDir volumes of medium Memory are mounted as tmpfs (real nodes; simulated
   * containers never see them). */
  mountTmpfs: boolean;
  dns: { servers: string[]; searches: string[]; options: string[] };
}

export type KubeletSources = EnvironmentSources & VolumeSources & ClaimSources;

/** What the probers know of a pod's containers. */
export interface ProbeStates {
  readiness(uid: string): ReadonlyMap<string, boolean>;
  started(uid: string): ReadonlyMap<string, boolean>;
  /** Whether liveness has failed for this container (by its runtime ID). */
  livenessFailed(uid: string, containerId: string): boolean;
}

export interface SyncResult {
  status: V1PodStatus;
  /** The running containers by name (what the probers watch). */
  running: Map<string, ContainerStatus>;
  /** When to sync again at the latest (a back-off ending, a retry), ms from now. */
  retryInMs?: number;
}

const CONFIG_RETRY_MS = 5_000;

/** Rewrites a file only when its content changes: containers see it through a bind mount of
 * this very inode, so it is written in place, and never truncated needlessly under a reader.
 * A file not there yet is made in one call. */
async function writeIfChanged(path: string, content: string): Promise<void> {
  try {
    await writeFile(path, content, { flag: 'wx' });
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      await mkdir(dirname(path), { recursive: true });
      return writeFile(path, content, { flag: 'wx' });
    }
    if (code !== 'EEXIST') throw error;
  }
  if ((await readFile(path, 'utf8')) !== content) await writeFile(path, content);
}

function runningContainers(runtime: RuntimePod): Map<string, ContainerStatus> {
  const out = new Map<string, ContainerStatus>();
  for (const [name, [current]] of runtime.containers) if (current?.state === 'CONTAINER_RUNNING') out.set(name, current);
  return out;
}
const nanos = (ns: number) => Math.floor(ns / 1e6);

export class PodSyncer {
  private readonly puller: ImagePuller;
  private readonly crashBackoff = new RestartBackoff();
  private readonly sandboxBackoff = new RestartBackoff(1_000, 60_000);
  /** What this kubelet wrote of each pod's volumes and files. */
  private readonly written = new WrittenFiles();

  constructor(
    private readonly cri: Cri,
    private readonly node: NodeContext,
    private readonly sources: KubeletSources,
    private readonly events: EventSink,
    private readonly probes: ProbeStates,
  ) {
    this.puller = new ImagePuller(cri);
  }

  logDirectory(pod: V1Pod): string {
    const { namespace, name, uid } = pod.metadata!;
    return join(this.node.logDir, `${namespace}_${name}_${uid}`);
  }

  async sync(pod: V1Pod): Promise<SyncResult> {
    const uid = pod.metadata!.uid!;
    const waiting = new Map<string, Waiting>();
    const retries: number[] = [];
    let runtime = await readRuntimePod(this.cri, uid);
    const finish = (): SyncResult => ({
      status: this.status(pod, runtime, waiting),
      running: runningContainers(runtime),
      ...(retries.length > 0 ? { retryInMs: Math.min(...retries) } : {}),
    });

    let volumes: Map<string, string>;
    try {
      volumes = await setUpPodVolumes(this.node.rootDir, pod, this.sources, this.node.allocatable, this.node.mountTmpfs, this.written);
    } catch (error) {
      if (!(error instanceof VolumeSetupError)) throw error;
      this.events.event(podReference(pod), 'Warning', 'FailedMount', `MountVolume.SetUp failed for volume "${error.volume}" : ${error.message}`);
      retries.push(CONFIG_RETRY_MS);
      return finish();
    }

    let sandbox = readySandbox(runtime);
    if (!sandbox) {
      if (runtime.sandboxes.length > 0 && this.isDone(pod, runtime)) return finish();
      const created = await this.createSandbox(pod, runtime, retries);
      runtime = await readRuntimePod(this.cri, uid);
      sandbox = created ? readySandbox(runtime) : undefined;
      if (!sandbox) return finish();
    }
    const podIPs = [sandbox.network?.ip, ...(sandbox.network?.additionalIps ?? []).map((i) => i.ip)].filter((ip): ip is string => !!ip);
    const hosts = pod.spec?.hostNetwork ? undefined : join(podDirectory(this.node.rootDir, uid), 'etc-hosts');
    if (hosts) {
      const content = hostsFile(pod, podIPs);
      if (!this.written.unchanged(uid, hosts, content)) {
        await writeIfChanged(hosts, content);
        this.written.record(uid, hosts, content);
      }
    }
    const withIPs: V1Pod = { ...pod, status: { ...pod.status, podIP: podIPs[0], podIPs: podIPs.map((ip) => ({ ip })), hostIP: this.node.hostIPs[0] } };
    const start = (container: V1Container, restartCount: number) =>
      this.startContainer(withIPs, container, restartCount, sandbox, volumes, hosts, waiting, retries);

    for (const container of pod.spec?.initContainers ?? []) {
      const [current] = runtime.containers.get(container.name) ?? [];
      const sidecar = container.restartPolicy === 'Always';
      if (current?.state === 'CONTAINER_EXITED' && current.exitCode === 0 && !sidecar) continue;
      if (current?.state === 'CONTAINER_RUNNING') {
        if (sidecar && this.probes.started(uid).get(container.name) !== false) continue;
        return this.waitForInit(pod, runtime, waiting, finish);
      }
      if (current?.state === 'CONTAINER_EXITED' && pod.spec?.restartPolicy === 'Never' && !sidecar) return finish();
      if (current?.state === 'CONTAINER_EXITED' && !this.restartDue(pod, container, current, waiting, retries)) {
        return this.waitForInit(pod, runtime, waiting, finish);
      }
      await start(container, current ? restartCountOf(current) + 1 : 0);
      runtime = await readRuntimePod(this.cri, uid);
      return this.waitForInit(pod, runtime, waiting, finish);
    }

    let changed = false;
    for (const container of pod.spec!.containers) {
      const [current] = runtime.containers.get(container.name) ?? [];
      if (current?.state === 'CONTAINER_RUNNING') {
        const stale = current.annotations[CONTAINER_HASH] !== containerHash(container);
        const unhealthy = this.probes.livenessFailed(uid, current.id);
        if (!stale && !unhealthy) continue;
        const message = stale
          ? `Container ${container.name} definition changed, will be restarted`
          : `Container ${container.name} failed liveness probe, will be restarted`;
        await this.killContainer(pod, container, current, this.gracePeriod(pod), message);
        retries.push(0);
        changed = true;
        continue;
      }
      if (current?.state === 'CONTAINER_EXITED') {
        if (!this.shouldRestart(pod, current)) continue;
        if (!this.restartDue(pod, container, current, waiting, retries)) continue;
        await start(container, restartCountOf(current) + 1);
      } else if (current?.state === 'CONTAINER_CREATED') {
        await this.cri.runtime.removeContainer({ containerId: current.id });
        await start(container, restartCountOf(current));
      } else {
        await start(container, 0);
      }
      changed = true;
    }
    if (changed) runtime = await readRuntimePod(this.cri, uid);
    return finish();
  }

  /** Stops every container (with preStop hooks) and sandbox of the pod within the grace period;
   * the status then shows the pod terminal: Succeeded if every container exited 0, else Failed. */
  async terminate(pod: V1Pod, gracePeriodSeconds = this.gracePeriod(pod)): Promise<SyncResult> {
    const uid = pod.metadata!.uid!;
    let runtime = await readRuntimePod(this.cri, uid);
    const byName = new Map([...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => [c.name, c]));
    await Promise.all([...runtime.containers.entries()].flatMap(([name, list]) => list
      .filter((s) => s.state === 'CONTAINER_RUNNING')
      .map((s) => this.killContainer(pod, byName.get(name), s, gracePeriodSeconds, `Stopping container ${name}`))));
    for (const sandbox of runtime.sandboxes) {
      if (sandbox.state === 'SANDBOX_READY') await this.cri.runtime.stopPodSandbox({ podSandboxId: sandbox.id });
    }
    runtime = await readRuntimePod(this.cri, uid);
    const status = this.status(pod, runtime, new Map());
    const succeeded = (status.containerStatuses ?? []).every((c) => c.state?.terminated?.exitCode === 0);
    return { status: { ...status, phase: succeeded ? 'Succeeded' : 'Failed' }, running: new Map() };
  }

  /** Removes a gone pod's containers, sandboxes, files, logs and cgroups. */
  async cleanUp(pod: V1Pod): Promise<void> {
    const uid = pod.metadata!.uid!;
    const runtime = await readRuntimePod(this.cri, uid);
    for (const list of runtime.containers.values()) {
      for (const s of list) await this.cri.runtime.removeContainer({ containerId: s.id }).catch(() => undefined);
    }
    for (const sandbox of runtime.sandboxes) {
      await this.cri.runtime.stopPodSandbox({ podSandboxId: sandbox.id }).catch(() => undefined);
      await this.cri.runtime.removePodSandbox({ podSandboxId: sandbox.id }).catch(() => undefined);
    }
    await unmountUnder(podDirectory(this.node.rootDir, uid));
    await rm(podDirectory(this.node.rootDir, uid), { recursive: true, force: true });
    this.written.forget(uid);
    await rm(this.logDirectory(pod), { recursive: true, force: true });
    await removePodCgroups(podCgroupParent(pod));
    this.crashBackoff.forget(uid);
  }

  private status(pod: V1Pod, runtime: RuntimePod, waiting: Map<string, Waiting>): V1PodStatus {
    const uid = pod.metadata!.uid!;
    return podStatus(pod, runtime, {
      runtimeName: this.node.runtimeName,
      hostIPs: this.node.hostIPs,
      waiting,
      readiness: this.probes.readiness(uid),
      started: this.probes.started(uid),
      now: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    });
  }

  private waitForInit(pod: V1Pod, _runtime: RuntimePod, waiting: Map<string, Waiting>, finish: () => SyncResult): SyncResult {
    for (const c of pod.spec!.containers) if (!waiting.has(c.name)) waiting.set(c.name, { reason: 'PodInitializing' });
    return finish();
  }

  private gracePeriod(pod: V1Pod): number {
    return pod.metadata?.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
  }

  private shouldRestart(pod: V1Pod, exited: ContainerStatus): boolean {
    const policy = pod.spec?.restartPolicy ?? 'Always';
    return policy === 'Always' || (policy === 'OnFailure' && exited.exitCode !== 0);
  }

  /** Whether every container has run its course and none is to be restarted. */
  private isDone(pod: V1Pod, runtime: RuntimePod): boolean {
    return pod.spec!.containers.every((c) => {
      const [current] = runtime.containers.get(c.name) ?? [];
      return current?.state === 'CONTAINER_EXITED' && !this.shouldRestart(pod, current);
    });
  }

  /** Whether an exited container may start again now; if not, it waits in CrashLoopBackOff. */
  private restartDue(pod: V1Pod, container: V1Container, exited: ContainerStatus, waiting: Map<string, Waiting>, retries: number[]): boolean {
    const { name, namespace, uid } = pod.metadata!;
    const key = `${uid}/${container.name}`;
    const left = this.crashBackoff.remaining(key, nanos(exited.finishedAt) || Date.now());
    if (left === 0) {
      this.crashBackoff.failed(key);
      return true;
    }
    const delay = formatBackoff(this.crashBackoff.delay(key));
    waiting.set(container.name, { reason: 'CrashLoopBackOff', message: `back-off ${delay} restarting failed container=${container.name} pod=${name}_${namespace}(${uid})` });
    containerEvents(this.events, pod, container.name).warning('BackOff', `Back-off restarting failed container ${container.name} in pod ${name}_${namespace}(${uid})`);
    retries.push(left);
    return false;
  }

  private async createSandbox(pod: V1Pod, runtime: RuntimePod, retries: number[]): Promise<boolean> {
    const uid = pod.metadata!.uid!;
    const left = this.sandboxBackoff.remaining(uid);
    if (left > 0) {
      retries.push(left);
      return false;
    }
    for (const list of runtime.containers.values()) {
      for (const s of list.filter((c) => c.state === 'CONTAINER_RUNNING')) await this.cri.runtime.stopContainer({ containerId: s.id, timeout: 0 });
    }
    for (const old of runtime.sandboxes) if (old.state === 'SANDBOX_READY') await this.cri.runtime.stopPodSandbox({ podSandboxId: old.id });
    const logDirectory = this.logDirectory(pod);
    await mkdir(logDirectory, { recursive: true });
    try {
      await this.cri.runtime.runPodSandbox({ config: sandboxConfig(pod, runtime.sandboxes.length, logDirectory, this.node.dns) });
      this.sandboxBackoff.forget(uid);
      return true;
    } catch (error) {
      this.events.event(podReference(pod), 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: ${(error as { details?: string }).details ?? (error as Error).message}`);
      retries.push(this.sandboxBackoff.failed(uid));
      return false;
    }
  }

  private async startContainer(
    pod: V1Pod, container: V1Container, restartCount: number, sandbox: PodSandboxStatus,
    volumes: Map<string, string>, hosts: string | undefined, waiting: Map<string, Waiting>, retries: number[],
  ): Promise<void> {
    const uid = pod.metadata!.uid!;
    const events = containerEvents(this.events, pod, container.name);
    const pulled = await this.puller.ensure(container, uid, events);
    if ('waiting' in pulled) {
      waiting.set(container.name, pulled.waiting);
      if (pulled.retryInMs !== undefined) retries.push(pulled.retryInMs);
      return;
    }
    const fail = (reason: string, message: string, retryMs: number) => {
      events.warning('Failed', `Error: ${message}`);
      waiting.set(container.name, { reason, message });
      retries.push(retryMs);
    };
    let env: Map<string, string>;
    try {
      env = await containerEnvironment(pod, container, this.sources, this.node.allocatable);
    } catch (error) {
      if (!(error instanceof ContainerConfigError)) throw error;
      return fail('CreateContainerConfigError', error.message, CONFIG_RETRY_MS);
    }
    const containerDir = join(podDirectory(this.node.rootDir, uid), 'containers', container.name);
    await mkdir(containerDir, { recursive: true });
    const terminationMessageFile = join(containerDir, randomBytes(4).toString('hex'));
    await writeFile(terminationMessageFile, '', { mode: 0o666 });
    let containerId: string;
    try {
      const config = containerConfig(pod, container, restartCount, env, { volumes, hostsFile: hosts, terminationMessageFile }, pulled.imageRef, this.node.memoryCapacityBytes);
      const sandboxConf = sandboxConfig(pod, sandbox.metadata?.attempt ?? 0, this.logDirectory(pod), this.node.dns);
      ({ containerId } = await this.cri.runtime.createContainer({ podSandboxId: sandbox.id, config, sandboxConfig: sandboxConf }));
    } catch (error) {
      if (error instanceof ContainerConfigError) return fail('CreateContainerConfigError', error.message, CONFIG_RETRY_MS);
      return fail('CreateContainerError', (error as { details?: string }).details ?? (error as Error).message, CONFIG_RETRY_MS);
    }
    events.normal('Created', `Created container: ${container.name}`);
    try {
      await this.cri.runtime.startContainer({ containerId });
    } catch (error) {
      events.warning('Failed', `Error: ${(error as { details?: string }).details ?? (error as Error).message}`);
      retries.push(0);
      return;
    }
    events.normal('Started', `Started container ${container.name}`);
    const postStart = container.lifecycle?.postStart;
    if (postStart) {
      const failure = await runHook(this.cri, pod, containerId, postStart, this.gracePeriod(pod));
      if (failure !== undefined) {
        events.warning('FailedPostStartHook', 'PostStartHook failed');
        await this.cri.runtime.stopContainer({ containerId, timeout: this.gracePeriod(pod) });
      }
    }
  }

  private async killContainer(pod: V1Pod, container: V1Container | undefined, status: ContainerStatus, graceSeconds: number, message: string): Promise<void> {
    const name = container?.name ?? status.metadata?.name ?? '';
    containerEvents(this.events, pod, name).normal('Killing', message);
    const started = Date.now();
    const preStop = container?.lifecycle?.preStop;
    if (preStop && graceSeconds > 0) {
      const failure = await runHook(this.cri, pod, status.id, preStop, graceSeconds);
      if (failure !== undefined) containerEvents(this.events, pod, name).warning('FailedPreStopHook', `PreStopHook failed`);
    }
    const grace = Number(status.annotations[TERMINATION_GRACE_PERIOD] ?? graceSeconds);
    const left = Math.max(2, Math.min(graceSeconds, grace) - Math.floor((Date.now() - started) / 1000));
    await this.cri.runtime.stopContainer({ containerId: status.id, timeout: graceSeconds === 0 ? 0 : left });
  }
}
