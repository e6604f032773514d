// Notices what changes in the runtime on its own (a container exiting, a sandbox dying), as
// upstream's PLEG: every period it lists the node's containers and sandboxes, and wakes the
// worker of each pod whose containers or sandboxes changed state since the last look.
import type { Cri } from '../../cri/services.js';
import { logger } from '../../log/index.js';
import { POD_UID } from '../containers/runtimeLabels.js';

const log = logger('relister');

export class RuntimeRelister {
  private states = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly cri: Cri, private readonly wake: (uid: string) => void, private readonly periodMs = 1_000) {}

  start(): void {
    const tick = async () => {
      await this.relist().catch((error: Error) => log.warn('relist failed', { error: error.message }));
      if (this.timer) this.timer = setTimeout(tick, this.periodMs);
    };
    this.timer = setTimeout(tick, this.periodMs);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  async relist(): Promise<void> {
    const [{ containers }, { items }] = await Promise.all([this.cri.runtime.listContainers({}), this.cri.runtime.listPodSandbox({})]);
    const next = new Map<string, string>();
    for (const c of containers) next.set(c.id, `${c.labels[POD_UID]}\t${c.state}`);
    for (const s of items) next.set(s.id, `${s.labels[POD_UID]}\t${s.state}`);
    const changed = new Set<string>();
    for (const [id, state] of next) if (this.states.get(id) !== state) changed.add(state.split('\t')[0]);
    for (const [id, state] of this.states) if (!next.has(id)) changed.add(state.split('\t')[0]);
    this.states = next;
    for (const uid of changed) if (uid && uid !== 'undefined') this.wake(uid);
  }

  /** The pod UIDs the runtime holds anything of. */
  podUids(): Set<string> {
    return new Set([...this.states.values()].map((s) => s.split('\t')[0]).filter((uid) => uid && uid !== 'undefined'));
  }
}
