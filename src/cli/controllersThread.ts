// `kubets up` runs the controller manager and the scheduler in a worker thread of their own
// (controllersWorker.ts), so that they use a second core beside the API server's, as upstream's
// separate processes would. A failure in the thread is not hidden: an uncaught error there, or
// the thread ending while it should run, takes the whole process down with the error printed.
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ControllerSettings } from './controllerManager.js';
import type { SchedulerSettings } from './scheduler.js';

export interface ControllersThreadData {
  kubeconfig: string;
  controllers: ControllerSettings;
  scheduler: Omit<SchedulerSettings, 'informers'>;
  verbosity: number;
}

/** Between the threads: the worker says 'started' once both components run; the process says 'stop'. */
export type ControllersThreadMessage = 'started' | 'stop';

export interface ControllersThread {
  /** Stops the scheduler and the controller manager gracefully and waits for the thread to end. */
  stop(): Promise<void>;
}

// The worker's module sits beside this one: .js when built, .ts when run from the sources
// through tsx, whose module hooks Node 20 does not carry into workers: that worker registers
// tsx before it loads the module.
function newWorker(data: ControllersThreadData): Worker {
  const extension = extname(fileURLToPath(import.meta.url));
  const module = new URL(`./controllersWorker${extension}`, import.meta.url);
  if (extension !== '.ts') return new Worker(module, { workerData: data });
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(module.href)});`;
  return new Worker(bootstrap, { eval: true, workerData: data });
}

export async function startControllersThread(data: ControllersThreadData): Promise<ControllersThread> {
  const worker = newWorker(data);
  let stopping = false;
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', (code) => {
      if (!stopping) {
        console.error(`kubets: the controller manager and scheduler thread ended (exit code ${code}); stopping`);
        process.exit(1);
      }
      resolve();
    });
  });
  worker.on('error', (error) => {
    console.error('kubets: the controller manager and scheduler thread failed:', error);
    process.exit(1);
  });
  await new Promise<void>((resolve) => {
    worker.on('message', (message: ControllersThreadMessage) => { if (message === 'started') resolve(); });
  });
  return {
    stop: async () => {
      stopping = true;
      worker.postMessage('stop' satisfies ControllersThreadMessage);
      await exited;
    },
  };
}
