// Runs a benchmark worker (a .ts file here) in a child process of its own — `node --expose-gc
// --import tsx` with an IPC channel — so its heap and event loop hold nothing but what it
// measures. The parent and the worker exchange plain JSON messages.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export class Worker<In, Out> {
  private readonly child: ChildProcess;
  private readonly inbox: unknown[] = [];
  private waiter: { resolve: (message: unknown) => void; reject: (error: Error) => void } | undefined;
  private exitError: Error | undefined;

  constructor(file: string) {
    this.child = fork(fileURLToPath(new URL(file, import.meta.url)), [], {
      execArgv: ['--expose-gc', '--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (message) => {
      if (this.waiter) {
        const { resolve } = this.waiter;
        this.waiter = undefined;
        resolve(message);
      } else this.inbox.push(message);
    });
    this.child.once('exit', (code, signal) => {
      this.exitError = new Error(`benchmark worker ${file} exited (${code ?? signal})`);
      this.waiter?.reject(this.exitError);
      this.waiter = undefined;
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  send(message: In): void {
    this.child.send(message as object);
  }

  /** The worker's next message. */
  next<M extends Out>(): Promise<M> {
    if (this.inbox.length > 0) return Promise.resolve(this.inbox.shift() as M);
    if (this.exitError) return Promise.reject(this.exitError);
    return new Promise((resolve, reject) => {
      this.waiter = { resolve: resolve as (message: unknown) => void, reject };
    });
  }

  /** Ends the worker (SIGTERM by PID) unless it already exited. */
  stop(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
  }
}

/** In a worker: the messages from the parent, one at a time. */
export function parentMessages<T>(): () => Promise<T> {
  const inbox: T[] = [];
  let waiting: ((message: T) => void) | undefined;
  process.on('message', (message: T) => {
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      resolve(message);
    } else inbox.push(message);
  });
  return () => (inbox.length > 0 ? Promise.resolve(inbox.shift()!) : new Promise((resolve) => { waiting = resolve; }));
}

/** In a worker: sends a message to the parent. */
export function toParent(message: object): void {
  process.send!(message);
}
