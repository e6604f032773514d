// The worker thread of `kubets up` that runs the controller manager and the scheduler (see
// controllersThread.ts). They share one informer factory, the controller manager's, so the
// thread holds one pod cache and one node cache; each still reaches the API server through the
// kubeconfig and is leader-elected on its own Lease. Told 'stop', it stops both and exits.
import { parentPort, workerData } from 'node:worker_threads';
import { setVerbosity } from '../log/index.js';
import { startControllerManager } from './controllerManager.js';
import { startScheduler } from './scheduler.js';
import type { ControllersThreadData, ControllersThreadMessage } from './controllersThread.js';

const data = workerData as ControllersThreadData;
setVerbosity(data.verbosity);
const controllers = await startControllerManager(data.kubeconfig, data.controllers);
const scheduler = await startScheduler(data.kubeconfig, { ...data.scheduler, informers: controllers.manager.informers });
for (const [name, running] of [['controller manager', controllers], ['scheduler', scheduler]] as const) {
  if (running.metrics) console.log(`kubets: ${name} metrics at ${running.metrics.url}/metrics`);
}
parentPort!.on('message', (message: ControllersThreadMessage) => {
  if (message !== 'stop') return;
  void (async () => {
    await scheduler.stop();
    await controllers.stop();
    process.exit(0); // ends this thread only, keep-alive connections and all
  })();
});
parentPort!.postMessage('started' satisfies ControllersThreadMessage);
